"""A student's disciplinary track clicked through to the sanction: the referent records the
implicated student and the enquiry's conclusions, the director decides on a page showing the
persons, the legal directorate schedules the hearing and records the sanction pronounced
(refused first without the disciplinary body's sitting), the referent drafts the notification
letter, finalised and waiting for the director's signature; the victim is informed and the case
closed. Screenshots desktop and 390 px in var/screenshots/."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from cases.models import DisciplinaryOutcome, Role, User
from templates_legal.models import Letter
from tests.browser.test_case_journey import SUBMIT_STEP, complete_step, section, take_task
from tests.browser.test_persons_journey import (
    DESKTOP,
    PHONE,
    acknowledge,
    add_implicated_student,
    log_report,
    open_case,
)
from tests.people import staff

TODAY = timezone.localdate()


def both_widths(page: Page, shoot, axe_check, name: str) -> None:
    axe_check(page)
    shoot(page, name)
    page.set_viewport_size(PHONE)
    axe_check(page)
    shoot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def test_a_student_is_sanctioned_and_notified_through_the_pages(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    legal = staff(Role.LEGAL, school_a, username="legal.a")

    listening = logged_in_page(listener, "/intake/")
    case = log_report(listening, shoot, "Léa", "Martin", "Des messages insistants.", "discipline")
    page = logged_in_page(referent_a, "/inbox/")
    acknowledge(page, shoot, case, "discipline")
    open_case(page, case)
    add_implicated_student(page, shoot, axe_check, "discipline")
    take_task(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    page.get_by_label(
        "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
    ).check()
    page.get_by_role("checkbox", name="Harcèlement sexuel").check()
    page.get_by_role("checkbox", name="Ouvrir une enquête interne").check()
    page.get_by_role("textbox", name="Motivation", exact=True).fill("Faits précis : enquête.")
    complete_step(page, shoot, "Qualifier le signalement et décider des suites", "triage")
    take_task(page, shoot, "Suivre l'enquête interne et recevoir son rapport", "enquiry")
    page.get_by_label("Conclusions du rapport d'enquête").fill("Messages répétés établis.")
    complete_step(page, shoot, "Suivre l'enquête interne et recevoir son rapport", "enquiry")

    # The director decides, seeing who the file is about and their status.
    deciding = logged_in_page(director, "/inbox/")
    take_task(deciding, shoot, "Décider des suites de l'enquête", "decision-discipline")
    persons = section(deciding, "Personnes concernées")
    expect(persons).to_contain_text(
        "Hugo Bernard — Personne mise en cause — Élève, étudiant·e, apprenti·e"
    )
    expect(persons).to_contain_text("Léa Martin — Victime")
    deciding.get_by_role("checkbox", name="Procédure disciplinaire").check()
    deciding.get_by_role("textbox", name="Motivation", exact=True).fill("Faits graves établis.")
    both_widths(deciding, shoot, axe_check, "decision-page")
    complete_step(deciding, shoot, "Décider des suites de l'enquête", "decision-discipline")

    # The legal directorate schedules the hearing: summoned 20 days before, file open 12.
    lawyer = logged_in_page(legal, "/inbox/")
    take_task(lawyer, shoot, "Engager la procédure disciplinaire", "disciplinary")
    lawyer.get_by_label("Convocation envoyée le").fill(str(TODAY - dt.timedelta(days=20)))
    lawyer.get_by_label("Dossier consultable à partir du").fill(str(TODAY - dt.timedelta(days=12)))
    lawyer.get_by_label("Date de la séance").fill(str(TODAY))
    lawyer.get_by_label("La convocation informe la personne de son droit de se taire").check()
    lawyer.get_by_label("droit à être assistée d'un conseil").check()
    complete_step(lawyer, shoot, "Engager la procédure disciplinaire", "disciplinary")

    # Then records the sanction: refused without the body's sitting, then recorded.
    title = "Enregistrer la sanction prononcée"
    take_task(lawyer, shoot, title, "sanction")
    lawyer.get_by_label("Personne mise en cause").select_option(
        label="Hugo Bernard — Élève, étudiant·e, apprenti·e"
    )
    lawyer.get_by_label("Sanction prononcée").select_option(value="st_blame")
    lawyer.get_by_label("Décision prononcée le").fill(str(TODAY))
    lawyer.get_by_label("Motifs de la décision").fill("Messages répétés à caractère sexuel.")
    lawyer.get_by_role("button", name=SUBMIT_STEP).click()
    expect(lawyer.get_by_role("alert")).to_contain_text("instance disciplinaire")
    both_widths(lawyer, shoot, axe_check, "sanction-refused")
    lawyer.get_by_label("Instance disciplinaire consultée le").fill(str(TODAY))
    both_widths(lawyer, shoot, axe_check, "sanction-page")
    complete_step(lawyer, shoot, title, "sanction")
    outcome = DisciplinaryOutcome.objects.get(case=case)
    assert (outcome.sanction, outcome.pronounced_on) == ("st_blame", TODAY)

    # The referent, who now informs the victim, drafts the notification of the decision.
    take_task(page, shoot, "Informer la personne des suites données", "feedback-discipline")
    open_case(page, case)
    section(page, "Courriers").get_by_role("link", name="Préparer un courrier").click()
    page.get_by_label(re.compile(r"^Courrier")).select_option(
        label="Notification de la décision disciplinaire"
    )
    page.get_by_role("button", name="Créer le brouillon").click()
    preview = section(page, "Aperçu")
    expect(preview).to_contain_text("Blâme")
    expect(preview).to_contain_text("Messages répétés à caractère sexuel.")
    for label, value in (
        ("Adresse postale de la personne destinataire", "1 rue de l'École, 42000 Saint-Étienne"),
        ("Tribunal administratif compétent pour un recours", "tribunal administratif de Lyon"),
    ):
        field = page.get_by_label(label)
        if field.count() and not field.input_value():
            field.fill(value)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré.")
    both_widths(page, shoot, axe_check, "notification-draft")
    page.get_by_label("Je confirme : le courrier reçoit un numéro du registre").check()
    page.get_by_role("button", name="Finaliser et enregistrer au registre").click()
    letter = Letter.objects.get(case=case, kind="disciplinary_decision")
    expect(page.get_by_role("status")).to_contain_text(letter.register_number)

    # Finalised, it waits for the director who decided, asked to sign it: the PDF, the
    # copy to send, is made at signature (tests/browser/test_signature_pages.py signs it).
    letter.refresh_from_db()
    assert letter.status == Letter.Status.FINAL and letter.signatory == director
    assert letter.pdf_status == Letter.PdfStatus.NONE
    both_widths(page, shoot, axe_check, "notification-final")

    # The victim is informed of what the law allows, then the case is closed.
    take_task(page, shoot, "Informer la personne des suites données", "feedback-discipline")
    page.get_by_role("combobox", name="Moyen", exact=True).select_option(label="Courrier")
    page.get_by_label("Ce qui a été communiqué").fill(
        f"Une procédure disciplinaire a été menée ; une sanction a été prononcée le "
        f"{date_format(TODAY, 'DATE_FORMAT')}."
    )
    complete_step(page, shoot, "Informer la personne des suites données", "feedback-discipline")
    take_task(page, shoot, "Clore le dossier", "closure-discipline")
    page.get_by_label("Motif de clôture").select_option(label="Procédure terminée")
    complete_step(page, shoot, "Clore le dossier", "closure-discipline")
