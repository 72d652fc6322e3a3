"""Drive a case through the real views, as its users would."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task

from cases.models import Case, User
from tests.people import login
from workflows.models import OpenTask
from workflows.status import OPEN_STATUSES


def open_task(case: Case, step: str) -> Task:
    tasks = [
        t
        for t in Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_STATUSES)
        if t.flow_task.name == step
    ]
    assert len(tasks) == 1, (
        f"expected one open {step} task, found {[t.flow_task.name for t in Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_STATUSES)]}"
    )
    return tasks[0]


def act(user: User, case: Case, step: str, data: dict[str, Any], *, expect_ok: bool = True):
    client = login(Client(), user)
    task = open_task(case, step)
    if task.owner_id is None:
        claimed = client.post(reverse("task-claim", kwargs={"task_id": task.pk}))
        assert claimed.status_code == 302, claimed
    response = client.post(reverse("task", kwargs={"task_id": task.pk}), data)
    if expect_ok:
        assert response.status_code == 302, (
            response.context["form"].errors if response.context else response
        )
    inbox_rows_match(case)
    return response


def inbox_rows_match(case: Case) -> None:
    """Every open human task of the case has exactly one inbox row, and it tells the truth."""
    expected = {
        t.pk: (t.flow_task.name, t.owner_id, t.status)
        for t in Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_STATUSES)
        if hasattr(t.flow_task, "role")
    }
    rows = OpenTask.objects.filter(case=case)
    assert {r.task_id: (r.step, r.owner_id, r.status) for r in rows} == expected
    for row in rows:
        assert row.entity_id == case.entity_id
        if row.rule:
            assert row.due_on == case.deadlines.get(rule=row.rule).due_on


def open_steps(case: Case) -> list[str]:
    return sorted(
        t.flow_task.name
        for t in Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_STATUSES)
        if hasattr(t.flow_task, "role")
    )
