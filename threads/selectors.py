"""Reads of conversations for lists: which hold messages no handler has read yet.

One statement each, whatever the number of cases: the unread count is a column of the
thread (kept by the services), read through the reader's case grants (an index range)
or, for questions, the listener's entities (the partial index on unread threads).
Only references, counts and dates are read — never a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q

from cases.core.links import url_pattern
from cases.models import CaseGrant, CasePermission, User
from cases.selectors.cases import case_permission_id
from threads.models import ReporterThread

UNREAD_ROWS = 20


@dataclass(frozen=True)
class UnreadRow:
    label: str  # a case reference, or "" for a question (it has none)
    url: str
    unread: int
    last_message_at: Any
    question: bool


def unread_threads(
    user: User, listener_entities: Iterable[int] = (), *, limit: int = UNREAD_ROWS
) -> list[UnreadRow]:
    """Conversations with unread messages from the reporting person that ``user`` handles:
    cases they hold ``triage_case`` on, and questions of the entities they listen for."""
    if not user.is_authenticated or not user.is_active:
        return []
    # Read from the unread threads, each checked against the reader's grant (one index
    # probe), not from the reader's grants, each probed for a thread: a referent holds
    # hundreds of cases, few of which have a message waiting (SQLite 100 000: 3 ms to
    # find nothing the other way round).
    held = CaseGrant.objects.filter(
        content_object_id=OuterRef("case_id"),
        user=user,
        permission_id=case_permission_id(CasePermission.TRIAGE),
    )
    wanted = Q(Exists(held))
    entities = list(listener_entities)
    if entities:
        wanted |= Q(case__isnull=True, contact__isnull=False, entity_id__in=entities)
    rows = (
        ReporterThread.objects.filter(wanted, unread_by_handlers__gt=0)
        .select_related("case")
        .only(
            "pk",
            "case_id",
            "contact_id",
            "unread_by_handlers",
            "last_message_at",
            "case__reference",
        )
        .order_by("-last_message_at")[:limit]
    )
    case_url = url_pattern("case-detail", "case_id")
    contact_url = url_pattern("contact-detail", "contact_id")
    return [
        UnreadRow(
            label=t.case.reference if t.case is not None else "",
            url=(case_url.format(t.case_id) if t.case_id else contact_url.format(t.contact_id))
            + "#reporter-exchanges",
            unread=t.unread_by_handlers,
            last_message_at=t.last_message_at,
            question=t.case_id is None,
        )
        for t in rows
    ]


def questions_of(listener_entities: Iterable[int]) -> list[ReporterThread]:
    """The portal questions of these entities still with the listening cell, newest
    activity first (with their record: date and channel, not its content)."""
    entities = list(listener_entities)
    if not entities:
        return []
    return list(
        ReporterThread.objects.filter(
            case__isnull=True, contact__isnull=False, entity_id__in=entities
        )
        .select_related("contact", "entity")
        .defer("notify_address", "contact__narrative", "contact__identity")
        .order_by("-last_message_at", "-created_at")
    )
