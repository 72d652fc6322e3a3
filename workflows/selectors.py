"""Inboxes and task lookups, filtered by role, entity, ownership and conflicts.

Written on Recueil's own tables rather than viewflow's ``queue()``/``user_queue()``,
which with guardian installed loads a user's object permissions one by one and
builds an unindexable IN list (thousands of queries for a busy referent). Each
inbox here is a fixed number of queries whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from cases.models import (
    Case,
    CaseDeadline,
    Closure,
    OutcomeDecision,
    RoleMembership,
    TriageDecision,
    TriageOutcome,
    User,
)
from cases.selectors.case_page import present
from workflows.deadlines import get_rule
from workflows.flows import CaseFlow
from workflows.models import OpenTask
from workflows.nodes import CaseTask
from workflows.status import DONE, IN_HAND, OPEN_STATUSES, UNASSIGNED


def nodes_for_role(role: str) -> list[CaseTask]:
    return [n for n in CaseFlow.instance.nodes() if isinstance(n, CaseTask) and n.role == role]


def _ordered(rows: QuerySet[OpenTask]) -> QuerySet[OpenTask]:
    return rows.order_by(F("due_on").asc(nulls_last=True), "created")


def my_tasks(user: User) -> QuerySet[OpenTask]:
    """The user's open tasks (their inbox rows), soonest due first."""
    return _ordered(OpenTask.objects.filter(owner=user, status__in=IN_HAND))


def claimable_tasks(
    user: User, memberships: Iterable[tuple[int, str]] | None = None
) -> QuerySet[OpenTask]:
    """Unassigned tasks of a step whose role the user holds in the case's entity.

    ``memberships``: the user's (entity id, role) pairs when the caller has them.
    Cases where the user declared a conflict are left out (T2).
    """
    if memberships is None:
        memberships = RoleMembership.objects.filter(user=user).values_list("entity_id", "role")
    steps: dict[int, list[str]] = {}
    for entity_id, role in memberships:
        steps.setdefault(entity_id, []).extend(n.name for n in nodes_for_role(role))
    condition = Q(pk__in=[])
    for entity_id, names in steps.items():
        if names:
            condition |= Q(entity_id=entity_id, step__in=names)
    rows = OpenTask.objects.filter(condition, owner__isnull=True, status=UNASSIGNED).exclude(
        case__conflicts__user=user
    )
    return _ordered(rows)


def step_titles() -> dict[str, str]:
    """Each human step's title, in the active language."""
    return {n.name: str(n.task_title) for n in CaseFlow.instance.nodes() if isinstance(n, CaseTask)}


@dataclass
class TaskAccess:
    task: Task
    is_owner: bool
    claimable: bool


def task_for_user_or_404(user: User, task_id: int) -> TaskAccess:
    """The task if the user owns it or may claim it; 404 otherwise (T1)."""
    task = (
        Task.objects.filter(pk=task_id, process__caseprocess__isnull=False)
        .select_related("process")
        .first()
    )
    if task is None or not isinstance(task.flow_task, CaseTask):
        raise Http404
    node: CaseTask = task.flow_task
    is_owner = task.owner_id == user.pk and task.status in OPEN_STATUSES
    claimable = task.status == UNASSIGNED and node.can_assign(user, task)
    if not (is_owner or claimable):
        raise Http404
    return TaskAccess(task=task, is_owner=is_owner, claimable=claimable)


def eligible_assignees(task: Task) -> QuerySet[User]:
    node: CaseTask = task.flow_task
    case = task.process.caseprocess.case
    return (
        User.objects.filter(
            memberships__entity_id=case.entity_id, memberships__role=node.role, is_active=True
        )
        .exclude(pk__in=case.conflicts.values("user_id"))
        .distinct()
        .order_by("last_name", "first_name")
    )


@dataclass(frozen=True)
class DeadlineRow:
    """A deadline of the case as its page shows it: the rule, its source, its state today.

    Four states, so that a deadline met after its date never reads as kept: ``met`` (on
    or before the due date), ``met_late`` (``days`` late), ``overdue`` (not met, ``days``
    past the due date) and ``running`` (not met, ``days`` left, 0 on the due date).
    """

    label: str
    source: str
    due_on: dt.date
    met_on: dt.date | None
    state: Literal["met", "met_late", "overdue", "running"]
    days: int = 0


def _deadline_state(
    due_on: dt.date, met_on: dt.date | None, today: dt.date
) -> tuple[Literal["met", "met_late", "overdue", "running"], int]:
    if met_on is not None:
        late = (met_on - due_on).days
        return ("met_late", late) if late > 0 else ("met", 0)
    if due_on < today:
        return "overdue", (today - due_on).days
    return "running", (due_on - today).days


def case_deadlines(case: Case, today: dt.date) -> list[DeadlineRow]:
    """The case's deadlines, soonest first: met on time or late, overdue, or running."""
    rows = []
    for deadline in CaseDeadline.objects.filter(case=case).order_by("due_on"):
        rule = get_rule(deadline.rule)
        state, days = _deadline_state(deadline.due_on, deadline.met_on, today)
        rows.append(
            DeadlineRow(
                label=str(rule.label),
                source=str(rule.source),
                due_on=deadline.due_on,
                met_on=deadline.met_on,
                state=state,
                days=days,
            )
        )
    return rows


@dataclass
class TimelineEntry:
    at: object
    actor: object
    label: str
    detail: str = ""
    reasoning: str = ""


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every step, with who did it, what was decided and why (decrypted for the reader)."""
    entries: list[TimelineEntry] = []
    steps = (
        Task.objects.filter(process__caseprocess__case=case, status=DONE)
        .order_by()
        .values_list(
            "finished", "flow_task", "owner__first_name", "owner__last_name", "owner__username"
        )
    )
    for finished, node, first_name, last_name, username in steps:
        if isinstance(node, CaseTask):
            # ``User.__str__``, without building each owner.
            actor = f"{first_name or ''} {last_name or ''}".strip() or username
            entries.append(TimelineEntry(finished, actor, str(node.task_title)))
    if present(case, "triage_decisions"):
        triage_labels = dict(TriageOutcome.choices)
        for d in TriageDecision.objects.filter(case=case).select_related("decided_by"):
            entries.append(
                TimelineEntry(
                    d.decided_at,
                    d.decided_by,
                    _("Décision de qualification"),
                    ", ".join(str(triage_labels.get(o, o)) for o in d.outcomes),
                    d.reasoning or "",
                )
            )
    if present(case, "outcome_decisions"):
        outcome_labels = dict(OutcomeDecision.Outcome.choices)
        for o in OutcomeDecision.objects.filter(case=case).select_related("decided_by"):
            entries.append(
                TimelineEntry(
                    o.decided_at,
                    o.decided_by,
                    _("Décision de la direction"),
                    ", ".join(str(outcome_labels.get(x, x)) for x in o.outcomes),
                    o.reasoning or "",
                )
            )
    if not present(case, "closures"):
        return sorted(entries, key=lambda e: e.at, reverse=True)  # type: ignore[arg-type,return-value]
    for c in Closure.objects.filter(case=case).select_related("closed_by", "reopened_by"):
        entries.append(
            TimelineEntry(
                c.closed_at, c.closed_by, _("Clôture"), c.get_reason_display(), c.detail or ""
            )
        )
        if c.reopened_at:
            entries.append(
                TimelineEntry(
                    c.reopened_at, c.reopened_by, _("Réouverture"), "", c.reopen_reason or ""
                )
            )
    return sorted(entries, key=lambda e: e.at, reverse=True)  # type: ignore[arg-type,return-value]
