"""Only the engine records a step's outcome, and only an outcome the flow declares for the node."""

from __future__ import annotations

import pytest

from cases.models import Acknowledgement, AuditEvent
from tests.workflows.conftest import intake
from tests.workflows.journey import open_task
from workflows import engine
from workflows.models import CaseProcess
from workflows.routes import Outcome, Route, UndeclaredOutcome


@pytest.mark.django_db
def test_the_engine_refuses_an_outcome_the_flow_does_not_declare_and_stores_nothing(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a).case
    task = engine.task_claim(actor=referent_a, task=open_task(case, "acknowledge"))

    def apply(case):
        Acknowledgement(
            key_id=case.key_id,
            case=case,
            sent_on=task.created.date(),
            means="email",
            recorded_by=referent_a,
        ).save(force_insert=True)
        return Outcome((Route.ENQUIRY,))

    with pytest.raises(UndeclaredOutcome, match="acknowledge"):
        engine.task_complete(actor=referent_a, task=task, apply=apply)

    assert not Acknowledgement.objects.filter(case=case).exists()
    assert open_task(case, "acknowledge").pk == task.pk
    assert CaseProcess.objects.get(case=case).pending_routes == []
    assert not AuditEvent.objects.filter(action="task.completed").exists()


@pytest.mark.django_db
def test_a_declared_outcome_is_stored_in_the_process_data_as_before(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a).case
    task = engine.task_claim(actor=referent_a, task=open_task(case, "acknowledge"))
    engine.task_complete(actor=referent_a, task=task, apply=lambda c: None)
    triage = open_task(case, "triage")
    assert triage.owner == referent_a  # the referent in charge keeps the case

    engine.task_complete(
        actor=referent_a,
        task=triage,
        apply=lambda c: Outcome((Route.INFORMATION, Route.ENQUIRY)),
    )

    process = CaseProcess.objects.get(case=case)
    assert process.data["pending"] == ["information", "enquiry"]  # the stored format
    assert process.pending_routes == [Route.INFORMATION, Route.ENQUIRY]
    assert open_task(case, "information")
