from __future__ import annotations

from django import template

from cases.models import Case, User
from cases.selectors.case_page import present
from enquiries.models import Enquiry
from enquiries.selectors import case_enquiries_visible_to

register = template.Library()


@register.simple_tag
def case_enquiries(case: Case, user: User) -> list[tuple[Enquiry, bool, bool]]:
    """The case's enquiries this reader may open or whose report they may read."""
    return case_enquiries_visible_to(user, case) if present(case, "enquiries") else []
