"""The two lists of the inbox page, read in one SQL statement.

"À faire maintenant" (the user's open tasks) and "À prendre en charge" (unassigned
tasks of a step whose role the user holds in the case's entity, cases in conflict
left out) are the same rows as ``selectors.my_tasks`` and ``selectors.claimable_tasks``
(a test holds them equal), read from the ``OpenTask`` inbox table.

Written in SQL rather than with the ORM on purpose: the inbox is the page every
member of staff opens first and most often, and building the two querysets cost
Django twice as long as PostgreSQL took to run them (about 2 ms against 0.8 ms
each at 20 000 cases). One statement, parameters bound, portable to SQLite and
PostgreSQL: each list is cut at one page in its own sub-select, and carries its total
as an uncorrelated scalar sub-query, counted once on the table's index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils.formats import date_format

from cases.core.links import url_pattern
from cases.models import User
from workflows.selectors import nodes_for_role, step_titles
from workflows.status import IN_HAND, UNASSIGNED

PAGE_SIZE = 25


@dataclass
class InboxRow:
    pk: int
    title: str
    due_on: dt.date | None
    case_reference: str
    entity_name: str
    url: str
    due_label: str
    overdue: bool
    urgency: str = ""  # "danger", "ongoing" or "": pinned first, with its badge
    unread: int = 0  # the reporting person's messages no handler has read (threads)


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


@dataclass
class Inbox:
    mine: InboxPage
    claimable: InboxPage


# Urgent reports (the first contact's flags) first, then by due date.
_COLUMNS = (
    "SELECT {list} AS list, o.task_id, o.step, o.due_on, c.reference, e.name, ({total}) AS total, "
    "CASE WHEN f.danger THEN 'danger' WHEN f.ongoing THEN 'ongoing' ELSE '' END AS urgency, "
    "COALESCE(r.unread_by_handlers, 0) AS unread "
    "FROM workflows_opentask o "
    "JOIN cases_case c ON c.id = o.case_id "
    "JOIN cases_entity e ON e.id = o.entity_id "
    "LEFT JOIN cases_contact f ON f.case_id = o.case_id "
    # The conversation's unread counter: a column on a row found by its unique case key,
    # so the badge costs no query per row.
    "LEFT JOIN threads_reporterthread r ON r.case_id = o.case_id "
)
_ORDER = (
    " ORDER BY CASE WHEN f.danger OR f.ongoing THEN 0 ELSE 1 END,"
    " o.due_on ASC NULLS LAST, o.created ASC, o.task_id ASC LIMIT %s OFFSET %s"
)


# Status literals written into the SQL (constants of ``workflows.status``, not input),
# so that the planner sees them as it sees the indexes' own.
_IN_HAND = ", ".join(f"'{status}'" for status in IN_HAND)
_UNASSIGNED = f"'{UNASSIGNED}'"


def _mine(alias: str, user_id: int) -> tuple[str, list[int | str]]:
    return (
        f"{alias}.owner_id = %s AND {alias}.status IN ({_IN_HAND})",
        [user_id],
    )


def _pool(alias: str, user_id: int, steps: dict[int, list[str]]) -> tuple[str, list[int | str]]:
    alternatives: list[str] = []
    params: list[int | str] = []
    for entity_id, names in steps.items():
        marks = ", ".join(["%s"] * len(names))
        alternatives.append(f"({alias}.entity_id = %s AND {alias}.step IN ({marks}))")
        params.extend([entity_id, *names])
    sql = (
        f"{alias}.owner_id IS NULL AND {alias}.status = {_UNASSIGNED} AND ({' OR '.join(alternatives)}) "  # noqa: S608
        f"AND NOT EXISTS (SELECT 1 FROM cases_conflictdeclaration d "
        f"WHERE d.case_id = {alias}.case_id AND d.user_id = %s)"
    )
    return sql, [*params, user_id]


def _select(
    name: str, where: tuple[str, list[int | str]], counted: tuple[str, list[int | str]]
) -> str:
    # S608: every fragment is a constant of this module; values are bound parameters.
    total = f"SELECT COUNT(*) FROM workflows_opentask t WHERE {counted[0]}"  # noqa: S608
    head = _COLUMNS.format(list=f"'{name}'", total=total)
    return f"SELECT * FROM ({head}WHERE {where[0]}{_ORDER}) {name}_page"  # noqa: S608


def _claimable_steps(memberships: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    steps: dict[int, list[str]] = {}
    for entity_id, role in memberships:
        steps.setdefault(entity_id, []).extend(n.name for n in nodes_for_role(role))
    return {entity_id: names for entity_id, names in steps.items() if names}


def _read(
    user: User, steps: dict[int, list[str]], mine_number: int, pool_number: int, size: int
) -> dict[str, list[tuple]]:
    parts: list[str] = []
    params: list[int | str] = []
    mine_where, mine_count = _mine("o", user.pk), _mine("t", user.pk)
    parts.append(_select("mine", mine_where, mine_count))
    params += [*mine_count[1], *mine_where[1], size, (mine_number - 1) * size]
    if steps:
        pool_where, pool_count = _pool("o", user.pk, steps), _pool("t", user.pk, steps)
        parts.append(_select("pool", pool_where, pool_count))
        params += [*pool_count[1], *pool_where[1], size, (pool_number - 1) * size]
    found: dict[str, list[tuple]] = {"mine": [], "pool": []}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for row in cursor.fetchall():
            found[row[0]].append(row[1:])
    return found


def _page(rows: list[tuple], number: int, size: int, today: dt.date) -> InboxPage:
    titles = step_titles()
    total = rows[0][5] if rows else 0
    url = url_pattern("task", "task_id", "int")
    return InboxPage(
        rows=[
            InboxRow(
                pk=task_id,
                title=titles.get(step, step),
                due_on=due_on,
                case_reference=reference,
                entity_name=entity,
                url=url.format(task_id),
                # The locale's own format, as every date of the site (a page is a few rows).
                due_label=date_format(due_on, "DATE_FORMAT") if due_on else "",
                overdue=bool(due_on and due_on < today),
                urgency=urgency or "",
                unread=unread or 0,
            )
            for task_id, step, due_on, reference, entity, _, urgency, unread in rows
        ],
        number=number,
        pages=max(1, -(-total // size)),
        total=total,
    )


def inbox_read(
    user: User,
    memberships: Iterable[tuple[int, str]],
    *,
    mine_number: int = 1,
    pool_number: int = 1,
    today: dt.date,
    size: int | None = None,
) -> Inbox:
    """Both lists of the inbox, one page each; a page past the end shows the last one."""
    size = size or PAGE_SIZE
    mine_number, pool_number = max(1, mine_number), max(1, pool_number)
    steps = _claimable_steps(memberships)
    found = _read(user, steps, mine_number, pool_number, size)
    stale = [(n, name) for n, name in ((mine_number, "mine"), (pool_number, "pool")) if n > 1]
    if any(not found[name] for _, name in stale):
        # Tasks were taken meanwhile and a page is now past the end: read the last ones.
        first = _read(user, steps, 1, 1, size)
        last = {
            name: max(1, -(-(first[name][0][5] if first[name] else 0) // size))
            for name in ("mine", "pool")
        }
        mine_number = min(mine_number, last["mine"])
        pool_number = min(pool_number, last["pool"])
        found = _read(user, steps, mine_number, pool_number, size)
    return Inbox(
        mine=_page(found["mine"], mine_number, size, today),
        claimable=_page(found["pool"], pool_number, size, today),
    )
