"""Closed cases with the facts each retention rule reads, recorded as the steps record them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases.models import (
    Article40Referral,
    Case,
    Closure,
    DisciplinaryOutcome,
    Entity,
    OutcomeDecision,
    Party,
    SanctionScale,
    User,
)
from tests.builders import case_for, full_case, implicated
from workflows.hooks import case_facts_changed


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def closed_case(
    referent: User,
    entity: Entity,
    *,
    reason: str = Closure.Reason.ORIENTED,
    closed_on: dt.date | None = None,
    marker: str | None = None,
    sanction_on: dt.date | None = None,
    article40: bool = False,
    disciplinary_decided: bool = False,
) -> Case:
    """A case closed on ``closed_on``; the hook the procedure calls computes its retention."""
    case = full_case(referent, entity, marker) if marker else case_for(referent, entity)
    if sanction_on is not None:
        party = Party.objects.filter(case=case, role=Party.Role.IMPLICATED).first() or implicated(
            case, referent
        )
        DisciplinaryOutcome(
            key_id=case.key_id,
            case=case,
            party=party,
            scale=SanctionScale.STUDENT,
            sanction="st_blame",
            pronounced_on=sanction_on,
            appeal_until=sanction_on + dt.timedelta(days=61),
            grounds="Motifs",
            recorded_by=referent,
        ).save(force_insert=True)
    if disciplinary_decided:  # the direction opened a disciplinary procedure, no sanction yet
        OutcomeDecision(
            key_id=case.key_id,
            case=case,
            decided_by=referent,
            outcomes=[OutcomeDecision.Outcome.DISCIPLINARY],
            reasoning="Motifs",
        ).save(force_insert=True)
    if article40:
        Article40Referral(
            key_id=case.key_id,
            case=case,
            sent_on=closed_on or timezone.localdate(),
            prosecutor_office="Parquet",
            recorded_by=referent,
            note="",
        ).save(force_insert=True)
    closure = Closure(key_id=case.key_id, case=case, reason=reason, detail="", closed_by=referent)
    closure.save(force_insert=True)
    if closed_on is not None:
        Closure.objects.filter(pk=closure.pk).update(closed_at=at(closed_on))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()
    case_facts_changed(case)
    return case
