"""The "Courriers" section of a case page and the letter link of a task page.

Inclusion tags so that the case and task views (in ``cases`` and ``workflows``) need
no change: each tag reads the request's user from the template context and checks
the per-case permission itself; which letters a reader sees is
``letters.selectors.letters_visible``'s rule.
"""

from __future__ import annotations

from typing import Any

from django import template

from cases.models import Case, CasePermission
from cases.selectors.cases import case_permissions_in_request, case_permissions_of
from templates_legal.kinds import letter_kind
from templates_legal.letters.selectors import letters_visible, step_letter_code

register = template.Library()


def _permissions(context: template.Context, case: Case) -> set[str]:
    """The reader's permissions on ``case``, shared with the page that includes the tag."""
    request = context.get("request")
    if request is not None and getattr(request, "user", None) is not None:
        return case_permissions_in_request(request, case)
    user = context.get("user")
    return case_permissions_of(user, case) if user is not None else set()


@register.inclusion_tag("templates_legal/_case_letters.html", takes_context=True)
def case_letters(context: template.Context, case: Case) -> dict[str, Any]:
    permissions = _permissions(context, case)
    letters = letters_visible(case, permissions)
    return {
        "case": case,
        "letters": [(letter, letter_kind(letter.kind)) for letter in letters],
        "can_draft": CasePermission.DRAFT_LETTER in permissions,
        "visible": CasePermission.VIEW in permissions,
    }


@register.inclusion_tag("templates_legal/_step_letter.html", takes_context=True)
def step_letter_link(context: template.Context, case: Case | None, step: str) -> dict[str, Any]:
    code = step_letter_code(case, step) if case is not None else None
    allowed = (
        case is not None
        and code is not None
        and CasePermission.DRAFT_LETTER in _permissions(context, case)
    )
    return {"case": case, "kind": letter_kind(code) if allowed and code else None}
