"""The facts counted, month by month, from rows that carry no confidential field.

Every fact of a report is dated by the report's month (the month its case was created):
"reports received in the period and what became of them". Deadlines are dated by the
month they fell due. Listening records kept without hand-over by their contact date.
Only enums, dates and counts are read: a shredded case (status SHREDDED, key destroyed,
blind index wiped) keeps every one of them, so the figures do not move when a case is
anonymised.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.models import (
    Article40Referral,
    Case,
    CaseCategory,
    CaseDeadline,
    Contact,
    OutcomeDecision,
    ProtectionRequest,
    ProtectiveMeasure,
    TriageDecision,
)
from cases.models.discipline import DisciplinaryOutcome

Key = tuple[int, dt.date, str, str]  # entity id, month, dimension, code

# Deadlines whose compliance and delay are reported (workflows.deadlines.RULES codes).
DEADLINE_RULES = ("acknowledgement", "feedback", "meeting")
# Deadline states: every deadline that fell due is in exactly one.
ON_TIME, LATE, MISSED, OPEN = "on_time", "late", "missed", "open"
DEADLINE_STATES = (ON_TIME, LATE, MISSED, OPEN)
# Delays beyond this many days are counted in its bucket (medians stay exact below it).
DELAY_CAP = 400


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def _grouped(counts: Counter[Key], rows: Iterable[tuple[Any, Any, Any, int]], dim: str) -> None:
    for entity_id, month, code, n in rows:
        counts[(entity_id, _month(month), dim, "" if code is None else str(code))] += n


def facts(start: dt.date, end: dt.date, *, today: dt.date | None = None) -> Counter[Key]:
    """Every count of the months from ``start`` (a first of month) to ``end`` (excluded)."""
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end, dt.time.min, tzinfo=tz)
    counts: Counter[Key] = Counter()
    cases = Case.objects.filter(created_at__gte=lo, created_at__lt=hi)
    monthly = cases.annotate(m=TruncMonth("created_at"))

    def by(qs: QuerySet, code: str | None, entity: str = "entity_id", month: str = "m"):
        if code is None:
            plain = qs.values_list(entity, month).annotate(n=Count("pk")).order_by()
            return [(e, m, "", n) for e, m, n in plain]
        return qs.values_list(entity, month, code).annotate(n=Count("pk")).order_by()

    _grouped(counts, by(monthly, None), "reports")
    # The contact handed over, or none (a case opened directly): disjoint and complete,
    # so each breakdown sums to the reports.
    for dim, field in (
        ("channel", "first_contact__channel"),
        ("kind", "first_contact__contact_kind"),
        ("status", "first_contact__person_status"),
    ):
        _grouped(counts, by(monthly, field), dim)
    urgency = monthly.values_list(
        "entity_id", "m", "first_contact__danger", "first_contact__ongoing"
    )
    for entity_id, m, danger, ongoing, n in urgency.annotate(n=Count("pk")).order_by():
        code = "danger" if danger else "ongoing" if ongoing else "none"
        counts[(entity_id, _month(m), "urgency", code)] += n
    links = CaseCategory.objects.filter(case__in=cases).annotate(m=TruncMonth("case__created_at"))
    _grouped(counts, by(links, "category__code", "case__entity_id"), "category")

    def related(qs: QuerySet, code: str | None, dim: str) -> None:
        rows = qs.filter(case__in=cases).annotate(m=TruncMonth("case__created_at"))
        _grouped(counts, by(rows, code, "case__entity_id"), dim)

    related(Article40Referral.objects.all(), None, "article40")
    related(ProtectiveMeasure.objects.all(), "kind", "measure")
    related(ProtectionRequest.objects.all(), "decision", "protection")
    # One row per implicated person: sanctions are counted per person, not per case.
    related(DisciplinaryOutcome.objects.all(), "sanction", "sanction")
    for model, dim in ((TriageDecision, "triage"), (OutcomeDecision, "decision")):
        rows = (
            model.objects.filter(case__in=cases)
            .values_list("case_id", "case__entity_id", "case__created_at", "outcomes")
            .order_by()
        )
        seen: dict[object, tuple[int, dt.date, set[str]]] = {}
        for case_id, entity_id, created, outcomes in rows:
            entry = seen.setdefault(case_id, (entity_id, _month(created), set()))
            entry[2].update(str(o) for o in outcomes or [])
        for entity_id, m, codes in seen.values():
            for code in codes:
                counts[(entity_id, m, dim, code)] += 1

    contacts = Contact.objects.filter(contacted_on__gte=start, contacted_on__lt=end)
    listening = contacts.filter(case__isnull=True).annotate(m=TruncMonth("contacted_on"))
    _grouped(counts, by(listening, None), "listening")
    for entity_id, contacted, orientations in contacts.values_list(
        "entity_id", "contacted_on", "orientations"
    ):
        for code in set(orientations or []):
            counts[(entity_id, _month(contacted), "accompaniment", str(code))] += 1
    _deadline_facts(counts, start, min(end, today), today)
    return +counts


def _deadline_facts(counts: Counter[Key], start: dt.date, end: dt.date, today: dt.date) -> None:
    """Every deadline that fell due (before today) in the months: met on time, met late,
    missed (never met, its case closed) or still open past due; and the delay of those met."""
    rows = CaseDeadline.objects.filter(
        rule__in=DEADLINE_RULES, due_on__gte=start, due_on__lt=end
    ).values_list("case__entity_id", "rule", "start_on", "due_on", "met_on", "case__status")
    for entity_id, rule, start_on, due_on, met_on, status in rows:
        if met_on is not None and met_on <= due_on:
            state = ON_TIME
        elif met_on is not None:
            state = LATE
        elif status == Case.Status.OPEN:
            state = OPEN
        else:
            state = MISSED
        month = month_of(due_on)
        counts[(entity_id, month, "deadline", f"{rule}:{state}")] += 1
        if met_on is not None:
            days = min(max((met_on - start_on).days, 0), DELAY_CAP)
            counts[(entity_id, month, "delay", f"{rule}:{days}")] += 1
