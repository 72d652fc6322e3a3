"""Keeping the monthly counts up to date (called by the timers, and by the annual report)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cases.core.audit.services import audit_record
from cases.models import (
    Article40Referral,
    Case,
    CaseDeadline,
    Contact,
    OutcomeDecision,
    ProtectionRequest,
    ProtectiveMeasure,
    TriageDecision,
    User,
)
from cases.models.discipline import DisciplinaryOutcome
from indicators.facts import facts, month_of
from indicators.models import MonthlyCount, Publication, RefreshMark

# Months always recounted by an incremental refresh: deadlines fall due and are met
# in them, whatever row changed.
RECENT_MONTHS = 4


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _months_touched(since: dt.datetime, today: dt.date) -> set[dt.date]:
    """Months whose counts may have changed since ``since``: the recent months, the months
    of the reports touched (their case, or a decision recorded in it) and of the
    deadlines met since then."""
    months = set()
    month = month_of(today)
    for _ in range(RECENT_MONTHS):
        months.add(month)
        month = month_of(month - dt.timedelta(days=1))
    case_ids: set[object] = set(
        Case.objects.filter(updated_at__gte=since).values_list("pk", flat=True)
    )
    for model, stamp in (
        (TriageDecision, "decided_at"),
        (OutcomeDecision, "decided_at"),
        (Article40Referral, "recorded_at"),
        (ProtectionRequest, "recorded_at"),
        (DisciplinaryOutcome, "recorded_at"),
    ):
        case_ids |= set(
            model.objects.filter(**{f"{stamp}__gte": since}).values_list("case_id", flat=True)
        )
    case_ids |= set(
        ProtectiveMeasure.objects.filter(decided_on__gte=since.date()).values_list(
            "case_id", flat=True
        )
    )
    for created in Case.objects.filter(pk__in=case_ids).values_list("created_at", flat=True):
        months.add(month_of(timezone.localtime(created).date()))
    # A deadline's state moves when it is met, or when its case closes (open -> missed).
    deadlines = CaseDeadline.objects.filter(met_on__gte=since.date()) | CaseDeadline.objects.filter(
        case_id__in=case_ids
    )
    for due in deadlines.values_list("due_on", flat=True):
        months.add(month_of(due))
    for contacted in Contact.objects.filter(logged_at__gte=since).values_list(
        "contacted_on", flat=True
    ):
        months.add(month_of(contacted))
    return months


def counts_refresh(*, actor: User | None = None, full: bool = False) -> int:
    """Recount the months that may have changed (all of them when ``full``) and store
    their counts. Called by the timers (hourly incremental, nightly full) with no actor.
    Audited as ``indicators.refreshed`` with the number of months recounted."""
    now = timezone.now()
    today = timezone.localdate()
    mark = RefreshMark.objects.order_by("-refreshed_at").first()
    with transaction.atomic():
        if full or mark is None:
            first = Case.objects.order_by("created_at").values_list("created_at", flat=True)
            first_contact = Contact.objects.order_by("contacted_on").values_list(
                "contacted_on", flat=True
            )
            starts = [month_of(today)]
            created, contacted = first.first(), first_contact.first()
            due = CaseDeadline.objects.order_by("due_on").values_list("due_on", flat=True).first()
            if created is not None:
                starts.append(month_of(timezone.localtime(created).date()))
            for day in (contacted, due):
                if day is not None:
                    starts.append(month_of(day))
            start, end = min(starts), _next_month(month_of(today))
            MonthlyCount.objects.all().delete()
            _store(facts(start, end, today=today))
            months = (end.year - start.year) * 12 + end.month - start.month
        else:
            touched = _months_touched(mark.refreshed_at - dt.timedelta(minutes=5), today)
            for month in sorted(touched):
                MonthlyCount.objects.filter(month=month).delete()
                _store(facts(month, _next_month(month), today=today))
            months = len(touched)
        RefreshMark.objects.all().delete()
        RefreshMark.objects.create(refreshed_at=now, full=full or mark is None)
        _publish_standard_periods(now, today)
        audit_record(
            actor=actor,
            action="indicators.refreshed",
            details={"months": months, "full": full or mark is None},
        )
    return months


# Standard periods published by the timer: this many calendar and academic years back.
PUBLISHED_YEARS = 10


def _publish_standard_periods(now: dt.datetime, today: dt.date) -> None:
    """Publish every year and academic year a page may ask for, so that it only reads
    them. Computed from the counts just stored, each over every entity."""
    from indicators import periods
    from indicators.selectors import compute_lattice, dumped

    Publication.objects.all().delete()
    rows = []
    for year in range(today.year - PUBLISHED_YEARS, today.year + 1):
        for period in (periods.year(year), periods.academic(year)):
            if period.start > today:
                continue
            data = dumped(compute_lattice(period, today))
            rows.append(
                Publication(
                    start=period.start,
                    end=period.published_end(today),
                    refreshed_at=now,
                    data=data,
                )
            )
    Publication.objects.bulk_create(rows)


def _store(counts: dict[tuple[int, dt.date, str, str], int]) -> None:
    MonthlyCount.objects.bulk_create(
        [
            MonthlyCount(entity_id=e, month=m, dimension=d, code=c, count=n)
            for (e, m, d, c), n in counts.items()
        ],
        batch_size=2000,
    )
