"""Keep each open task's inbox row (``OpenTask``) in step with viewflow's task.

viewflow saves its task on every transition (create, assign, unassign, start,
done, cancel): the row follows in the same transaction, so an inbox never shows a
task that has moved on. Tasks that are not human steps of a case have no row.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from viewflow.workflow.models import Task

from cases.core.accounts.notices import notice_send
from cases.models import ConflictDeclaration, RoleMembership, User
from workflows.models import CaseProcess, OpenTask
from workflows.nodes import CaseTask
from workflows.status import OPEN_STATUSES


def open_task_sync(task: Task) -> None:
    """Create, update or drop the inbox row of ``task`` to match it."""
    if not isinstance(task.flow_task, CaseTask) or task.status not in OPEN_STATUSES:
        OpenTask.objects.filter(task_id=task.pk).delete()
        return
    changed = OpenTask.objects.filter(task_id=task.pk).update(
        owner_id=task.owner_id, status=task.status
    )
    if changed:
        return
    case = (
        CaseProcess.objects.filter(pk=task.process_id).values("case_id", "case__entity_id").first()
    )
    if case is None:  # a process of another flow
        return
    OpenTask.objects.create(
        task_id=task.pk,
        case_id=case["case_id"],
        entity_id=case["case__entity_id"],
        step=task.flow_task.name,
        owner_id=task.owner_id,
        status=task.status,
        created=task.created,
    )
    if task.owner_id is None:
        # A new task waits in the pool: the entity's holders of its role are told.
        notice_send(pool_people(case["case_id"], case["case__entity_id"], task.flow_task.role))


def pool_people(case_id: uuid.UUID, entity_id: int, role: str) -> QuerySet[User]:
    """Who may take a task of ``role`` on the case: the role's holders in the entity,
    people who declared a conflict with the case left out."""
    conflicted = ConflictDeclaration.objects.filter(case_id=case_id).values("user_id")
    holders = RoleMembership.objects.filter(entity_id=entity_id, role=role).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).exclude(pk__in=conflicted)


@receiver(post_save, sender=Task, dispatch_uid="recueil-open-task-sync")
def task_saved(sender: type[Task], instance: Task, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        open_task_sync(instance)
