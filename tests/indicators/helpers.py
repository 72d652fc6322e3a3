"""Generated data with known counts, dated where the test wants it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases.models import Case, CaseDeadline, Contact, Entity, User
from indicators.services import counts_refresh
from tests.workflows.conftest import intake


def report_on(listener: User, entity: Entity, day: dt.date, **extra: object) -> Case:
    """A report handed over on ``day`` (its contact and its case dated that day)."""
    contact = intake(listener, entity, **extra)
    case = contact.case
    assert case is not None
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Case.objects.filter(pk=case.pk).update(created_at=moment)
    Contact.objects.filter(pk=contact.pk).update(contacted_on=day)
    CaseDeadline.objects.filter(case=case).delete()
    case.refresh_from_db()
    return case


def deadline(
    case: Case, rule: str, due: dt.date, met: dt.date | None, start: dt.date | None = None
) -> CaseDeadline:
    return CaseDeadline.objects.create(
        case=case, rule=rule, start_on=start or due - dt.timedelta(days=9), due_on=due, met_on=met
    )


def refreshed() -> None:
    counts_refresh(full=True)
