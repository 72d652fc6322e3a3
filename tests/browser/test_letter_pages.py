"""The letter pages in a browser: the legal directorate drafts an acknowledgement from the
case page, previews and completes it, finalises and signs it, then reads the register; the
referent prepares an interview summons from the enquiry page. Screenshots of each page in
var/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from cases.models import Party, Role
from enquiries.models import LetterDue
from templates_legal.models import Letter
from tests.enquiries.conftest import appoint, case_waiting_for_enquiry, open_enquiry, plan, rostered
from tests.people import staff
from tests.templates_legal.letter_helpers import LEGAL_PERMISSIONS, grant, letter_case


@pytest.fixture(autouse=True)
def fake_pdf(monkeypatch):
    """LibreOffice takes seconds per letter: the live server (a thread of this process)
    converts with a stand-in, as tests/templates_legal/conftest.py does."""
    from templates_legal.letters import services as letters

    monkeypatch.setattr(letters, "docx_to_pdf", lambda docx, **_kw: b"%PDF-1.4 stand-in %%EOF")


def section(page: Page, heading: str) -> Locator:
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def test_the_legal_directorate_drafts_finalises_and_registers_an_acknowledgement(
    logged_in_page, shoot, school_a, referent_a
):
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    legal.first_name, legal.last_name = "Inès", "Juriste"
    legal.save(update_fields=["first_name", "last_name"])
    case = letter_case(referent_a, school_a)
    grant(case, legal, LEGAL_PERMISSIONS)

    # The case page lists no letter yet and offers to prepare one.
    page = logged_in_page(legal, f"/cases/{case.pk}/")
    letters = section(page, "Courriers")
    expect(letters).to_contain_text("Aucun courrier pour ce dossier.")
    shoot(page, "case-letters")
    letters.get_by_role("link", name="Préparer un courrier").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Préparer un courrier")
    page.get_by_label(re.compile(r"^Courrier")).select_option(
        label="Accusé de réception du signalement"
    )
    shoot(page, "letter-new")
    page.get_by_role("button", name="Créer le brouillon").click()

    # The draft: prefilled values, a preview, a form for the free values.
    expect(page.get_by_role("heading", level=1)).to_have_text("Accusé de réception du signalement")
    expect(page.get_by_role("status")).to_contain_text("Brouillon créé")
    preview = section(page, "Aperçu")
    expect(preview).to_contain_text("Alexandra Reporter")
    expect(preview).to_contain_text(case.reference)
    shoot(page, "letter-draft")
    page.get_by_label("Adresse électronique fonctionnelle à laquelle répondre").fill(
        "referent.signalement@example.invalid"
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré.")
    expect(section(page, "Aperçu")).to_contain_text("referent.signalement@example.invalid")
    shoot(page, "letter-preview")

    # Finalised: numbered in the register, frozen, awaiting the signature.
    page.get_by_label("Je confirme : le courrier reçoit un numéro du registre").check()
    page.get_by_role("button", name="Finaliser et enregistrer au registre").click()
    letter = Letter.objects.get(case=case)
    expect(page.get_by_role("status")).to_contain_text(
        f"enregistré au registre sous le n° {letter.register_number}"
    )
    expect(section(page, "Texte du courrier")).to_contain_text("Alexandra Reporter")
    expect(page.get_by_role("button", name="Enregistrer le brouillon")).to_have_count(0)
    shoot(page, "letter-final")
    page.get_by_label("Je confirme avoir relu la version finale").check()
    page.get_by_role("button", name="Signer le courrier").click()
    expect(page.get_by_role("status")).to_contain_text("Signature enregistrée")
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_be_visible()
    shoot(page, "letter-signed")

    # Back on the case page, then the register of the entity.
    page.get_by_role("link", name=f"Dossier {case.reference}").click()
    row = section(page, "Courriers").get_by_role("row").filter(has_text=letter.register_number)
    expect(row).to_contain_text("Signé")
    shoot(page, "case-letters-signed")
    page.goto("/letters/register/")
    expect(page).to_have_url(re.compile(rf"/letters/register/{school_a.code}/$"))
    row = page.get_by_role("row").filter(has_text=letter.register_number)
    expect(row).to_contain_text("Accusé de réception du signalement")
    expect(row).to_contain_text("Alexandra Reporter")
    expect(row).to_contain_text("Inès Juriste")
    shoot(page, "register")


def test_the_referent_prepares_a_summons_from_the_enquiry_page(
    logged_in_page, shoot, school_a, referent_a
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    alice = rostered(school_a, "alice", gender="woman", languages=("fr", "en"), first_name="Alice")
    bruno = rostered(school_a, "bruno", gender="man", languages=("fr",), first_name="Bruno")
    case = case_waiting_for_enquiry(listener, referent_a, school_a)
    enquiry = open_enquiry(case, referent_a)
    appoint(enquiry, referent_a, alice, bruno)
    plan(enquiry, alice, case.parties.get(role=Party.Role.IMPLICATED))
    summons = LetterDue.objects.get(enquiry=enquiry, kind="interview_summons")

    page = logged_in_page(referent_a, f"/enquiries/{enquiry.pk}/")
    letters = section(page, "Courriers à produire")
    row = letters.get_by_role("row").filter(has_text="Convocation à un entretien").first
    expect(row).to_contain_text("à produire")
    shoot(page, "enquiry-letters-due")
    row.get_by_role("button", name=re.compile("^Préparer le courrier")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Convocation à un entretien")
    expect(section(page, "Aperçu")).to_contain_text("Salle du conseil, bâtiment B")
    shoot(page, "summons-draft")
    page.get_by_label("Je confirme : le courrier reçoit un numéro du registre").check()
    page.get_by_role("button", name="Finaliser et enregistrer au registre").click()
    expect(page.get_by_role("status")).to_contain_text("enregistré au registre")

    page.goto(f"/enquiries/{enquiry.pk}/")
    row = (
        section(page, "Courriers à produire")
        .get_by_role("row")
        .filter(has_text="Convocation à un entretien")
        .first
    )
    expect(row).to_contain_text("produit le")
    expect(row.get_by_role("link", name=re.compile("^Voir le courrier"))).to_be_visible()
    summons.refresh_from_db()
    assert summons.produced_at is not None
    shoot(page, "enquiry-letters-produced")

    # The investigator sees the state, never a button or a link to the case's letters.
    page = logged_in_page(alice, f"/enquiries/{enquiry.pk}/")
    letters = section(page, "Courriers à produire")
    expect(letters).to_contain_text("produit le")
    expect(letters.get_by_role("button", name=re.compile("Préparer le courrier"))).to_have_count(0)
    expect(letters.get_by_role("link", name=re.compile("Voir le courrier"))).to_have_count(0)
    shoot(page, "investigator-letters")
