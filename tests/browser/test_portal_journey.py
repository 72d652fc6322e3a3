"""The reporting person's whole path with JavaScript disabled (Tor Browser's safest mode):
choose the school, read what happens, report anonymously, fix a mistake, review, send,
keep the code; come back with it, read the referents' answer, answer, add a file. A
question to the listening cell too. Desktop and phone width, axe on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cases.models import Case, CaseDeadline, Contact, Role, User
from tests.people import staff
from threads.models import ReporterMessage

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def no_js_page(browser: Browser, live_server, transactional_db, browser_console) -> Iterator[Page]:
    """An anonymous tab with JavaScript disabled: every page must work without it."""
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=DESKTOP, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    context.on("console", browser_console.record)
    yield context.new_page()
    context.close()


@pytest.fixture
def mirror(new_context) -> Page:
    """A tab with JavaScript, where the checks run on a copy of the no-JS page.

    axe-core and the page checks are scripts: in a tab with JavaScript disabled their
    promises never settle. The copy is the same HTML on the same origin (so the same
    style sheet and CSP), taken after each step of the journey, which a POST answer
    (review, receipt) could not be by loading its URL again.
    """
    tab = new_context().new_page()
    return tab


def _both_widths(page: Page, mirror: Page, shoot, axe_check, name: str) -> None:
    mirror.goto("/signaler/")
    mirror.set_content(page.content())
    axe_check(mirror)
    shoot(mirror, f"{name}-desktop")
    mirror.set_viewport_size(PHONE)
    shoot(mirror, f"{name}-phone")
    mirror.set_viewport_size(DESKTOP)


def test_an_anonymous_person_reports_and_follows_up_without_javascript(
    no_js_page: Page, mirror: Page, logged_in_page, shoot, axe_check, school_a, tmp_path: Path
):
    referent: User = staff(Role.REFERENT, school_a, username="referent.portal")
    page = no_js_page
    page.goto("/signaler/")
    _both_widths(page, mirror, shoot, axe_check, "group")
    page.get_by_role("link", name=school_a.name).click()
    expect(page.get_by_role("heading", name="Qui lira votre signalement")).to_be_visible()
    expect(page.get_by_text("3919")).to_be_visible()
    _both_widths(page, mirror, shoot, axe_check, "entity")

    page.get_by_role("link", name="Faire un signalement").click()
    page.get_by_role("textbox", name="Ce qui s'est passé").fill(
        "Des remarques humiliantes chaque semaine en TP."
    )
    page.get_by_label("Où ? (facultatif)").fill("Salle B12")
    page.get_by_role("group", name="Les faits se poursuivent-ils ?").get_by_label("Oui").check()
    page.get_by_label("Victime", exact=True).check()
    page.get_by_label("Votre situation dans l'établissement").select_option(
        label="Élève, étudiant·e, apprenti·e"
    )
    page.get_by_label("Je reste anonyme").check()
    # Forgot the category: the page says so and keeps everything typed.
    page.get_by_role("button", name="Relire avant d'envoyer").click()
    expect(page.get_by_text("Cochez au moins une case.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Ce qui s'est passé")).to_have_value(
        "Des remarques humiliantes chaque semaine en TP."
    )
    _both_widths(page, mirror, shoot, axe_check, "form-error")
    page.get_by_role("checkbox", name=re.compile(r"^Harcèlement moral")).check()
    page.get_by_role("button", name="Relire avant d'envoyer").click()

    expect(page.get_by_role("heading", name="Relisez votre signalement")).to_be_visible()
    expect(page.get_by_text("Salle B12")).to_be_visible()
    _both_widths(page, mirror, shoot, axe_check, "review")
    assert not Case.objects.exists()
    proof = tmp_path / "capture.pdf"
    proof.write_bytes(b"%PDF-1.4 capture %%EOF")
    page.get_by_label("Joindre des fichiers (facultatif)").set_input_files(str(proof))
    page.get_by_role("button", name="Envoyer le signalement").click()

    expect(page.get_by_role("heading", name="Votre signalement est envoyé")).to_be_visible()
    code = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"([0-9A-Z]{4} ){4}[0-9A-Z]{4}", code.strip())
    _both_widths(page, mirror, shoot, axe_check, "receipt")

    # The referent acknowledges through the portal from the inbox (the clock is met).
    case = Case.objects.get()
    handler = logged_in_page(referent, "/inbox/")
    handler.get_by_role("row").filter(has_text="Accuser réception").get_by_role(
        "link"
    ).first.click()
    handler.get_by_role("button", name="Prendre en charge").click()
    expect(handler.get_by_label("Moyen")).to_have_value("portal")
    handler.get_by_role("button", name="Enregistrer et passer à l'étape suivante").click()
    expect(handler).to_have_url(re.compile(r"/inbox/$"))
    assert CaseDeadline.objects.get(case=case, rule="acknowledgement").met_on is not None

    # Back with the code, in a new session.
    page.goto("/signaler/")
    page.get_by_role("link", name="Suivre mon signalement").first.click()
    page.get_by_label("Votre code de suivi").fill(code.lower().replace(" ", ""))
    page.get_by_role("button", name="Ouvrir").click()
    expect(page.get_by_role("heading", name=re.compile("Mon signalement"))).to_be_visible()
    expect(page.get_by_text("Nous accusons réception de votre signalement.")).to_be_visible()
    acknowledgement = page.get_by_role("listitem").filter(has_text="Accusé de réception écrit")
    expect(acknowledgement).to_contain_text("Fait le")
    expect(page.get_by_role("link", name="capture.pdf")).to_be_visible()
    _both_widths(page, mirror, shoot, axe_check, "follow")

    page.get_by_label("Votre message ou vos informations complémentaires").fill(
        "Cela s'est reproduit hier."
    )
    more = tmp_path / "notes.txt"
    more.write_text("Notes prises le soir même.")
    page.get_by_label("Fichiers (facultatif)").set_input_files(str(more))
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_text("Votre message a été envoyé.")).to_be_visible()
    expect(page.get_by_text("Cela s'est reproduit hier.")).to_be_visible()
    expect(page.get_by_role("link", name="notes.txt")).to_be_visible()
    _both_widths(page, mirror, shoot, axe_check, "answered")
    answer = ReporterMessage.objects.filter(author_kind="reporter").latest("created_at")
    assert answer.body == "Cela s'est reproduit hier." and answer.attachments.count() == 1

    page.get_by_role("button", name="Quitter").click()
    page.goto("/suivi/echanges/")
    expect(page).to_have_url(re.compile(r"/suivi/$"))
    page.get_by_label("Votre code de suivi").fill("ZZZZ ZZZZ ZZZZ ZZZZ ZZZZ")
    page.get_by_role("button", name="Ouvrir").click()
    expect(page.get_by_text("Ce code ne correspond à aucun signalement.")).to_be_visible()
    _both_widths(page, mirror, shoot, axe_check, "wrong-code")


def test_a_question_to_the_listening_cell_gets_its_code_without_javascript(
    no_js_page: Page, mirror: Page, shoot, axe_check, school_a
):
    page = no_js_page
    page.goto(f"/signaler/{school_a.code}/")
    page.get_by_role("link", name="Poser une question").click()
    _both_widths(page, mirror, shoot, axe_check, "question")
    page.get_by_label("Votre question").fill("Puis-je en parler sans être nommée ?")
    page.get_by_role("button", name="Envoyer la question").click()
    expect(page.get_by_role("heading", name="Votre question est envoyée")).to_be_visible()
    code = page.locator("#receipt-code").inner_text()
    _both_widths(page, mirror, shoot, axe_check, "question-receipt")
    assert Contact.objects.get().case is None
    page.goto("/suivi/")
    page.get_by_label("Votre code de suivi").fill(code)
    page.get_by_role("button", name="Ouvrir").click()
    expect(page.get_by_text("Votre question a été reçue par la cellule d'écoute.")).to_be_visible()
    _both_widths(page, mirror, shoot, axe_check, "question-follow")
