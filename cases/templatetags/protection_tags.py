"""The case page's protection section: a staff victim's protection, a staff suspension."""

from __future__ import annotations

from typing import Any

from django import template

from cases.models import Case, CasePermission, Party, ProtectionRequest, Suspension, User
from cases.selectors.case_page import present
from cases.selectors.cases import case_permissions_in_request
from cases.services.protection import staff_victims_among
from workflows.deadlines import RULES
from workflows.suspension import suspendable_among

register = template.Library()


@register.inclusion_tag("cases/_protection.html", takes_context=True)
def case_protection(context: template.Context, case: Case, user: User) -> dict[str, Any]:
    """Shown when the case has staff concerned, or protection or suspension records.

    Reads the page's context: the parties it already read and the reader's permissions
    kept on the request (``user`` is the request's), and the sections the page found
    present, so an empty section costs no statement.
    """
    held = case_permissions_in_request(context["request"], case)
    parties: list[Party] = context.get("parties")  # type: ignore[assignment]
    if parties is None:
        parties = list(case.parties.all())
    requests = (
        list(
            ProtectionRequest.objects.filter(case=case)
            .select_related("party", "decided_by")
            .prefetch_related("measures")
        )
        if present(case, "protection_requests")
        else []
    )
    suspensions = (
        [
            (s, RULES[s.rule])
            for s in Suspension.objects.filter(case=case).select_related("party", "decided_by")
        ]
        if present(case, "suspensions")
        else []
    )
    victims = staff_victims_among(parties)
    implicated = suspendable_among(parties)
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
