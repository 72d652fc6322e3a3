"""Steps that several browser journeys end with, written once.

``both_widths`` checks a page's accessibility and photographs it at desktop and 390 px;
``inform_and_close`` is the end of a procedure: the referent drafts, finalises and signs
the final letter to the reporting person, records the feedback step with what was said,
closes the case and photographs the closed case page.
"""

from __future__ import annotations

from playwright.sync_api import Page

from cases.models import Case
from tests.browser.letters import draft_from_case_page, finalise, look_at_pdf, sign
from tests.browser.test_case_journey import complete_step, take_task
from tests.browser.test_persons_journey import DESKTOP, PHONE, open_case

FEEDBACK = "Informer la personne des suites données"
CLOSURE = "Clore le dossier"


def both_widths(page: Page, shoot, axe_check, name: str) -> None:
    axe_check(page)
    shoot(page, name)
    page.set_viewport_size(PHONE)
    axe_check(page)
    shoot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def inform_and_close(
    page: Page, shoot, axe_check, case: Case, *, folder: str, measures: str, communicated: str
) -> None:
    """As the referent on ``page``: the final letter (``measures`` its measures, its PDF
    under ``folder``), the feedback step (``communicated``), the closure; the case is closed."""
    take_task(page, shoot, FEEDBACK, "feedback")
    draft_from_case_page(
        page, case, "Information finale de la personne ayant signalé sur les suites"
    )
    feedback = finalise(
        page,
        case,
        "follow_up_information",
        {
            "Prénom et nom de la personne qui signe": "Romane Référente",
            "Fonction de la personne qui signe": "Référente signalement",
            "Mesures envisagées ou prises, dites sans porter atteinte aux droits d'autrui": (
                measures
            ),
        },
    )
    feedback = sign(page, feedback)
    look_at_pdf(feedback, folder, "feedback")
    take_task(page, shoot, FEEDBACK, "feedback")
    page.get_by_role("combobox", name="Moyen", exact=True).select_option(label="Courrier")
    page.get_by_label("Ce qui a été communiqué").fill(communicated)
    complete_step(page, shoot, FEEDBACK, "feedback")
    take_task(page, shoot, CLOSURE, "closure")
    page.get_by_label("Motif de clôture").select_option(label="Procédure terminée")
    complete_step(page, shoot, CLOSURE, "closure")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    open_case(page, case)
    both_widths(page, shoot, axe_check, "case-closed")
