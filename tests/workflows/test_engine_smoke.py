from __future__ import annotations

import pytest
from viewflow.workflow.models import Task

from tests.workflows.conftest import intake
from workflows import engine


@pytest.mark.django_db
def test_a_handed_over_contact_starts_a_process_with_an_acknowledgement_task(
    listener_a, referent_a, school_a
):
    contact = intake(listener_a, school_a)
    assert contact.case is not None
    tasks = Task.objects.filter(process__caseprocess__case=contact.case)
    assert [t.flow_task.name for t in tasks if t.status == "NEW"] == ["acknowledge"]
    task = tasks.get(status="NEW")
    engine.task_claim(actor=referent_a, task=task)
    task.refresh_from_db()
    assert task.owner == referent_a
