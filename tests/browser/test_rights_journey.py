"""The legal directorate records an access request from an implicated person, confirms the
match (reading the matched case while the request lasts), prepares the export, reviews the
flagged passage and releases the PDF; the reporting person is never named, and the legal
officer no longer reads the case once the export is released.

The case (in the procedure) and its persons are set up through the services (their own
journeys are in ``test_intake_pages.py`` and ``test_persons_journey.py``); the legal
officer holds nothing on it before confirming the match on the request page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CaseGrant, Role
from rights.models import AccessExport
from tests.builders import implicated
from tests.people import staff
from tests.system_packages import needs_soffice
from tests.workflows.conftest import intake

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
    listener = staff(Role.LISTENER, school_a)
    case = intake(
        listener,
        school_a,
        narrative="Alice Martin rapporte que Jean Dupont l'a suivie au gymnase.",
        identity={"first_name": "Alice", "last_name": "Martin"},
    ).case
    implicated(case, referent_a, first="Jean", last="Dupont")
    assert not CaseGrant.objects.filter(user=legal).exists()
    case_page = reverse("case-detail", kwargs={"case_id": case.pk})

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
    expect(page.get_by_role("alert")).to_contain_text("obligatoire")
    assert not CaseGrant.objects.filter(user=legal).exists()
    page.get_by_label("Je confirme qu'il s'agit de la personne qui demande").check()
    axe_check(page)
    shoot(page, "match-confirm-desktop", allow_console=("status of 400",))
    page.set_viewport_size(PHONE)
    shoot(page, "match-confirm-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Préparer l'export").click()
    expect(page.get_by_text("Trouvée dans 1 dossier de l'entité.")).to_be_visible()
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
    # The export released, the reading it needed has ended.
    assert not CaseGrant.objects.filter(user=legal).exists()
    assert page.request.get(case_page).status == 404
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


def test_a_closed_request_shows_its_retention_then_only_its_facts_once_anonymised(
    logged_in_page, shoot, axe_check, school_a
):
    from retention.services import retention_apply
    from rights.deadlines import months_after
    from rights.services import subject_request_close, subject_request_record

    legal = staff(Role.LEGAL, school_a, username="legal.a")
    request = subject_request_record(
        actor=legal,
        entity=school_a,
        kind="rectification",
        requester_name="Jeanne Durand",
        requester_contact="jeanne.durand@example.invalid",
        relation="personne ayant signalé",
        details="Corriger mon année d'études.",
        received_on=timezone.localdate(),
    )
    subject_request_close(
        actor=legal, request=request, status="answered", note="Corrigée.", version=1
    )
    url = reverse("rights-request", kwargs={"request_id": request.pk})
    page = logged_in_page(legal, url)
    card = page.get_by_role("region", name="Conservation de la demande")
    expect(card).to_contain_text("Anonymisation prévue le")
    expect(card).to_contain_text("Demande d'exercice de droits close")
    axe_check(page)
    shoot(page, "retention-desktop")
    page.set_viewport_size(PHONE)
    shoot(page, "retention-phone")
    page.set_viewport_size(DESKTOP)

    retention_apply(today=months_after(timezone.localdate(), 24))
    page.reload()
    expect(page.locator("main")).to_contain_text("Demande anonymisée")
    expect(page.locator("main")).not_to_contain_text("Jeanne")
    expect(card).to_contain_text("Anonymisé le")
    axe_check(page)
    shoot(page, "anonymised-desktop")
    page.set_viewport_size(PHONE)
    shoot(page, "anonymised-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Demandes d'exercice de droits").first.click()
    expect(page.get_by_role("row").filter(has_text="Demande anonymisée")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Jeanne")
    shoot(page, "register-anonymised")
