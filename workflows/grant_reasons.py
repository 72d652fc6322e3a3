"""The procedure's reasons to hold a case: what ``cases.services.grant_reasons`` asks for.

- the owner of an open step holds the step role's rights (``ROLE_GRANTS``) while they
  keep that role in the case's entity and have declared no conflict (``open_task``);
- the referent in charge (the owner of an open referent step, or else of the latest
  referent step done — the person ``CaseTask.calc_owner`` routes the next step to)
  keeps the referent's rights until closure (``referent_in_charge``), then only what a
  closed case needs — reading it, its history, and reopening it
  (``closed_case_custodian``);
- nobody else: an unowned step gives no one a grant (the inbox shows it by role), and
  a step done, released or reassigned stops counting at once.

A case without a procedure is not governed here (``None``). When a person loses a role,
``tasks_release_for_role`` puts the open steps they held under that role back in the
queue so that the reconciliation then takes the rights they gave.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from viewflow.workflow.models import Task

from cases.models import Case, CasePermission, ConflictDeclaration, Role, RoleMembership, User
from cases.services.grant_reasons import Reason
from workflows.flows import ROLE_GRANTS, CaseFlow
from workflows.models import CaseProcess
from workflows.nodes import CaseTask
from workflows.status import OPEN_STATUSES as OPEN

CUSTODIAN_PERMISSIONS = frozenset(
    {CasePermission.VIEW, CasePermission.VIEW_HISTORY, CasePermission.TRIAGE}
)


def _case_reason(case: Case, user_id: int, permissions: Any, code: str) -> Reason:
    return Reason(
        table="case",
        object_id=case.pk,
        user_id=user_id,
        permissions=frozenset(str(p) for p in permissions),
        code=code,
    )


def workflow_reasons(case: Case) -> list[Reason] | None:
    """Current reasons given by ``case``'s procedure; ``None`` if it has none."""
    if not CaseProcess.objects.filter(case=case).exists():
        return None
    tasks = [
        t
        for t in Task.objects.filter(process__caseprocess__case=case, owner__isnull=False)
        .filter(status__in=(*OPEN, "DONE"))
        .order_by("finished", "pk")
        if isinstance(t.flow_task, CaseTask)
    ]
    roles = set(
        RoleMembership.objects.filter(entity_id=case.entity_id).values_list("user_id", "role")
    )
    excluded = set(ConflictDeclaration.objects.filter(case=case).values_list("user_id", flat=True))

    def may(user_id: int, role: str) -> bool:
        return (user_id, role) in roles and user_id not in excluded

    reasons = []
    owner_in_charge = None
    for task in tasks:
        role = task.flow_task.role
        if task.status in OPEN and may(task.owner_id, role):
            reasons.append(_case_reason(case, task.owner_id, ROLE_GRANTS[role], "open_task"))
            if role == Role.REFERENT:
                owner_in_charge = task.owner_id
    if owner_in_charge is None:
        done = [t for t in tasks if t.status == "DONE" and t.flow_task.role == Role.REFERENT]
        if done and may(done[-1].owner_id, Role.REFERENT):
            owner_in_charge = done[-1].owner_id
    if owner_in_charge is not None:
        if case.status == Case.Status.OPEN:
            reasons.append(
                _case_reason(
                    case, owner_in_charge, ROLE_GRANTS[Role.REFERENT], "referent_in_charge"
                )
            )
        else:
            reasons.append(
                _case_reason(case, owner_in_charge, CUSTODIAN_PERMISSIONS, "closed_case_custodian")
            )
    return reasons


def tasks_release_for_role(user: User, entity_id: int, role: str) -> Iterator[Any]:
    """Put back in the queue the open steps ``user`` held under ``role`` in the entity."""
    tasks = Task.objects.filter(
        owner=user,
        status__in=OPEN,
        process__caseprocess__case__entity_id=entity_id,
    ).select_related("process")
    for task in tasks:
        node = task.flow_task
        if not isinstance(node, CaseTask) or node.role != role:
            continue
        with CaseFlow.lock(task.process_id):
            task.refresh_from_db()
            if task.owner_id == user.pk and task.status in OPEN:
                task.owner = None
                task.status = "NEW"
                task.save(update_fields=["owner", "status"])
        yield CaseProcess.objects.filter(pk=task.process_id).values_list("case_id", flat=True)[0]
