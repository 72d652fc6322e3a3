"""Signing letters through the pages, with the real PDF (LibreOffice) read back by pdftotext.

1. The entity administrator gives the referent their title on the account page; the
   referent in charge drafts, finalises and signs the acknowledgement the day the report
   arrives (inside the 7 working days of décret n° 2022-1284, art. 4): the PDF's
   signature block names the referent with that title, and the register agrees.
2. The director signs the notification of a sanction after the sanction step, the letter
   having asked for them: the case is theirs to read while it waits, no longer once signed.

Screenshots of the letter page in each state, desktop and 390 px, in var/screenshots/;
the PDFs are rendered to PNG there too (pdftoppm -r 60).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import CaseGrant, Role, User
from templates_legal.models import Letter
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_case_journey import SUBMIT_STEP, complete_step, section, take_task
from tests.browser.test_persons_journey import (
    DESKTOP,
    PHONE,
    add_implicated_student,
    log_report,
    open_case,
)
from tests.people import staff
from workflows.deadlines import acknowledgement_deadline

TODAY = timezone.localdate()

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftotext"),
    reason="the signed PDF is made by LibreOffice and read back by pdftotext",
)


def both_widths(page: Page, shoot, axe_check, name: str) -> None:
    axe_check(page)
    shoot(page, name)
    page.set_viewport_size(PHONE)
    axe_check(page)
    shoot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def pdf_text(letter: Letter, name: str) -> str:
    """The signed PDF's text; the PDF and its first page as PNG kept for looking at."""
    path = SCREENSHOTS / f"{name}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(letter.pdf))
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path), str(SCREENSHOTS / name)],  # noqa: S607
        check=True,
        timeout=60,
    )
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    ).stdout
    return " ".join(text.split())


def _facts(page: Page):
    return section(page, "Suivi")


def test_the_referent_signs_the_acknowledgement_within_the_7_working_days_with_their_title(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    admin = staff(Role.ENTITY_ADMIN, school_a, username="admin.a")
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    referent_a.first_name, referent_a.last_name = "Nadia", "Référente"
    referent_a.save(update_fields=["first_name", "last_name"])

    # The administrator sets the referent's title on the account page.
    administering = logged_in_page(admin, f"/entities/{school_a.code}/accounts/{referent_a.pk}/")
    administering.get_by_label("Fonction", exact=True).fill("Référente égalité")
    administering.get_by_role("button", name="Enregistrer la fonction").click()
    expect(administering.get_by_role("status")).to_contain_text("Fonction enregistrée.")
    both_widths(administering, shoot, axe_check, "account-title")

    listening = logged_in_page(listener, "/intake/")
    case = log_report(listening, shoot, "Léa", "Martin", "Des messages insistants.", "sign")

    # The referent takes the acknowledgement and drafts the letter from the case page.
    page = logged_in_page(referent_a, "/inbox/")
    take_task(page, shoot, "Accuser réception du signalement", "sign-ack")
    open_case(page, case)
    section(page, "Courriers").get_by_role("link", name="Préparer un courrier").click()
    page.get_by_label(re.compile(r"^Courrier")).select_option(
        label="Accusé de réception du signalement"
    )
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(section(page, "Aperçu")).to_contain_text("Nadia Référente")
    expect(section(page, "Aperçu")).to_contain_text("Référente égalité")
    expect(_facts(page)).to_contain_text("produit à la signature")
    both_widths(page, shoot, axe_check, "letter-state-draft")

    # Finalised: the referent is the proposed signatory; nothing says the PDF is there.
    expect(page.get_by_label("Personne qui signera")).to_have_value(str(referent_a.pk))
    page.get_by_label("Je confirme : le courrier reçoit un numéro du registre").check()
    page.get_by_role("button", name="Finaliser et enregistrer au registre").click()
    letter = Letter.objects.get(case=case)
    expect(page.get_by_role("status")).to_contain_text(letter.register_number)
    facts = _facts(page)
    expect(facts).to_contain_text("en attente de la signature de Nadia Référente")
    expect(facts).to_contain_text("produit à la signature")
    expect(facts).not_to_contain_text("Disponible")
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_have_count(0)
    both_widths(page, shoot, axe_check, "letter-state-final")

    # Signed by the referent, the PDF is made and can be downloaded.
    page.get_by_label("Je confirme avoir relu la version finale").check()
    page.get_by_role("button", name="Signer le courrier").click()
    expect(page.get_by_role("status")).to_contain_text("Signature enregistrée")
    facts = _facts(page)
    expect(facts).to_contain_text("Nadia Référente, Référente égalité")
    expect(facts).to_contain_text("Disponible")
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_be_visible()
    both_widths(page, shoot, axe_check, "letter-state-signed")

    letter.refresh_from_db()
    assert letter.status == Letter.Status.SIGNED and letter.signed_by == referent_a
    due = acknowledgement_deadline(TODAY, alsace_moselle=school_a.alsace_moselle).due
    assert letter.signed_at is not None and timezone.localdate(letter.signed_at) <= due
    text = pdf_text(letter, "signature-acknowledgement")
    assert "Nadia Référente" in text and "Référente égalité" in text
    assert case.reference in text

    # The register names the same person and title as the PDF.
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    reading = logged_in_page(legal, f"/letters/register/{school_a.code}/")
    row = reading.get_by_role("row").filter(has_text=letter.register_number)
    expect(row).to_contain_text("Nadia Référente")
    expect(row).to_contain_text("Référente égalité")
    both_widths(reading, shoot, axe_check, "register-signer")


def test_the_director_signs_the_sanction_notification_after_the_sanction_step(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    director.first_name, director.last_name, director.title = (
        "Claire",
        "Directrice",
        "Directrice de l'école",
    )
    director.save(update_fields=["first_name", "last_name", "title"])
    legal = staff(Role.LEGAL, school_a, username="legal.a")

    listening = logged_in_page(listener, "/intake/")
    case = log_report(listening, shoot, "Léa", "Martin", "Des messages insistants.", "sign-d")
    page = logged_in_page(referent_a, "/inbox/")
    title = "Accuser réception du signalement"
    take_task(page, shoot, title, "sign-d-ack")
    page.get_by_role("combobox", name="Moyen", exact=True).select_option(label="Courriel")
    complete_step(page, shoot, title, "sign-d-ack")
    open_case(page, case)
    add_implicated_student(page, shoot, axe_check, "sign-d")
    take_task(page, shoot, "Qualifier le signalement et décider des suites", "sign-d-triage")
    page.get_by_label(
        "Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"
    ).check()
    page.get_by_role("checkbox", name="Harcèlement sexuel").check()
    page.get_by_role("checkbox", name="Ouvrir une enquête interne").check()
    page.get_by_role("textbox", name="Motivation", exact=True).fill("Faits précis : enquête.")
    complete_step(page, shoot, "Qualifier le signalement et décider des suites", "sign-d-triage")
    take_task(page, shoot, "Suivre l'enquête interne et recevoir son rapport", "sign-d-enq")
    page.get_by_label("Conclusions du rapport d'enquête").fill("Messages répétés établis.")
    complete_step(page, shoot, "Suivre l'enquête interne et recevoir son rapport", "sign-d-enq")

    deciding = logged_in_page(director, "/inbox/")
    take_task(deciding, shoot, "Décider des suites de l'enquête", "sign-d-decision")
    deciding.get_by_role("checkbox", name="Procédure disciplinaire").check()
    deciding.get_by_role("textbox", name="Motivation", exact=True).fill("Faits graves établis.")
    complete_step(deciding, shoot, "Décider des suites de l'enquête", "sign-d-decision")

    lawyer = logged_in_page(legal, "/inbox/")
    take_task(lawyer, shoot, "Engager la procédure disciplinaire", "sign-d-disc")
    lawyer.get_by_label("Convocation envoyée le").fill(str(TODAY - dt.timedelta(days=20)))
    lawyer.get_by_label("Dossier consultable à partir du").fill(str(TODAY - dt.timedelta(days=12)))
    lawyer.get_by_label("Date de la séance").fill(str(TODAY))
    lawyer.get_by_label("La convocation informe la personne de son droit de se taire").check()
    lawyer.get_by_label("droit à être assistée d'un conseil").check()
    complete_step(lawyer, shoot, "Engager la procédure disciplinaire", "sign-d-disc")
    step = "Enregistrer la sanction prononcée"
    take_task(lawyer, shoot, step, "sign-d-sanction")
    lawyer.get_by_label("Personne mise en cause").select_option(
        label="Hugo Bernard — Élève, étudiant·e, apprenti·e"
    )
    lawyer.get_by_label("Sanction prononcée").select_option(value="st_blame")
    lawyer.get_by_label("Décision prononcée le").fill(str(TODAY))
    lawyer.get_by_label("Instance disciplinaire consultée le").fill(str(TODAY))
    lawyer.get_by_label("Motifs de la décision").fill("Messages répétés à caractère sexuel.")
    lawyer.get_by_role("button", name=SUBMIT_STEP).click()
    expect(lawyer.get_by_role("status")).to_contain_text(f"Étape enregistrée : {step}.")

    # The director's step is long done: the case is no longer theirs.
    assert not CaseGrant.objects.filter(user=director, content_object=case).exists()

    # The referent drafts the notification; the director who decided is asked to sign.
    take_task(page, shoot, "Informer la personne des suites données", "sign-d-feedback")
    open_case(page, case)
    section(page, "Courriers").get_by_role("link", name="Préparer un courrier").click()
    page.get_by_label(re.compile(r"^Courrier")).select_option(
        label="Notification de la décision disciplinaire"
    )
    page.get_by_role("button", name="Créer le brouillon").click()
    page.get_by_label("Adresse postale de la personne destinataire").fill(
        "1 rue de l'École, 42000 Saint-Étienne"
    )
    page.get_by_label("Tribunal administratif compétent pour un recours").fill(
        "tribunal administratif de Lyon"
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré.")
    expect(page.get_by_label("Personne qui signera")).to_have_value(str(director.pk))
    page.get_by_label("Je confirme : le courrier reçoit un numéro du registre").check()
    page.get_by_role("button", name="Finaliser et enregistrer au registre").click()
    letter = Letter.objects.get(case=case, kind="disciplinary_decision")
    expect(page.get_by_role("status")).to_contain_text(letter.register_number)
    expect(_facts(page)).to_contain_text("en attente de la signature de Claire Directrice")
    # The referent may not sign a notification: only the direction.
    expect(page.get_by_role("button", name="Signer le courrier")).to_have_count(0)

    # The director, asked to sign, reaches the case and the letter from their case list.
    signing = logged_in_page(director, "/inbox/")
    open_case(signing, case)
    section(signing, "Courriers").get_by_role(
        "link", name=re.compile("Notification de la décision disciplinaire")
    ).first.click()
    expect(_facts(signing)).to_contain_text("produit à la signature")
    both_widths(signing, shoot, axe_check, "notification-to-sign")
    signing.get_by_label("Je confirme avoir relu la version finale").check()
    signing.get_by_role("button", name="Signer le courrier").click()
    expect(signing.get_by_role("status")).to_contain_text("Signature enregistrée")
    # Signing was their last reason to hold the case: back to the register, where the
    # letter they signed stays theirs to download, the case itself no longer.
    expect(signing).to_have_url(re.compile(rf"/letters/register/{school_a.code}/$"))
    row = signing.get_by_role("row").filter(has_text=letter.register_number)
    expect(row).to_contain_text("Claire Directrice")
    expect(row).to_contain_text("Directrice de l'école")
    expect(row.get_by_role("link", name="PDF")).to_be_visible()
    both_widths(signing, shoot, axe_check, "notification-signed-register")
    assert signing.goto(f"/cases/{case.pk}/letters/{letter.pk}/").status == 404

    letter.refresh_from_db()
    text = pdf_text(letter, "signature-notification")
    assert "Claire Directrice" in text and "Directrice de l'école" in text
    assert "Blâme" in text
    # Signed: the reason to hold the case is over.
    assert not CaseGrant.objects.filter(user=director, content_object=case).exists()
    assert Path(SCREENSHOTS / "signature-notification-1.png").exists()
