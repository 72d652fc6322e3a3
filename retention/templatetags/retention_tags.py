"""The retention sections of the case page and of the listening record page."""

from __future__ import annotations

from typing import Any

from django import template

from cases.models import Case, Contact, User
from retention.selectors import case_retention_view, contact_retention_view

register = template.Library()


@register.inclusion_tag("retention/_case_section.html")
def case_retention(case: Case, user: User) -> dict[str, Any]:
    return {"case": case, "r": case_retention_view(case, user)}


@register.inclusion_tag("retention/_contact_section.html")
def contact_retention(contact: Contact) -> dict[str, Any]:
    return {"contact": contact, "r": contact_retention_view(contact)}
