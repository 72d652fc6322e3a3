"""The history page's filters: who, what kind of act, between which dates.

Filters narrow ``case_history`` (the audit events about the case); the choices offered
are only the people and kinds of act that appear in this case's own history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from cases.core.audit.labels import action_label
from cases.models import AuditEvent, Case, User
from cases.selectors.cases import case_history


@dataclass(frozen=True)
class HistoryFilter:
    actor_id: int | None = None
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def history_people(case: Case) -> QuerySet[User]:
    ids = case_history(case).order_by().values("actor_id").distinct()
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def history_kinds(case: Case) -> list[tuple[str, str]]:
    codes = case_history(case).order_by().values_list("action", flat=True).distinct()
    return sorted(((code, action_label(code)) for code in set(codes)), key=lambda c: c[1])


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def history_filtered(case: Case, wanted: HistoryFilter) -> QuerySet[AuditEvent]:
    events = case_history(case)
    if wanted.actor_id is not None:
        events = events.filter(actor_id=wanted.actor_id)
    if wanted.action:
        events = events.filter(action=wanted.action)
    if wanted.since is not None:
        events = events.filter(occurred_at__gte=_start_of(wanted.since))
    if wanted.until is not None:
        events = events.filter(occurred_at__lt=_start_of(wanted.until + dt.timedelta(days=1)))
    return events
