"""The referent closes a case through the pages: its page then offers no change, says it is
closed and how to reopen it, refuses a change page typed by hand, and after the reopening
offers the changes again."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from cases.models import Case, Category, Role, User
from tests.browser.test_case_journey import complete_step, section, take_task
from tests.people import staff
from tests.workflows.conftest import intake
from tests.workflows.journey import act

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CLOSED = "Le dossier est clos : rouvrez-le pour le modifier."

# What the page of an open case offers its referent, as links or buttons.
EDITING_ACTIONS = (
    "Ajouter une mesure conservatoire",
    "Corriger le récit",
    "Ajouter une personne",
    "Corriger",
    "Ajouter une note",
    "Ajouter un document",
    "Enregistrer une demande d'entretien",
    "Donner une information d'étape",
)


def _case_waiting_for_closure(school_a, referent: User) -> Case:
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    case = intake(listener, school_a).case
    assert case is not None
    today = case.created_at.date().isoformat()
    act(referent, case, "acknowledge", {"sent_on": today, "means": "email"})
    act(
        referent,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [c.pk for c in Category.objects.filter(code="harcelement-sexuel")],
            "outcomes": ["close"],
            "reasoning": "Orientation vers le psychologue, la personne ne souhaite pas d'enquête.",
        },
    )
    act(
        referent,
        case,
        "feedback",
        {"sent_on": today, "means": "email", "summary": "Orientation confirmée."},
    )
    return case


def _editing_actions(page: Page) -> dict[str, int]:
    main = page.get_by_role("main")
    return {
        name: main.get_by_role("link", name=name, exact=True).count()
        + main.get_by_role("button", name=name, exact=True).count()
        for name in EDITING_ACTIONS
    }


def test_a_closed_case_page_offers_no_change_until_it_is_reopened(
    logged_in_page, shoot, school_a, referent_a: User
):
    case = _case_waiting_for_closure(school_a, referent_a)
    page = logged_in_page(referent_a, f"/cases/{case.pk}/")

    # Open: the referent in charge may change the case file.
    open_actions = _editing_actions(page)
    for name in ("Corriger le récit", "Ajouter une personne", "Ajouter une note"):
        assert open_actions[name] >= 1, name
    expect(page.get_by_role("heading", name="Dossier clos")).to_have_count(0)
    shoot(page, "case-open")

    # The referent closes the case through its step.
    take_task(page, shoot, "Clore le dossier", "closure")
    page.get_by_label("Motif de clôture").select_option(label="Orientation de la personne")
    complete_step(page, shoot, "Clore le dossier", "closure")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED

    # Closed: no change is offered; a short line says why and how to reopen.
    page.goto(f"/cases/{case.pk}/")
    notice = section(page, "Dossier clos")
    expect(notice).to_contain_text("Ce dossier se consulte sans modification.")
    expect(notice.get_by_role("link", name="Rouvrir (faits nouveaux)")).to_be_visible()
    assert _editing_actions(page) == dict.fromkeys(EDITING_ACTIONS, 0)
    expect(page.get_by_text("Des messages insistants depuis la rentrée.")).to_be_visible()
    shoot(page, "case-closed-desktop")
    page.set_viewport_size(PHONE)
    expect(notice.get_by_role("link", name="Rouvrir (faits nouveaux)")).to_be_in_viewport()
    shoot(page, "case-closed-390")
    page.set_viewport_size(DESKTOP)

    # A change page typed by hand sends back to the case page, which says why.
    page.goto(f"/cases/{case.pk}/notes/add/")
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text(CLOSED)
    shoot(page, "change-refused")

    # The reopening gives the changes back.
    notice.get_by_role("link", name="Rouvrir (faits nouveaux)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rouvrir le dossier")
    page.get_by_label("Faits nouveaux justifiant la réouverture").fill(
        "La personne signale de nouveaux messages."
    )
    shoot(page, "reopen")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Dossier rouvert")
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Dossier clos")).to_have_count(0)
    expect(page.get_by_role("link", name="Ajouter une note", exact=True)).to_be_visible()
    shoot(page, "case-reopened")
