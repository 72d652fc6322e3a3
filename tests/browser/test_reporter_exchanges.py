"""The handlers' side of the conversation with a person who reported through the portal,
clicked through in a browser: the report and the person's message come in through the
portal's pages; the referent sees the unread badge, acknowledges through the portal,
reads the message and its file on the case page, answers with files; the person reads
the answer. Desktop and phone width, axe on every handler page."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Locator, Page, expect

from cases.models import Case, CaseDeadline, Category, Role, User
from tests.browser.conftest import SCREENSHOTS
from tests.people import staff
from threads.models import ReporterMessage

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PDF = b"%PDF-1.4 capture of the messages %%EOF"
NOTIFY = "alerte-anonyme@example.invalid"


def _both_widths(page: Page, shoot, axe_check, name: str) -> None:
    axe_check(page)
    shoot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    axe_check(page)
    shoot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def _exchanges(page: Page) -> Locator:
    return page.locator("section#reporter-exchanges")


def _report_through_the_portal(page: Page, entity_code: str) -> str:
    """An anonymous report typed on the portal's pages; returns the receipt code."""
    page.goto(f"/signaler/{entity_code}/signalement/")
    moral = Category.objects.get(code="harcelement-moral")
    page.locator(f'input[name="categories"][value="{moral.pk}"]').check()
    page.locator('textarea[name="what"]').fill("Des remarques humiliantes chaque semaine en TP.")
    page.locator('input[name="ongoing"][value="yes"]').check()
    page.locator('input[name="reporter_kind"][value="victim"]').check()
    page.locator('select[name="reporter_status"]').select_option("student")
    page.locator('input[name="identity"][value="anonymous"]').check()
    page.locator('input[name="preferred_contact"][value="portal"]').check()
    page.locator('input[name="notify_address"]').fill(NOTIFY)
    page.locator('form[action$="/signalement/"] button[type="submit"]').click()
    page.locator('form[action$="/verifier/"] button[type="submit"]').click()
    groups = page.locator(".code-group")
    expect(groups.first).to_be_visible()
    return " ".join(groups.all_inner_texts())


def _open_follow_up(page: Page, code: str) -> None:
    page.goto("/suivi/")
    page.locator('input[name="code"]').fill(code)
    page.locator("main form button[type=submit], form.card button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/suivi/echanges/$"))


def test_a_referent_reads_a_portal_reporters_message_and_answers_with_files(
    request, new_context, logged_in_page, shoot, axe_check, school_a, tmp_path
):
    referent: User = staff(Role.REFERENT, school_a, username="referent.a")

    # --- the person reports anonymously, then writes with a file ------------------------
    reporter = new_context().new_page()
    code = _report_through_the_portal(reporter, school_a.code)
    _open_follow_up(reporter, code)
    capture = tmp_path / "capture.pdf"
    capture.write_bytes(PDF)
    reporter.locator('textarea[name="body"]').fill("Il a recommencé hier, voici une capture.")
    reporter.locator('input[type="file"][name="files"]').set_input_files(str(capture))
    reporter.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()
    expect(reporter.get_by_text("Il a recommencé hier, voici une capture.")).to_be_visible()
    case = Case.objects.get()
    assert case.reporter_thread.unread_by_handlers == 1

    # --- the referent sees the unread message in the pool and acknowledges by the portal --
    page = logged_in_page(referent, "/inbox/")
    row = page.get_by_role("row").filter(has_text="Accuser réception")
    expect(row).to_contain_text("1 message non lu")
    _both_widths(page, shoot, axe_check, "inbox-unread")
    row.get_by_role("link").first.click()
    page.get_by_role("button", name="Prendre en charge").click()
    expect(page.get_by_label("Moyen")).to_have_value("portal")
    expect(page.get_by_label("Texte envoyé par le portail")).to_contain_text(
        "Nous accusons réception"
    )
    _both_widths(page, shoot, axe_check, "acknowledge-by-portal")
    page.get_by_role("button", name="Enregistrer et passer à l'étape suivante").click()
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    deadline = CaseDeadline.objects.get(case=case, rule="acknowledgement")
    assert deadline.met_on is not None

    # --- now in charge, the start page lists the case with its unread message -----------
    page.goto("/")
    unread = page.locator("section").filter(
        has=page.get_by_role("heading", name="Nouveaux messages des personnes ayant signalé")
    )
    expect(unread).to_contain_text(case.reference)
    expect(unread).to_contain_text("1 message non lu")
    _both_widths(page, shoot, axe_check, "home-unread")

    # --- the case page: the message, its file, and the acknowledgement -------------------
    unread.get_by_role("link", name=f"Dossier {case.reference}").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/#reporter-exchanges$"))
    exchanges = _exchanges(page)
    expect(exchanges).to_contain_text("Il a recommencé hier, voici une capture.")
    expect(exchanges).to_contain_text("Accusé de réception")
    with page.expect_download() as download:
        exchanges.get_by_role("link", name="capture.pdf").click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF
    assert "capture" not in download.value.suggested_filename
    _both_widths(page, shoot, axe_check, "case-exchanges")

    # --- the answer, with two files --------------------------------------------------
    mail.outbox.clear()
    convocation = tmp_path / "proposition.pdf"
    convocation.write_bytes(PDF)
    note = tmp_path / "numeros-utiles.txt"
    note.write_text("3919 · 17 · 112", encoding="utf-8")
    exchanges.get_by_label("Votre message").fill(
        "Merci. Nous vous proposons un entretien ; les numéros utiles sont joints."
    )
    exchanges.get_by_label("Pièces jointes (facultatif)").set_input_files(
        [str(convocation), str(note)]
    )
    exchanges.get_by_role("button", name="Envoyer le message").click()
    expect(page.get_by_role("status")).to_contain_text("Message envoyé par le portail")
    expect(_exchanges(page)).to_contain_text("Nous vous proposons un entretien")
    expect(_exchanges(page).get_by_role("link", name="numeros-utiles.txt")).to_be_visible()
    _both_widths(page, shoot, axe_check, "case-answered")
    answer = ReporterMessage.objects.get(author=referent, kind="message")
    assert answer.attachments.count() == 2
    # The notice address was told "a new message", and nothing else.
    assert [m.to for m in mail.outbox] == [[NOTIFY]]
    assert "entretien" not in mail.outbox[0].body and case.reference not in mail.outbox[0].body

    # --- the history shows the person's message as an entry without its content --------
    page.goto(f"/cases/{case.pk}/history/")
    entry = page.get_by_role("row").filter(has_text="Message de la personne ayant signalé")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("—")  # no actor: nothing about the person
    expect(page.get_by_text("Il a recommencé hier")).to_have_count(0)
    _both_widths(page, shoot, axe_check, "history")

    # --- the person reads the acknowledgement and the answer with its files -------------
    reporter.reload()
    expect(reporter.get_by_text("Nous accusons réception")).to_be_visible()
    expect(reporter.get_by_text("Nous vous proposons un entretien")).to_be_visible()
    expect(reporter.get_by_role("link", name="numeros-utiles.txt")).to_be_visible()
    # The person's page is the portal's to check (its own title and layout); looked at here.
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "-", request.node.name)
    reporter.screenshot(path=str(folder / "reporter-follow.png"), full_page=True)


def test_a_listener_answers_a_portal_question_and_hands_it_over_with_the_persons_agreement(
    new_context, logged_in_page, shoot, axe_check, school_a
):
    listener: User = staff(Role.LISTENER, school_a, username="listener.a")
    referent: User = staff(Role.REFERENT, school_a, username="referent.a")

    # --- an anonymous question through the portal ----------------------------------------
    person = new_context().new_page()
    person.goto(f"/signaler/{school_a.code}/question/")
    person.locator('textarea[name="question"]').fill(
        "Un enseignant me fait des remarques sur mon physique. Que puis-je faire ?"
    )
    person.locator("form.card button[type=submit]").click()
    groups = person.locator(".code-group")
    expect(groups.first).to_be_visible()
    code = " ".join(groups.all_inner_texts())

    # --- any listener of the entity sees it and answers from the record page --------------
    page = logged_in_page(listener, "/")
    unread = page.locator("section").filter(
        has=page.get_by_role("heading", name="Nouveaux messages des personnes ayant signalé")
    )
    expect(unread).to_contain_text("Question posée par le portail")
    page.goto("/contacts/")
    questions = page.locator("section").filter(
        has=page.get_by_role("heading", name="Questions posées par le portail")
    )
    expect(questions).to_contain_text("1 message non lu")
    _both_widths(page, shoot, axe_check, "listener-questions")
    questions.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Question posée par le portail")
    expect(page.get_by_text("Que puis-je faire ?")).to_be_visible()
    exchanges = _exchanges(page)
    exchanges.get_by_label("Votre message").fill(
        "Vous pouvez en parler à la cellule, et si vous le souhaitez faire un signalement : "
        "voulez-vous que nous le transmettions aux référent·es ?"
    )
    exchanges.get_by_role("button", name="Envoyer le message").click()
    expect(page.get_by_role("status")).to_contain_text("Message envoyé par le portail")
    _both_widths(page, shoot, axe_check, "question-answered")

    # --- the person agrees, on the portal ---------------------------------------------------
    _open_follow_up(person, code)
    expect(person.get_by_text("voulez-vous que nous le transmettions")).to_be_visible()
    person.locator('textarea[name="body"]').fill("Oui, je suis d'accord pour un signalement.")
    person.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()
    expect(person.get_by_text("Oui, je suis d'accord pour un signalement.")).to_be_visible()

    # --- the listener hands it over with that agreement: the conversation follows ----------
    page.reload()
    expect(_exchanges(page)).to_contain_text("Oui, je suis d'accord pour un signalement.")
    page.get_by_label("La personne consent à la transmission à un·e référent·e").check()
    page.get_by_role("button", name="Transmettre").click()
    expect(page.get_by_role("status")).to_contain_text("Fiche transmise aux référent·es")
    expect(page.locator("section#reporter-exchanges")).to_have_count(0)
    _both_widths(page, shoot, axe_check, "question-handed-over")
    case = Case.objects.get()
    assert case.reporter_thread.contact_id is not None

    # --- the referent who takes the report finds the whole conversation on the case --------
    desk = logged_in_page(referent, "/inbox/")
    desk.get_by_role("row").filter(has_text="Accuser réception").get_by_role("link").first.click()
    desk.get_by_role("button", name="Prendre en charge").click()
    desk.goto(f"/cases/{case.pk}/")
    conversation = _exchanges(desk)
    expect(conversation).to_contain_text("voulez-vous que nous le transmettions")
    expect(conversation).to_contain_text("Oui, je suis d'accord pour un signalement.")
    _both_widths(desk, shoot, axe_check, "case-from-question")
