"""Protection fonctionnelle and precautionary suspension, clicked through the pages only.

The listener logs a report; the referent, on the case page, gives the victim her staff
status and records the implicated civil servant, then records her request for
protection; the director records a precautionary suspension (its 4-month legal end
shown on the case page) and grants the protection with reasons; the referent records
the measures; the director prepares, finalises and signs the decision letter, whose PDF
(LibreOffice) is downloaded and its first page rendered for a look."""

from __future__ import annotations

import re
import shutil
import subprocess

from django.utils import formats, translation
from playwright.sync_api import Page, expect

from cases.models import Case, ProtectionRequest, Role, Suspension, User
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_case_journey import section
from tests.browser.test_persons_journey import acknowledge, log_report, open_case
from tests.people import staff

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# The forms refused on purpose answer 400, which the browser logs.
BAD_REQUEST = ("400 (Bad Request)",)
SECTION = "Personnel : protection fonctionnelle et suspension"


def give_staff_status(page: Page, shoot, axe_check) -> None:
    persons = section(page, "Personnes concernées")
    persons.get_by_role("link", name="Corriger Nadia Roux").click()
    page.get_by_role("combobox", name="Statut", exact=True).select_option(
        label="Personnel fonctionnaire"
    )
    page.get_by_label("Service, laboratoire ou employeur (personnel, personne extérieure)").fill(
        "Département informatique"
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Corrections enregistrées")
    persons = section(page, "Personnes concernées")
    persons.get_by_role("link", name="Ajouter une personne").click()
    page.get_by_role("combobox", name="Qualité dans le dossier").select_option(
        label="Personne mise en cause"
    )
    page.get_by_label("Prénom", exact=True).fill("Marc")
    page.get_by_label("Nom", exact=True).fill("Petit")
    page.get_by_role("combobox", name="Statut", exact=True).select_option(
        label="Personnel fonctionnaire"
    )
    axe_check(page)
    shoot(page, "implicated-civil-servant")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marc Petit : autres dossiers")


def back_to_case(page: Page, case: Case) -> None:
    page.get_by_role("link", name=f"← Retour au dossier {case.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {case.reference}")


def test_a_staff_victims_protection_and_a_suspension_go_through_the_case_page(
    logged_in_page, shoot, axe_check, school_a, referent_a: User, tmp_path
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    director.first_name, director.last_name = "Claire", "Directrice"
    director.save(update_fields=["first_name", "last_name"])

    listening = logged_in_page(listener, "/intake/")
    case = log_report(
        listening, shoot, "Nadia", "Roux", "Menaces répétées d'un collègue.", "report"
    )
    page = logged_in_page(referent_a, "/inbox/")
    acknowledge(page, shoot, case, "report")
    open_case(page, case)
    # No staff yet: the section does not show.
    expect(section(page, SECTION)).to_have_count(0)
    give_staff_status(page, shoot, axe_check)
    back_to_case(page, case)

    # The referent records the request.
    protection = section(page, SECTION)
    expect(protection).to_contain_text("Aucune demande de protection fonctionnelle.")
    protection.get_by_role(
        "link", name="Enregistrer une demande de protection fonctionnelle"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demande de protection fonctionnelle")
    page.get_by_role("button", name="Enregistrer").click()  # nothing filled: errors, nothing kept
    expect(page.locator(".field-error").first).to_be_visible()
    assert not ProtectionRequest.objects.exists()
    page.get_by_label("Membre du personnel qui demande la protection").select_option(
        label="Nadia Roux (Personnel fonctionnaire)"
    )
    page.get_by_label("Faits à l'origine de la demande (chiffrés)").fill(
        "Menaces de mort reçues à propos de ses notes de jury."
    )
    axe_check(page)
    shoot(page, "request-form", allow_console=BAD_REQUEST)
    page.set_viewport_size(PHONE)
    shoot(page, "request-form-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("la direction est prévenue")
    expect(section(page, SECTION)).to_contain_text("En attente de décision")

    # The director, brought in by the request, records the suspension of the civil servant.
    deciding = logged_in_page(director, "/inbox/")
    open_case(deciding, case)
    protection = section(deciding, SECTION)
    protection.get_by_role("link", name="Enregistrer une suspension conservatoire").click()
    expect(deciding.get_by_role("heading", level=1)).to_have_text("Suspension conservatoire")
    deciding.get_by_label("Membre du personnel mis en cause").select_option(
        label="Marc Petit (Personnel fonctionnaire)"
    )
    deciding.get_by_label("Motifs : la faute grave reprochée (chiffrés)").fill(
        "Menaces graves envers une collègue."
    )
    axe_check(deciding)
    shoot(deciding, "suspension-form")
    deciding.get_by_role("button", name="Enregistrer").click()
    expect(deciding.get_by_role("status")).to_contain_text("Suspension conservatoire enregistrée")
    suspension = Suspension.objects.get(case=case)
    with translation.override("fr"):
        shown_end = formats.date_format(suspension.legal_end_on, "DATE_FORMAT")
    protection = section(deciding, SECTION)
    expect(protection).to_contain_text(f"Limite légale : {shown_end}")
    expect(protection).to_contain_text("(4 mois)")
    expect(protection).to_contain_text("Code général de la fonction publique, art. L531-1")
    # One running suspension at a time: the page no longer offers another.
    expect(
        protection.get_by_role("link", name="Enregistrer une suspension conservatoire")
    ).to_have_count(0)
    deadlines = section(deciding, "Échéances")
    expect(deadlines).to_contain_text("Fin de la suspension conservatoire (fonctionnaire, 4 mois)")

    # The director grants the protection, with reasons.
    protection.get_by_role("link", name="Décider de la demande").click()
    expect(deciding.get_by_text("Menaces de mort reçues")).to_be_visible()
    deciding.get_by_label("Protection refusée").check()
    deciding.get_by_role("button", name="Enregistrer").click()
    # The message sits on the field to fill.
    expect(deciding.locator(".field-error")).to_contain_text("Un refus doit être motivé")
    deciding.get_by_label("Protection accordée").check()
    deciding.get_by_label("Motifs de la décision").fill(
        "Les menaces sont en lien direct avec les fonctions de jury."
    )
    axe_check(deciding)
    shoot(deciding, "decision-form", allow_console=BAD_REQUEST)
    deciding.set_viewport_size(PHONE)
    shoot(deciding, "decision-form-phone")
    deciding.set_viewport_size(DESKTOP)
    deciding.get_by_role("button", name="Enregistrer").click()
    expect(deciding.get_by_role("status")).to_contain_text("Décision enregistrée.")
    expect(section(deciding, SECTION)).to_contain_text("Accordée")

    # The referent records the measures.
    page.reload()
    for kind in ("Prise en charge des frais de procédure et d'avocat", "Soutien psychologique"):
        section(page, SECTION).get_by_role("link", name="Ajouter une mesure de protection").click()
        page.get_by_role("combobox", name="Mesure", exact=True).select_option(label=kind)
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_role("status")).to_contain_text("Mesure de protection enregistrée.")
    expect(section(page, SECTION)).to_contain_text("Soutien psychologique")
    axe_check(page)
    shoot(page, "case-page-protection")
    page.set_viewport_size(PHONE)
    shoot(page, "case-page-protection-phone")
    page.set_viewport_size(DESKTOP)

    # The director prepares the decision letter, finalises and signs it, and gets the PDF.
    deciding.reload()
    section(deciding, "Courriers").get_by_role("link", name="Préparer un courrier").click()
    deciding.get_by_label(re.compile(r"^Courrier")).select_option(
        label="Décision sur une demande de protection fonctionnelle"
    )
    deciding.get_by_role("button", name="Créer le brouillon").click()
    preview = section(deciding, "Aperçu")
    expect(preview).to_contain_text("Nadia Roux")
    expect(preview).to_contain_text("cette protection vous est accordée")
    expect(preview).to_contain_text("Soutien psychologique")
    axe_check(deciding)
    shoot(deciding, "letter-draft")
    deciding.get_by_label("Je confirme : le courrier reçoit un numéro du registre").check()
    deciding.get_by_role("button", name="Finaliser et enregistrer au registre").click()
    expect(deciding.get_by_role("status")).to_contain_text("enregistré au registre")
    deciding.get_by_label("Je confirme avoir relu la version finale").check()
    deciding.get_by_role("button", name="Signer le courrier").click()
    expect(deciding.get_by_role("status")).to_contain_text("Signature enregistrée")
    shoot(deciding, "letter-signed")
    with deciding.expect_download() as download:
        deciding.get_by_role("link", name="Télécharger le PDF").click()
    pdf = tmp_path / "decision.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        folder = SCREENSHOTS / "protection-letter"
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603 — fixed arguments, a file this test wrote
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(folder / "page")],
            check=True,
        )
    request = ProtectionRequest.objects.get(case=case)
    assert request.decision == ProtectionRequest.Decision.GRANTED
    assert request.letter_on is not None

    # Back on the case page: the suspension and its limit remain, on a phone too.
    deciding.get_by_role("link", name=f"Dossier {case.reference}").click()
    axe_check(deciding)
    shoot(deciding, "case-page-suspension")
    deciding.set_viewport_size(PHONE)
    shoot(deciding, "case-page-suspension-phone")
