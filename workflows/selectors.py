"""Inboxes and task lookups, filtered by role, entity, ownership and conflicts.

Written on Recueil's own tables rather than viewflow's ``queue()``/``user_queue()``,
which with guardian installed loads a user's object permissions one by one and
builds an unindexable IN list (thousands of queries for a busy referent). Each
inbox here is a fixed number of queries whatever the number of cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Window
from django.http import Http404
from viewflow.workflow.models import Task

from cases.models import Case, RoleMembership, User
from workflows.flows import CaseFlow
from workflows.nodes import CaseTask

OPEN = ("NEW", "ASSIGNED", "STARTED")


def nodes_for_role(role: str) -> list[CaseTask]:
    return [n for n in CaseFlow.instance.nodes() if isinstance(n, CaseTask) and n.role == role]


def _annotated(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.annotate(
        case_id=F("process__caseprocess__case_id"),
        case_reference=F("process__caseprocess__case__reference"),
        entity_name=F("process__caseprocess__case__entity__name"),
        due_on=F("due__due_on"),
    ).order_by(F("due__due_on").asc(nulls_last=True), "created")


def my_tasks(user: User) -> QuerySet[Task]:
    return _annotated(Task.objects.filter(owner=user, status__in=("ASSIGNED", "STARTED")))


def claimable_tasks(
    user: User, memberships: Iterable[tuple[int, str]] | None = None
) -> QuerySet[Task]:
    """Unassigned tasks of a step whose role the user holds in the case's entity.

    ``memberships``: the user's (entity id, role) pairs when the caller has them.
    """
    if memberships is None:
        memberships = RoleMembership.objects.filter(user=user).values_list("entity_id", "role")
    condition = Q(pk__in=[])
    for entity_id, role in memberships:
        nodes = nodes_for_role(role)
        if nodes:
            condition |= Q(process__caseprocess__case__entity_id=entity_id, flow_task__in=nodes)
    tasks = Task.objects.filter(condition, status="NEW", owner__isnull=True).exclude(
        process__caseprocess__case__conflicts__user=user
    )
    return _annotated(tasks)


@dataclass
class InboxRow:
    pk: int
    title: str
    due_on: object
    case_reference: str
    entity_name: str


@dataclass
class InboxPage:
    rows: list[InboxRow]
    number: int
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


INBOX_PAGE_SIZE = 25


def inbox_page(tasks: QuerySet[Task], number: int, size: int | None = None) -> InboxPage:
    """One page of an inbox, as plain rows, counted in the same query (a window).

    Rows are read with ``values()``: viewflow's task iterable re-casts every task
    to its process class, which cost more than the page itself.
    """
    size = size or INBOX_PAGE_SIZE
    number = max(1, number)
    values = tasks.annotate(total=Window(Count("pk"))).values(
        "pk", "flow_task", "due_on", "case_reference", "entity_name", "total"
    )
    found = list(values[(number - 1) * size : number * size])
    if not found and number > 1:
        # Past the last page (tasks were taken meanwhile): show the last one.
        total = tasks.count()
        number = max(1, -(-total // size))
        found = list(values[(number - 1) * size : number * size])
    total = found[0]["total"] if found else 0
    rows = [
        InboxRow(
            pk=row["pk"],
            title=str(row["flow_task"].task_title),
            due_on=row["due_on"],
            case_reference=row["case_reference"],
            entity_name=row["entity_name"],
        )
        for row in found
    ]
    return InboxPage(rows=rows, number=number, pages=max(1, -(-total // size)), total=total)


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
    is_owner = task.owner_id == user.pk and task.status in OPEN
    claimable = task.status == "NEW" and node.can_assign(user, task)
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


@dataclass
class TimelineEntry:
    at: object
    actor: object
    label: str
    detail: str = ""
    reasoning: str = ""


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every step, with who did it, what was decided and why (decrypted for the reader)."""
    from django.utils.translation import gettext as _

    from cases.models import Closure, OutcomeDecision, TriageDecision, TriageOutcome

    entries: list[TimelineEntry] = []
    tasks = Task.objects.filter(process__caseprocess__case=case, status="DONE").select_related(
        "owner"
    )
    for task in tasks:
        if isinstance(task.flow_task, CaseTask):
            entries.append(TimelineEntry(task.finished, task.owner, str(task.flow_task.task_title)))
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
    for c in Closure.objects.filter(case=case).select_related("closed_by"):
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
