"""The legal clocks a referent meets from the case page (issue #15), clicked through in a
browser: a meeting asked for after intake, proposed and held (the meeting deadline shown
met), interim feedback, then final feedback and closure of a report with no further
action; and an enquiry longer than three months whose feedback clock interim feedback
met. In the first, the referent drafts, finalises and signs the three letters to the person
(acknowledgement, interim and final information), read back from their PDFs. Screenshots
at desktop and phone width in var/screenshots/, each letter's first page as a PNG."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cases.models import Acknowledgement, Case, CaseDeadline, Contact, Feedback, Role, User
from templates_legal.models import Letter
from tests.browser.letters import CONFIRM_FINAL, draft_from_case_page
from tests.browser.test_case_journey import complete_step, take_task
from tests.browser.test_persons_journey import add_implicated_student
from tests.browser.test_signature_pages import pdf_text
from tests.people import staff

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def section(page: Page, heading: str) -> Locator:
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def both_widths(page: Page, shoot, axe_check, name: str) -> None:
    """Check and shoot the page at desktop width, then at 390 px, then back."""
    axe_check(page)
    shoot(page, name)
    page.set_viewport_size(PHONE)
    shoot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def intake_page(page: Page, shoot, name: tuple[str, str] | None = None) -> Case:
    """The listener logs a phone call; the person consents to a referent being told."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau premier contact")
    page.get_by_label("Canal").select_option(label="Téléphone")
    page.get_by_label("La personne qui prend contact est").select_option(label="Victime")
    page.get_by_label("Son statut").select_option(label="Élève, étudiant·e, apprenti·e")
    if name is not None:
        page.get_by_label("Prénom (facultatif)").fill(name[0])
        page.get_by_label("Nom (facultatif)", exact=True).fill(name[1])
    page.get_by_label("Harcèlement sexuel").check()
    page.get_by_role("textbox", name="Récit", exact=True).fill(
        "Des remarques déplacées répétées pendant les travaux pratiques."
    )
    page.get_by_label("La personne consent à la transmission à un·e référent·e").check()
    shoot(page, "intake")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/contacts/$"))
    return Case.objects.get()


def acknowledge(page: Page, shoot) -> None:
    take_task(page, shoot, "Accuser réception du signalement", "acknowledge")
    page.get_by_role("combobox", name="Moyen", exact=True).select_option(label="Courriel")
    complete_step(page, shoot, "Accuser réception du signalement", "acknowledge")


def open_case(page: Page, case: Case) -> None:
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mes dossiers"
    ).click()
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {case.reference}")


def give_interim_feedback(page: Page, shoot, axe_check, summary: str) -> None:
    meetings = section(page, "Entretiens et informations à la personne")
    meetings.get_by_role("link", name="Donner une information d'étape").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Information d'étape à la personne")
    # Nothing typed: a clear error tied to the field, nothing stored.
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#id_summary_error")).to_be_visible()
    page.get_by_role("combobox", name="Moyen").select_option(label="Courriel")
    page.get_by_label("Ce qui a été fait et ce qui est prévu").fill(summary)
    both_widths(page, shoot, axe_check, "interim-feedback")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Information d'étape enregistrée.")


def move_back(case: Case, by: dt.timedelta) -> None:
    """Time passes: every date of the case's clocks moves ``by`` into the past."""
    contact = Contact.objects.get(case=case)
    contact.contacted_on -= by
    contact.save(update_fields=["contacted_on"])
    Acknowledgement.objects.filter(case=case).update(sent_on=F("sent_on") - by)
    Feedback.objects.filter(case=case).update(sent_on=F("sent_on") - by)
    for deadline in CaseDeadline.objects.filter(case=case):
        deadline.start_on -= by
        deadline.due_on -= by
        deadline.met_on = deadline.met_on - by if deadline.met_on else None
        deadline.save(update_fields=["start_on", "due_on", "met_on"])


def sign_letter(page: Page, shoot, axe_check, letter: Letter, signer: str, name: str) -> str:
    """On a finalised letter's page: the signer signs it; the PDF's text, its page looked at."""
    facts = section(page, "Suivi")
    expect(facts).to_contain_text(f"en attente de la signature de {signer}")
    expect(facts).not_to_contain_text("Disponible")
    both_widths(page, shoot, axe_check, f"{name}-final")
    # At 390 px the letterhead's columns stack: side by side they broke words mid-way.
    page.set_viewport_size(PHONE)
    sender = page.locator(".letter-preview .letter-table td").first.bounding_box()
    assert sender is not None and sender["width"] > 250, sender
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Je confirme avoir relu la version finale").check()
    page.get_by_role("button", name="Signer le courrier").click(timeout=60_000)
    expect(page.get_by_role("status")).to_contain_text("Signature enregistrée", timeout=60_000)
    expect(section(page, "Suivi")).to_contain_text("Disponible")
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_be_visible()
    both_widths(page, shoot, axe_check, f"{name}-signed")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SIGNED, letter.status
    return pdf_text(letter, name)


def draft_and_finalise(page: Page, case: Case, kind: str, signatory: User) -> Letter:
    """On a new draft's page: saved, finalised for the proposed signatory; the letter."""
    expect(section(page, "Aperçu")).to_be_visible()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré.")
    expect(page.get_by_label("Personne qui signera")).to_have_value(str(signatory.pk))
    page.get_by_label(CONFIRM_FINAL).check()
    page.get_by_role("button", name="Finaliser et enregistrer au registre").click()
    expect(page.get_by_role("status")).to_contain_text("enregistré au registre")
    letter = Letter.objects.filter(case=case, kind=kind).order_by("-created_at").first()
    assert letter is not None and letter.status == Letter.Status.FINAL, letter
    expect(page.get_by_role("status")).to_contain_text(letter.register_number)
    # Finalised, not signed: the PDF is not there yet, and nothing says it is.
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_have_count(0)
    return letter


def test_a_meeting_asked_after_intake_is_held_in_time_and_the_person_kept_informed(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    """Journey (1) of issue #15: no further action, with a meeting held, interim and final
    feedback, and the three letters to the person signed by the referent as PDFs."""
    admin = staff(Role.ENTITY_ADMIN, school_a, username="admin.a")
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    referent_a.first_name, referent_a.last_name = "Camille", "Référente"
    referent_a.save(update_fields=["first_name", "last_name"])
    administering = logged_in_page(admin, f"/entities/{school_a.code}/accounts/{referent_a.pk}/")
    administering.get_by_label("Fonction", exact=True).fill("Référente égalité")
    administering.get_by_role("button", name="Enregistrer la fonction").click()
    expect(administering.get_by_role("status")).to_contain_text("Fonction enregistrée.")
    signer = "Camille Référente"

    case = intake_page(logged_in_page(listener, "/intake/"), shoot, ("Léa", "Martin"))

    # The referent drafts, finalises and signs the acknowledgement, then records it sent.
    page = logged_in_page(referent_a, "/inbox/")
    take_task(page, shoot, "Accuser réception du signalement", "acknowledge")
    draft_from_case_page(page, case, "Accusé de réception du signalement")
    expect(section(page, "Aperçu")).to_contain_text("Référente égalité")
    acknowledgement = draft_and_finalise(page, case, "acknowledgement", referent_a)
    texts = {
        "acknowledgement": sign_letter(
            page, shoot, axe_check, acknowledgement, signer, "journey1-acknowledgement"
        )
    }
    acknowledge(page, shoot)

    # The person implicated is named in the file: confidential, never in the person's letters.
    open_case(page, case)
    add_implicated_student(page, shoot, axe_check, "journey1")

    # Days after intake, the person asks for a meeting: the referent records it.
    open_case(page, case)
    meetings = section(page, "Entretiens et informations à la personne")
    both_widths(page, shoot, axe_check, "case-before-meeting")
    meetings.get_by_role("link", name="Enregistrer une demande d'entretien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demande d'entretien")
    both_widths(page, shoot, axe_check, "meeting-request")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Demande d'entretien enregistrée")
    deadlines = section(page, "Échéances")
    expect(
        deadlines.get_by_role("row").filter(has_text="Rencontre ou visioconférence")
    ).to_contain_text("à venir")

    # The referent proposes a video call for today.
    today = timezone.localdate()
    meetings = section(page, "Entretiens et informations à la personne")
    meetings.get_by_role("link", name="Proposer une date").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer un entretien")
    page.get_by_label("Entretien proposé pour le").fill(today.isoformat())
    page.get_by_label("Modalité").select_option(label="En visioconférence")
    both_widths(page, shoot, axe_check, "meeting-propose")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Entretien proposé.")
    expect(section(page, "Entretiens et informations à la personne")).to_contain_text(
        "En visioconférence"
    )

    # Held: who attended for the institution; the meeting deadline is met.
    section(page, "Entretiens et informations à la personne").get_by_role(
        "link", name="Noter l'entretien comme tenu"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entretien tenu")
    page.get_by_label("Présent·es pour l'établissement").fill("Camille Référente, référente")
    page.get_by_label("Notes (facultatives)").fill(
        "La personne souhaite être informée par courriel."
    )
    both_widths(page, shoot, axe_check, "meeting-held")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("l'échéance est respectée")
    expect(
        section(page, "Échéances")
        .get_by_role("row")
        .filter(has_text="Rencontre ou visioconférence")
    ).to_contain_text("respectée")
    expect(section(page, "Entretiens et informations à la personne")).to_contain_text("tenu le")

    # Interim feedback: the 3-month clock is met.
    give_interim_feedback(
        page, shoot, axe_check, "Un entretien a eu lieu ; le dossier est examiné."
    )
    expect(
        section(page, "Échéances").get_by_role("row").filter(has_text="Information écrite")
    ).to_contain_text("respectée")
    both_widths(page, shoot, axe_check, "case-after-interim")

    # The interim information as a letter, its text the summary just recorded.
    section(page, "Entretiens et informations à la personne").get_by_role(
        "link", name="Préparer le courrier d'information d'étape"
    ).click()
    page.get_by_role("button", name="Créer le brouillon").click()
    interim = draft_and_finalise(page, case, "interim_feedback", referent_a)
    texts["interim_feedback"] = sign_letter(
        page, shoot, axe_check, interim, signer, "journey1-interim-feedback"
    )
    assert "Un entretien a eu lieu ; le dossier est examiné." in texts["interim_feedback"]
    assert "3919 — Violences Femmes Info 119" in texts["interim_feedback"]  # each number once

    # No further action: triage closes with orientation, final feedback, closure.
    take_task(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    page.get_by_label(
        "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
    ).check()
    page.get_by_role("checkbox", name="Harcèlement sexuel").check()
    page.get_by_role("checkbox", name="Clore avec orientation").check()
    page.get_by_role("textbox", name="Motivation", exact=True).fill(
        "Faits isolés, la personne est orientée ; pas d'enquête."
    )
    complete_step(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    take_task(page, shoot, "Informer la personne des suites données", "feedback")
    page.get_by_role("combobox", name="Moyen", exact=True).select_option(label="Courrier")
    page.get_by_label("Ce qui a été communiqué").fill("Pas d'autre suite ; orientation proposée.")
    complete_step(page, shoot, "Informer la personne des suites données", "feedback")
    draft_from_case_page(
        page, case, "Information finale de la personne ayant signalé sur les suites"
    )
    final = draft_and_finalise(page, case, "follow_up_information", referent_a)
    texts["follow_up_information"] = sign_letter(
        page, shoot, axe_check, final, signer, "journey1-final-feedback"
    )
    assert "Pas d'autre suite ; orientation proposée." in texts["follow_up_information"]
    take_task(page, shoot, "Clore le dossier", "closure")
    page.get_by_label("Motif de clôture").select_option(label="Classement sans suite")
    complete_step(page, shoot, "Clore le dossier", "closure")

    open_case(page, case)
    informed = section(page, "Entretiens et informations à la personne")
    expect(informed).to_contain_text("Information d'étape")
    expect(informed).to_contain_text("Information finale")
    expect(informed.get_by_role("link")).to_have_count(0)  # a closed case takes no new action
    letters = section(page, "Courriers").get_by_role("row").filter(has_text="Signé")
    expect(letters).to_have_count(3)
    expect(letters.filter(has_text="par Camille Référente")).to_have_count(3)
    both_widths(page, shoot, axe_check, "case-closed")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert CaseDeadline.objects.get(case=case, rule="meeting").met_on == today

    # Each letter names the case, the person and the referent who signed with their title;
    # none names the person implicated (loi n° 2016-1691, art. 9).
    for kind, text in texts.items():
        assert case.reference in text, kind
        assert "Léa Martin" in text, kind
        assert signer in text and "Référente égalité" in text, kind
        assert "Bernard" not in text and "Hugo" not in text, kind
    signed = Letter.objects.filter(case=case, status=Letter.Status.SIGNED)
    assert {letter.kind for letter in signed} == set(texts)
    assert {letter.signed_by for letter in signed} == {referent_a}


def test_an_enquiry_longer_than_three_months_meets_the_feedback_clock_by_interim_feedback(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    case = intake_page(logged_in_page(listener, "/intake/"), shoot)
    page = logged_in_page(referent_a, "/inbox/")
    acknowledge(page, shoot)
    take_task(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    page.get_by_label(
        "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
    ).check()
    page.get_by_role("checkbox", name="Harcèlement sexuel").check()
    page.get_by_role("checkbox", name="Ouvrir une enquête interne").check()
    page.get_by_role("textbox", name="Motivation", exact=True).fill("Faits répétés : enquête.")
    complete_step(page, shoot, "Qualifier le signalement et décider des suites", "triage")

    # Two months later, the enquiry still running, the referent gives interim feedback. The
    # passing of time is the only thing not done through the pages: the report, its
    # acknowledgement and the case's deadlines are moved back in the database.
    move_back(case, dt.timedelta(days=60))
    open_case(page, case)
    feedback_row = (
        section(page, "Échéances").get_by_role("row").filter(has_text="Information écrite")
    )
    expect(feedback_row).to_contain_text("à venir")
    give_interim_feedback(page, shoot, axe_check, "L'enquête interne est en cours.")
    given_on = timezone.localdate()

    # More than three months after the acknowledgement, the enquiry still runs: the feedback
    # clock stays met by the interim feedback, on the day it was given.
    move_back(case, dt.timedelta(days=45))
    feedback = CaseDeadline.objects.get(case=case, rule="feedback")
    assert feedback.due_on < timezone.localdate()
    open_case(page, case)
    feedback_row = (
        section(page, "Échéances").get_by_role("row").filter(has_text="Information écrite")
    )
    expect(feedback_row).to_contain_text("respectée")
    expect(feedback_row).not_to_contain_text("dépassée")
    enquiry_row = (
        section(page, "Échéances")
        .get_by_role("row")
        .filter(has_text="Remise du rapport d'enquête interne")
    )
    expect(enquiry_row).not_to_contain_text("respectée")  # the enquiry still runs
    both_widths(page, shoot, axe_check, "case-long-enquiry")
    assert feedback.met_on == given_on - dt.timedelta(days=45) <= feedback.due_on
