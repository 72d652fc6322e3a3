"""The case page's protection section: a staff victim's protection, a staff suspension."""

from __future__ import annotations

from typing import Any

from django import template

from cases.models import Case, CasePermission, ProtectionRequest, Suspension, User
from cases.selectors.cases import case_permissions_of
from cases.services.protection import staff_victims
from workflows.deadlines import RULES
from workflows.suspension import suspendable

register = template.Library()


@register.inclusion_tag("cases/_protection.html")
def case_protection(case: Case, user: User) -> dict[str, Any]:
    """Shown when the case has staff concerned, or protection or suspension records."""
    held = case_permissions_of(user, case)
    requests = list(
        ProtectionRequest.objects.filter(case=case)
        .select_related("party", "decided_by")
        .prefetch_related("measures")
    )
    suspensions = [
        (s, RULES[s.rule])
        for s in Suspension.objects.filter(case=case).select_related("party", "decided_by")
    ]
    victims = staff_victims(case)
    implicated = suspendable(case)
    # A closed case takes no new request nor suspension; a request already recorded is
    # still decided and a running suspension lifted (cases.services.closed).
    is_open = case.status == Case.Status.OPEN
    return {
        "case": case,
        "requests": requests,
        "suspensions": suspensions,
        "visible": bool(requests or suspensions or victims or implicated),
        "can_request": is_open and CasePermission.TRIAGE in held and bool(victims),
        "can_decide": CasePermission.DECIDE in held,
        "can_measure": bool(held & {CasePermission.TRIAGE.value, CasePermission.DECIDE.value}),
        # One running suspension at a time (its deadline is the case's): lift it first.
        "can_suspend": is_open
        and CasePermission.DECIDE in held
        and bool(implicated)
        and not any(s.ended_on is None for s, _rule in suspensions),
    }
