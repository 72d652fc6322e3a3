"""The enquiry step is completed through the engine's one function, by the referent or the commission."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases.models import AuditEvent, Role
from tests.enquiries.conftest import case_waiting_for_enquiry
from tests.people import staff
from tests.workflows.journey import open_steps, open_task
from workflows import engine, hooks
from workflows.hooks import step_guard_register, step_guards_check
from workflows.steps.enquiry import commission_report_submitted, enquiry_report_received


@pytest.fixture
def completions(monkeypatch) -> list[dict[str, object]]:
    """Every call of ``engine.task_complete``, which still does its work."""
    calls: list[dict[str, object]] = []
    real = engine.task_complete

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(engine, "task_complete", spy)
    return calls


@pytest.mark.django_db
def test_the_referents_summary_and_the_commissions_report_go_through_the_same_engine_function(
    listener_a, referent_a, school_a, completions
):
    by_hand = case_waiting_for_enquiry(listener_a, referent_a, school_a)
    from_commission = case_waiting_for_enquiry(listener_a, referent_a, school_a)
    investigator = staff(Role.INVESTIGATOR, school_a)
    completions.clear()  # the steps before the enquiry

    enquiry_report_received(
        actor=referent_a, task=open_task(by_hand, "enquiry"), summary="Rapport du prestataire."
    )
    commission_report_submitted(
        actor=investigator, task=open_task(from_commission, "enquiry"), apply=lambda c: None
    )

    assert [c["actor"] for c in completions] == [referent_a, investigator]
    assert completions[0].get("on_behalf") is None
    assert completions[1]["on_behalf"].by == "enquiry_report"
    assert open_steps(by_hand) == open_steps(from_commission) == ["decision"]
    audit = AuditEvent.objects.filter(action="task.completed", actor=investigator).get()
    assert audit.details["by"] == "enquiry_report"


@pytest.mark.django_db
def test_the_commission_cannot_complete_a_step_that_is_not_the_enquiry(
    listener_a, referent_a, school_a
):
    case = case_waiting_for_enquiry(listener_a, referent_a, school_a)
    enquiry_report_received(
        actor=referent_a, task=open_task(case, "enquiry"), summary="Rapport du prestataire."
    )
    decision = open_task(case, "decision")
    with pytest.raises(ValidationError, match="rapport"):
        commission_report_submitted(actor=referent_a, task=decision, apply=lambda c: None)
    assert open_steps(case) == ["decision"]


@pytest.mark.django_db
def test_a_registered_guard_refuses_the_step_with_its_reason(
    listener_a, referent_a, school_a, monkeypatch
):
    case = case_waiting_for_enquiry(listener_a, referent_a, school_a)
    monkeypatch.setattr(hooks, "_guards", {})  # this test's guard only

    def refuse(case):
        raise ValidationError("refusé par le garde")

    step_guard_register("test-only-step", refuse)
    with pytest.raises(ValidationError, match="refusé par le garde"):
        step_guards_check("test-only-step", case)
    step_guards_check("another-step", case)  # no guard: nothing raised
