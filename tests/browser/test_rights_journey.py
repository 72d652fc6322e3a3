"""The legal directorate records an access request from an implicated person, prepares the
export, reviews the flagged passage and releases the PDF; the reporting person is never named.

The case and its persons are set up through the services (their own journeys are in
``test_persons_journey.py``); the legal officer holds it as signatories do.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Party, Role
from cases.services.access import access_grant
from cases.services.cases import party_add
from rights.models import AccessExport
from tests.builders import case_for, implicated
from tests.people import staff
from tests.system_packages import needs_soffice

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "rights-journey"


@needs_soffice
@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="missing system package poppler-utils"
)
def test_the_legal_directorate_answers_an_access_request_with_a_reviewed_pdf(
    logged_in_page, shoot, axe_check, school_a, referent_a, tmp_path
):
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    case = case_for(
        referent_a,
        school_a,
        narrative="Alice Martin rapporte que Jean Dupont l'a suivie au gymnase.",
    )
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.REPORTING,
        status=Party.Status.STUDENT,
        identity={"first_name": "Alice", "last_name": "Martin"},
    )
    implicated(case, referent_a, first="Jean", last="Dupont")
    access_grant(actor=None, case=case, user=legal, permissions=["view_case"], reason="letter")

    page = logged_in_page(legal, "/inbox/")
    page.get_by_role("link", name="Demandes de droits (RGPD)").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes d'exercice de droits")
    shoot(page, "register-empty")
    page.get_by_role("link", name="Enregistrer une demande").click()
    page.get_by_label("Droit exercé").select_option(label="Accès (art. 15)")
    page.get_by_label("Reçue le").fill(timezone.localdate().isoformat())
    page.get_by_label("Nom de la personne").fill("Jean Dupont")
    page.get_by_label("Comment lui répondre (adresse, courriel)").fill(
        "jean.dupont@example.invalid"
    )
    page.get_by_label(re.compile("^Lien avec les dossiers")).fill("personne mise en cause")
    page.get_by_label("Objet de la demande").fill("Copie des données me concernant.")
    axe_check(page)
    shoot(page, "record-form")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Demande enregistrée.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demande — Accès (art. 15)")

    page.get_by_label("Nom complet de la personne, tel que les dossiers l'enregistrent").fill(
        "Jean Dupont"
    )
    page.get_by_role("button", name="Préparer l'export").click()
    expect(page.get_by_text("passage signalé : à relire")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Alice")
    expect(page.locator("main")).to_contain_text("[tiers] rapporte que Jean Dupont")
    axe_check(page)
    shoot(page, "export-review-desktop")
    page.set_viewport_size(PHONE)
    shoot(page, "export-review-phone")
    page.set_viewport_size(DESKTOP)

    page.get_by_label("Communiquer").check()
    page.get_by_role("button", name="Publier le PDF").click()
    expect(page.get_by_text("Export publié.")).to_be_visible()
    assert AccessExport.objects.get().status == "released"
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    pdf = tmp_path / "export.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(  # noqa: S603
        ["pdftotext", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,  # noqa: S607
    ).stdout
    assert "Jean" in text and "Alice" not in text and "Martin" not in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(SHOTS / "pdf")],  # noqa: S607
            check=True,
        )
    axe_check(page)
    shoot(page, "released")

    page.get_by_role("link", name="Demandes d'exercice de droits").first.click()
    expect(page.get_by_role("row").filter(has_text="Jean Dupont")).to_be_visible()
    shoot(page, "register-one-open")
