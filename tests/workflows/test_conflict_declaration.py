"""Declaring a conflict on a task is one service: the task goes back and access goes, or neither."""

from __future__ import annotations

import pytest

from cases.models import ConflictDeclaration
from cases.selectors.cases import user_can
from tests.workflows.conftest import intake
from tests.workflows.journey import open_task
from workflows import engine


@pytest.mark.django_db
def test_declaring_a_conflict_gives_the_task_back_and_removes_access(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a).case
    task = engine.task_claim(actor=referent_a, task=open_task(case, "acknowledge"))

    engine.task_conflict_declare(actor=referent_a, task=task)

    assert open_task(case, "acknowledge").owner_id is None
    assert ConflictDeclaration.objects.filter(case=case, user=referent_a).exists()
    assert not user_can(referent_a, case, "view_case")


@pytest.mark.django_db
def test_if_the_declaration_fails_the_task_stays_with_its_owner(
    listener_a, referent_a, school_a, monkeypatch
):
    case = intake(listener_a, school_a).case
    task = engine.task_claim(actor=referent_a, task=open_task(case, "acknowledge"))

    def broken(**kwargs):
        raise RuntimeError("declaration failed")

    monkeypatch.setattr(engine, "conflict_declare", broken)
    with pytest.raises(RuntimeError):
        engine.task_conflict_declare(actor=referent_a, task=task)

    assert open_task(case, "acknowledge").owner_id == referent_a.pk
