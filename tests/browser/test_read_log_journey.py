"""The read log seen from the pages: every opening of a case is in its history as a
"Consultation" by the person who opened it, and the chain still verifies afterwards
(docs/READ_LOG.md)."""

from __future__ import annotations

from playwright.sync_api import expect

from cases.core.audit.services import audit_verify
from cases.models import AuditEvent, Role, User
from tests.browser.test_persons_journey import DESKTOP, PHONE, acknowledge, log_report, open_case
from tests.people import staff


def test_each_opening_of_a_case_is_listed_as_a_consultation_in_its_history(
    logged_in_page, shoot, axe_check, school_a, referent_a: User
):
    listener = staff(Role.LISTENER, school_a, username="listener.a")
    listening = logged_in_page(listener, "/intake/")
    case = log_report(
        listening, shoot, "Léa", "Martin", "Des remarques sexistes répétées en TP.", "report"
    )
    page = logged_in_page(referent_a, "/inbox/")
    acknowledge(page, shoot, case, "report")

    readings = AuditEvent.objects.filter(
        action="case.read", object_id=str(case.pk), actor=referent_a
    )
    before = readings.filter(details__what="case").count()
    open_case(page, case)
    page.reload()  # a second reading, logged as the first
    page.get_by_role("link", name="Qui a consulté ou modifié ce dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Qui a consulté ou modifié le dossier {case.reference}"
    )
    page.get_by_role("combobox", name="Type d'action").select_option(label="Consultation")
    page.get_by_role("button", name="Filtrer").click()

    assert readings.filter(details__what="case").count() == before + 2
    rows = page.get_by_role("table").last.get_by_role("row").filter(has_text="Consultation")
    expect(rows).to_have_count(readings.count())
    expect(rows.first).to_contain_text(str(referent_a))
    axe_check(page)
    shoot(page, "history-readings")
    page.set_viewport_size(PHONE)
    axe_check(page)
    shoot(page, "history-readings-phone")
    page.set_viewport_size(DESKTOP)

    report = audit_verify()
    assert report.intact, report.problem
