from __future__ import annotations

from django import template

from cases.models import Case, User
from cases.selectors.case_page import present
from enquiries.languages import language_name
from enquiries.models import Enquiry
from enquiries.selectors import case_enquiries_visible_to

register = template.Library()


@register.simple_tag
def case_enquiries(case: Case, user: User) -> list[tuple[Enquiry, bool, bool]]:
    """The case's enquiries this reader may open or whose report they may read."""
    return case_enquiries_visible_to(user, case) if present(case, "enquiries") else []


@register.filter
def language_names(codes: list[str] | None) -> str:
    """``["fr", "en"]`` → "Français, Anglais" in the interface language."""
    return ", ".join(language_name(code) for code in codes or [])


@register.filter(name="language_name")
def language_name_filter(code: str | None) -> str:
    """``"fr"`` → "Français" in the interface language."""
    return language_name(code) if code else ""
