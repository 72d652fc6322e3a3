"""What the case page and the listening record page show of retention: date, rule, holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cases.models import Case, Contact, User
from retention.models import CaseRetention, ContactRetention, LegalHold
from retention.rules import RULES, RetentionRule
from retention.services import may_hold


@dataclass
class RetentionView:
    rule: RetentionRule | None
    start_on: dt.date | None
    due_on: dt.date | None
    applied_at: object = None
    hold: LegalHold | None = None
    past_holds: list[LegalHold] = field(default_factory=list)
    can_hold: bool = False


def case_retention_view(case: Case, user: User) -> RetentionView:
    row = CaseRetention.objects.filter(case=case).first()
    holds = list(LegalHold.objects.filter(case=case).select_related("placed_by", "lifted_by"))
    active = next((h for h in holds if h.lifted_at is None), None)
    return RetentionView(
        rule=RULES.get(row.rule) if row else None,
        start_on=row.start_on if row else None,
        due_on=row.due_on if row else None,
        applied_at=row.applied_at if row else None,
        hold=active,
        past_holds=[h for h in holds if h.lifted_at is not None],
        can_hold=case.status != Case.Status.SHREDDED and may_hold(user, case),
    )


def contact_retention_view(contact: Contact) -> RetentionView:
    row = ContactRetention.objects.filter(contact=contact).first()
    return RetentionView(
        rule=RULES.get(row.rule) if row else None,
        start_on=row.start_on if row else None,
        due_on=row.due_on if row else None,
        applied_at=row.applied_at if row else None,
    )
