"""Retention dates computed from what the procedure recorded, at the events that start them.

Called through ``workflows.hooks`` (``case_facts_changed``, ``contact_facts_changed``)
in the procedure's own transaction: a closure, its reason, a sanction and its appeal
deadline, an Article 40 referral, a reopening, a listening record's exchanges. The date
is recomputed from the facts each time, so calling twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from cases.models import (
    Article40Referral,
    Case,
    Closure,
    Contact,
    ContactFollowUp,
    DisciplinaryHearing,
    DisciplinaryOutcome,
    OutcomeDecision,
)
from retention import rules
from retention.models import CaseRetention, ContactRetention
from workflows.deadlines import add_months


@dataclass(frozen=True)
class Clock:
    rule: rules.RetentionRule
    start_on: dt.date
    due_on: dt.date | None


def _disciplinary_follow_up(case: Case) -> bool:
    if DisciplinaryHearing.objects.filter(case=case).exists():
        return True
    decided = OutcomeDecision.objects.filter(case=case).values_list("outcomes", flat=True)
    return any(OutcomeDecision.Outcome.DISCIPLINARY in (o or []) for o in decided)


def case_clock(case: Case) -> Clock | None:
    """The rule and date that apply to ``case`` now; None while it is open."""
    # Read afresh: the caller's instance may predate the step's status update.
    status = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first()
    if status != Case.Status.CLOSED:
        return None
    closure = (
        Closure.objects.filter(case=case, reopened_at__isnull=True).order_by("-closed_at").first()
    )
    if closure is None:
        return None
    # The closure ends the verifications (the référentiel's "clôture des vérifications").
    closed_on = timezone.localdate(closure.closed_at)
    if closure.reason == Closure.Reason.OUT_OF_SCOPE:
        return Clock(rules.OUT_OF_SCOPE, closed_on, closed_on)
    # The end of a procedure Recueil has no date for, as a director or the legal
    # directorate recorded it (``procedure_end_record``): the decision is final that day.
    ended_on = (
        CaseRetention.objects.filter(case=case).values_list("procedure_ended_on", flat=True).first()
    )
    if Article40Referral.objects.filter(case=case).exists():
        # The end of a criminal procedure is not known to the school when it closes the
        # case: no date until one is recorded; a legal hold covers the meantime.
        if ended_on is not None:
            return Clock(rules.JUDICIAL, ended_on, max(ended_on, closed_on))
        return Clock(rules.JUDICIAL, closed_on, None)
    appeal_until = DisciplinaryOutcome.objects.filter(case=case).aggregate(
        last=Max("appeal_until")
    )["last"]
    if appeal_until is not None:
        # The sanction is final the day after its last appeal day (CJA R. 421-1, two months).
        final_on = appeal_until + dt.timedelta(days=1)
        return Clock(rules.DISCIPLINARY, final_on, max(final_on, closed_on))
    if _disciplinary_follow_up(case):
        if ended_on is not None:
            return Clock(rules.DISCIPLINARY_PENDING, ended_on, max(ended_on, closed_on))
        return Clock(rules.DISCIPLINARY_PENDING, closed_on, None)
    months = settings.RECUEIL_RETENTION_NO_FOLLOW_UP_MONTHS
    return Clock(rules.NO_FOLLOW_UP, closed_on, add_months(closed_on, months))


def case_retention_refresh(case: Case) -> CaseRetention | None:
    """Store ``case``'s retention date and rule (or drop it when the case is open again)."""
    clock = case_clock(case)
    current = CaseRetention.objects.filter(case=case).first()
    if current is not None and current.applied_at is not None:
        return current  # anonymised: nothing to recompute
    if clock is None:
        if current is not None:
            current.delete()
        return None
    row, _created = CaseRetention.objects.update_or_create(
        case=case,
        defaults={"rule": clock.rule.code, "start_on": clock.start_on, "due_on": clock.due_on},
    )
    return row


def contact_clock(contact: Contact) -> Clock | None:
    """A listening record's date, from its last exchange; None once handed over."""
    if contact.case_id is not None:
        return None
    last = ContactFollowUp.objects.filter(contact=contact).aggregate(last=Max("followed_on"))[
        "last"
    ]
    start = max(d for d in (contact.contacted_on, last) if d is not None)
    months = settings.RECUEIL_RETENTION_LISTENING_MONTHS
    return Clock(rules.LISTENING, start, add_months(start, months))


def contact_retention_refresh(contact: Contact) -> ContactRetention | None:
    clock = contact_clock(contact)
    current = ContactRetention.objects.filter(contact=contact).first()
    if current is not None and current.applied_at is not None:
        return current
    if clock is None or clock.due_on is None:
        if current is not None:
            current.delete()
        return None
    row, _created = ContactRetention.objects.update_or_create(
        contact=contact,
        defaults={"rule": clock.rule.code, "start_on": clock.start_on, "due_on": clock.due_on},
    )
    return row
