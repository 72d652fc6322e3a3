"""What the case page and the listening record page show of retention: date, rule, holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef

from cases.models import Case, ConflictDeclaration, Contact, RoleMembership, User
from cases.selectors.case_page import present
from retention.models import CaseRetention, ContactRetention, LegalHold
from retention.rules import RULES, RetentionRule
from retention.services import HOLD_ROLES, may_hold


@dataclass
class RetentionView:
    rule: RetentionRule | None
    start_on: dt.date | None
    due_on: dt.date | None
    applied_at: object = None
    hold: LegalHold | None = None
    past_holds: list[LegalHold] = field(default_factory=list)
    can_hold: bool = False


def case_retention_view(
    case: Case, user: User, roles: Iterable[tuple[int, str]] | None = None
) -> RetentionView:
    row = CaseRetention.objects.filter(case=case).first()
    # Once shredded, a hold's reason is unreadable like the rest: only the date is shown.
    shredded = case.status == Case.Status.SHREDDED
    holds = (
        []
        if shredded or not present(case, "legal_holds")
        else list(LegalHold.objects.filter(case=case).select_related("placed_by", "lifted_by"))
    )
    active = next((h for h in holds if h.lifted_at is None), None)
    return RetentionView(
        rule=RULES.get(row.rule) if row else None,
        start_on=row.start_on if row else None,
        due_on=row.due_on if row else None,
        applied_at=row.applied_at if row else None,
        hold=active,
        past_holds=[h for h in holds if h.lifted_at is not None],
        can_hold=case.status != Case.Status.SHREDDED and may_hold(user, case, roles),
    )


def contact_retention_view(contact: Contact) -> RetentionView:
    row = ContactRetention.objects.filter(contact=contact).first()
    return RetentionView(
        rule=RULES.get(row.rule) if row else None,
        start_on=row.start_on if row else None,
        due_on=row.due_on if row else None,
        applied_at=row.applied_at if row else None,
    )


@dataclass
class RegisterRow:
    case_id: object
    reference: str
    entity: str
    rule: RetentionRule
    due_on: dt.date | None
    held: bool


def retention_register(user: User, *, limit: int, offset: int = 0) -> list[RegisterRow]:
    """Closed cases not yet anonymised, in the entities where ``user`` is a director or in
    the legal directorate, soonest first (undated last): references, dates and rules only,
    never content. A case naming them or where they declared a conflict is left out."""
    entities = RoleMembership.objects.filter(user=user, role__in=HOLD_ROLES).values("entity_id")
    rows = (
        CaseRetention.objects.filter(applied_at__isnull=True, case__entity_id__in=entities)
        .exclude(case__in=ConflictDeclaration.objects.filter(user=user).values("case_id"))
        .annotate(
            held=Exists(LegalHold.objects.filter(case=OuterRef("case_id"), lifted_at__isnull=True))
        )
        .select_related("case__entity")
        .order_by(F("due_on").asc(nulls_last=True), "case__reference")[offset : offset + limit]
    )
    return [
        RegisterRow(
            case_id=r.case_id,
            reference=r.case.reference,
            entity=r.case.entity.name,
            rule=RULES[r.rule],
            due_on=r.due_on,
            held=bool(r.held),  # type: ignore[attr-defined]
        )
        for r in rows
    ]
