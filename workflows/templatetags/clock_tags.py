"""The "Entretiens et informations" section of a case page (an inclusion tag, no view change).

It reads the reader's permissions itself: the actions are offered to the referent in
charge only (``triage_case``); the list to whoever may view the case.
"""

from __future__ import annotations

from typing import Any

from django import template

from cases.models import Case, CasePermission, Feedback, Meeting
from cases.selectors.case_page import present
from cases.selectors.cases import case_permissions_in_request, case_permissions_of

register = template.Library()


@register.inclusion_tag("cases/_meetings_section.html", takes_context=True)
def case_meetings(context: template.Context, case: Case) -> dict[str, Any]:
    request = context.get("request")
    if request is not None and getattr(request, "user", None) is not None:
        permissions = case_permissions_in_request(request, case)
    else:
        user = context.get("user")
        permissions = case_permissions_of(user, case) if user is not None else set()
    can_act = CasePermission.TRIAGE in permissions
    visible = can_act or CasePermission.VIEW in permissions
    meetings = (
        list(Meeting.objects.filter(case=case)) if visible and present(case, "meetings") else []
    )
    feedbacks = (
        list(Feedback.objects.filter(case=case).order_by("sent_on"))
        if visible and present(case, "feedbacks")
        else []
    )
    return {
        "case": case,
        "visible": visible,
        "can_act": can_act and case.status != "closed",
        "meetings": meetings,
        "open_meeting": next((m for m in meetings if m.held_on is None), None),
        "feedbacks": feedbacks,
        # The letter of an interim information, once one is recorded (its summary is the
        # letter's starting text): for those who draft the case's letters.
        "can_draft_interim_letter": CasePermission.DRAFT_LETTER in permissions
        and any(f.interim for f in feedbacks),
    }
