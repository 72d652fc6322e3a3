"""An enquiry walked through its pages as the new user of issue #14 did, on a desktop and
on a 390 px phone: opened from a triaged case with the triage's reasoning already there,
the commission appointed (the page then offers to plan an interview first), an interview
planned in a language picked by name, every commitment recorded in one submit, the
interview held with no recording form to fill, the minutes editor reached at once and
saved as version 1, the summons finalised through its confirmation box. axe-core finds
no serious or critical violation on the enquiry, interview, minutes and letter pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cases.models import Party, Role
from enquiries.models import Enquiry, Interview
from templates_legal.models import Letter
from tests.enquiries.conftest import case_waiting_for_enquiry, rostered, time_passes
from tests.people import staff
from tests.workflows.journey import open_task

PHONE = {"width": 390, "height": 844}
TRIAGE_REASONING = "Faits précis et répétés : enquête interne."


@pytest.fixture
def fake_pdf(monkeypatch):
    """LibreOffice takes seconds per letter: a stand-in converter (as tests/templates_legal)."""
    from templates_legal.letters import services as letters

    monkeypatch.setattr(letters, "docx_to_pdf", lambda docx, **_kw: b"%PDF-1.4 stand-in %%EOF")


def section(page: Page, heading: str) -> Locator:
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def fits_the_screen(page: Page) -> None:
    """Nothing runs past the right edge of the screen (the page never scrolls sideways)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url}: {overflow}px wider than the screen"


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_an_enquiry_is_walked_from_triage_to_a_finalised_summons(
    logged_in_page, shoot, axe_check, fake_pdf, screen, school_a, referent_a
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    alice = rostered(school_a, "alice", gender="woman", languages=("fr", "en"), first_name="Alice")
    rostered(school_a, "bruno", gender="man", languages=("fr",), first_name="Bruno")
    case = case_waiting_for_enquiry(listener, referent_a, school_a)
    task = open_task(case, "enquiry")

    def look(page: Page, name: str, *, axe: bool = False) -> None:
        if screen == "phone":
            fits_the_screen(page)
        shoot(page, f"{screen}-{name}")
        if axe:
            axe_check(page)

    def tab(user, start: str) -> Page:
        page = logged_in_page(user, start)
        if screen == "phone":
            page.set_viewport_size(PHONE)
        return page

    # The referent opens the enquiry: the triage's reasoning is already in the reasons.
    page = tab(referent_a, f"/tasks/{task.pk}/")
    page.get_by_role("link", name="Ouvrir ou suivre l'enquête interne").click()
    expect(page.get_by_label("Motifs de la décision")).to_have_value(TRIAGE_REASONING)
    page.get_by_label("Mission confiée à la commission").fill(
        "Établir les faits décrits ; entendre la victime et la personne mise en cause."
    )
    page.get_by_role("checkbox", name="Anglais").check()
    look(page, "open", axe=True)
    page.get_by_role("button", name="Ouvrir l'enquête").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Désigner la commission d'enquête")
    for name in ("Alice", "Bruno"):
        page.locator("#id_investigators label").filter(has_text=name).locator("input").check()
    page.get_by_label("Motifs de la désignation").fill("Binôme mixte et bilingue, formé.")
    look(page, "appoint", axe=True)
    page.get_by_role("button", name="Désigner").click()
    expect(page.get_by_role("status")).to_contain_text("Commission désignée")
    actions = page.get_by_role("navigation", name="Actions sur l’enquête")
    expect(actions.get_by_role("link", name="Désigner la commission")).to_have_count(0)
    commission = section(page, "Commission d'enquête")
    expect(commission.locator("summary")).to_contain_text("Commission désignée (2 membres)")
    look(page, "enquiry-referent", axe=True)
    enquiry = Enquiry.objects.get(case=case)

    # An investigator plans the interview: planning is the first thing offered.
    page = tab(alice, f"/enquiries/{enquiry.pk}/")
    first = page.get_by_role("navigation", name="Actions sur l’enquête").get_by_role("link").first
    expect(first).to_have_text("Planifier un entretien")
    look(page, "enquiry-investigator", axe=True)
    first.click()
    victim = case.parties.get(role=Party.Role.VICTIM)
    page.get_by_label("Personne entendue").select_option(value=str(victim.pk))
    when = timezone.localtime(timezone.now() + dt.timedelta(days=14))
    page.get_by_label("Date et heure").fill(when.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Lieu, ou modalités de connexion").fill("Salle du conseil, bâtiment B")
    page.get_by_label("Langue de l'entretien").select_option(label="Anglais")
    look(page, "plan", axe=True)
    page.get_by_role("button", name="Planifier").click()
    expect(page.get_by_role("status")).to_contain_text("Entretien planifié")
    expect(page.get_by_text("Langue de l'entretien : Anglais")).to_be_visible()
    interview = Interview.objects.get(enquiry=enquiry)
    assert interview.language == "en"

    # Everyone present signed: one submit records the three commitments.
    signers = page.get_by_role("group", name="Qui a signé l'engagement").get_by_role("checkbox")
    expect(signers).to_have_count(4)  # two members, the interviewee, a possible companion
    for name in ("Alice", "Bruno", "La personne entendue"):
        signers.and_(page.get_by_role("checkbox", name=re.compile(name))).check()
    page.get_by_role("button", name="Enregistrer les engagements signés").click()
    expect(page.get_by_role("status")).to_contain_text("3 engagements de confidentialité")
    # No recording planned: nothing to fill in about it.
    recording = section(page, "Enregistrement")
    expect(recording).to_contain_text("Aucun enregistrement prévu")
    # The answer form is there, folded away in case the person asks for a recording after all.
    expect(recording.locator("input[type=radio]")).to_have_count(2)
    expect(recording.locator("input[type=radio]").first).to_be_hidden()
    look(page, "interview", axe=True)

    time_passes(interview)
    page.reload()
    page.get_by_label("La personne a été informée de ses droits avant d'être entendue").check()
    page.get_by_role("button", name="Consigner et rédiger le compte rendu").click()

    # Straight into the minutes editor, at its first version.
    expect(page.get_by_role("heading", level=1)).to_have_text("Compte rendu d'entretien")
    expect(page.get_by_text("pas encore enregistré")).to_be_visible()
    editor = page.get_by_role("textbox", name="Compte rendu")
    editor.fill("La personne déclare avoir reçu des messages répétés.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Compte rendu enregistré")
    expect(section(page, "Versions")).to_contain_text("Version 1")
    expect(section(page, "Versions")).not_to_contain_text("Version 2")
    box = page.get_by_role("textbox", name="Compte rendu").bounding_box()
    main = page.locator("main").bounding_box()
    assert box and main and box["width"] >= main["width"] * 0.85  # the whole content width
    assert box["height"] >= 0.5 * (PHONE["height"] if screen == "phone" else 800)
    look(page, "minutes", axe=True)

    # The referent produces the summons; finalising asks for a confirmation first.
    page = tab(referent_a, f"/enquiries/{enquiry.pk}/")
    row = (
        section(page, "Courriers à produire")
        .get_by_role("row")
        .filter(has_text="Convocation à un entretien")
        .first
    )
    row.get_by_role("button", name=re.compile("^Préparer le courrier")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Convocation à un entretien")
    look(page, "letter-draft", axe=True)
    confirm = page.get_by_label("Je confirme : le courrier reçoit un numéro du registre")
    page.get_by_role("button", name="Finaliser et enregistrer au registre").click()
    # The box is required: without it the browser does not even send the form.
    assert Letter.objects.get(case=case, kind="interview_summons").status == Letter.Status.DRAFT
    confirm.check()
    page.get_by_role("button", name="Finaliser et enregistrer au registre").click()
    expect(page.get_by_role("status")).to_contain_text("enregistré au registre")
    look(page, "letter-final", axe=True)


def test_the_main_pages_fit_a_phone_screen_and_the_menu_opens_without_script(
    logged_in_page, shoot, school_a, referent_a
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    legal = staff(Role.LEGAL, school_a, username="legal.a")
    case = case_waiting_for_enquiry(listener, referent_a, school_a)
    pages = {
        referent_a: [
            ("inbox", "/inbox/"),
            ("cases", "/cases/"),
            ("case", f"/cases/{case.pk}/"),
            ("enquiries", "/enquiries/"),
            ("account", "/"),
        ],
        listener: [("contacts", "/contacts/"), ("intake", "/intake/")],
        legal: [("register", "/letters/register/")],
    }
    for user, visits in pages.items():
        page = logged_in_page(user, "/inbox/")
        page.set_viewport_size(PHONE)
        for name, url in visits:
            page.goto(url)
            fits_the_screen(page)
            header = page.locator("header").bounding_box()
            assert header and header["height"] <= 0.12 * PHONE["height"], (name, header)
            shoot(page, f"phone-{name}")
        # The folded menu opens on a tap and every link, "Mon compte" included, is on screen.
        page.get_by_text("Menu", exact=True).click()
        account = page.locator(".nav-narrow").get_by_role("link", name="Mon compte")
        expect(account).to_be_visible()
        box = account.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        shoot(page, f"phone-menu-{user.username}")
