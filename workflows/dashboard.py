"""The start page's reading of the procedure: what is late, what is due this week, what
was just handed to the person, what waits in their entity's pool — urgent cases first.

Read from the ``OpenTask`` inbox table (as ``workflows.inbox``), never task by task:
two statements (the person's tasks, the pool's first rows), whatever their number.
A case is urgent when its first contact reported a serious and immediate danger or
facts still going on. Only ids, step names, references and dates are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.core.links import url_pattern
from cases.models import Contact, User
from workflows.deadlines import RULES
from workflows.hooks import PendingAction, pending_actions
from workflows.models import OpenTask
from workflows.selectors import claimable_tasks, my_tasks, step_titles

SOON_DAYS = 7  # "due this week": within seven days from today
NEW_DAYS = 7  # "newly assigned": handed over within the last seven days
POOL_ROWS = 10
MINE_ROWS = 100


@dataclass
class DashboardTask:
    pk: int
    title: str
    case_reference: str
    url: str
    due_on: dt.date | None
    due_label: str
    countdown: str
    overdue: bool
    urgent: bool


@dataclass
class Dashboard:
    overdue: list[DashboardTask] = field(default_factory=list)
    due_soon: list[DashboardTask] = field(default_factory=list)
    newly_assigned: list[DashboardTask] = field(default_factory=list)
    in_hand: int = 0
    pool: list[DashboardTask] = field(default_factory=list)
    pool_total: int = 0
    actions: list[PendingAction] = field(default_factory=list)


def countdown(due_on: dt.date | None, today: dt.date) -> str:
    """ "en retard de 3 jours", "aujourd'hui", "demain", "dans 2 jours"."""
    if due_on is None:
        return ""
    days = (due_on - today).days
    if days < 0:
        return ngettext("en retard de %(n)d jour", "en retard de %(n)d jours", -days) % {"n": -days}
    if days == 0:
        return _("aujourd'hui")
    if days == 1:
        return _("demain")
    return ngettext("dans %(n)d jour", "dans %(n)d jours", days) % {"n": days}


def _urgent() -> Exists:
    return Exists(
        Contact.objects.filter(case_id=OuterRef("case_id")).filter(Q(danger=True) | Q(ongoing=True))
    )


_FIELDS = ("task_id", "step", "due_on", "case__reference", "urgent", "task__assigned")


def _rows(rows: Iterable[dict], today: dt.date) -> list[tuple[DashboardTask, dt.datetime | None]]:
    titles, url = step_titles(), url_pattern("task", "task_id", "int")
    # A hundred tasks share a few dozen due dates: each date is worded once.
    words: dict[dt.date, tuple[str, str]] = {}
    found = []
    for row in rows:
        due_on = row["due_on"]
        if due_on is not None and due_on not in words:
            words[due_on] = (date_format(due_on, "DATE_FORMAT"), countdown(due_on, today))
        label, left = words[due_on] if due_on is not None else ("", "")
        task = DashboardTask(
            pk=row["task_id"],
            title=titles.get(row["step"], row["step"]),
            case_reference=row["case__reference"],
            url=url.format(row["task_id"]),
            due_on=due_on,
            due_label=label,
            countdown=left,
            overdue=bool(due_on and due_on < today),
            urgent=row["urgent"],
        )
        found.append((task, row["task__assigned"]))
    return found


def _urgent_first(tasks: list[DashboardTask]) -> list[DashboardTask]:
    # ``sorted`` is stable: within each group the due-date order of the query stays.
    return sorted(tasks, key=lambda t: not t.urgent)


def dashboard_read(
    user: User, memberships: Iterable[tuple[int, str]], *, today: dt.date | None = None
) -> Dashboard:
    """What ``user`` should see first; tasks of their own and of their roles' pools only."""
    today = today or timezone.localdate()
    board = Dashboard()
    mine = _rows(my_tasks(user).annotate(urgent=_urgent()).values(*_FIELDS)[:MINE_ROWS], today)
    board.in_hand = len(mine)
    recent = timezone.now() - dt.timedelta(days=NEW_DAYS)
    soon = today + dt.timedelta(days=SOON_DAYS)
    for task, assigned in mine:
        if task.overdue:
            board.overdue.append(task)
        elif task.due_on is not None and task.due_on <= soon:
            board.due_soon.append(task)
        elif assigned is not None and assigned >= recent:
            board.newly_assigned.append(task)
    board.overdue = _urgent_first(board.overdue)
    board.due_soon = _urgent_first(board.due_soon)
    board.newly_assigned = _urgent_first(board.newly_assigned)
    memberships = list(memberships)
    # The pool's total comes with its first rows (a window count over the same filter):
    # one statement whether the pool is short or long.
    pool = claimable_tasks(user, memberships).annotate(
        urgent=_urgent(), pool_total=Window(Count("pk"))
    )
    rows = list(
        pool.order_by("-urgent", F("due_on").asc(nulls_last=True), "created").values(
            *_FIELDS, "pool_total"
        )[:POOL_ROWS]
    )
    board.pool = [task for task, _assigned in _rows(rows, today)]
    board.pool_total = rows[0]["pool_total"] if rows else 0
    board.actions = pending_actions(user, {role for _e, role in memberships})
    return board


@dataclass
class TaskDeadline:
    due_on: dt.date
    due_label: str
    countdown: str
    overdue: bool
    rule_label: str
    source: str


def task_deadline(task_id: int, today: dt.date) -> TaskDeadline | None:
    """The due date of an open task with the rule it comes from and that rule's source."""
    row = OpenTask.objects.filter(task_id=task_id, due_on__isnull=False).values("due_on", "rule")
    found = row.first()
    due_on: dt.date | None = found["due_on"] if found else None
    if found is None or due_on is None:
        return None
    rule = RULES.get(found["rule"])
    return TaskDeadline(
        due_on=due_on,
        due_label=date_format(due_on, "DATE_FORMAT"),
        countdown=countdown(due_on, today),
        overdue=due_on < today,
        rule_label=str(rule.label) if rule else "",
        source=str(rule.source) if rule else "",
    )
