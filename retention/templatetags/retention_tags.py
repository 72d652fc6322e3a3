"""The retention sections of the case page and of the listening record page."""

from __future__ import annotations

from typing import Any

from django import template

from cases.core.accounts.selectors import request_roles
from cases.models import Case, Contact, User
from retention.selectors import case_retention_view, contact_retention_view

register = template.Library()


@register.inclusion_tag("retention/_case_section.html", takes_context=True)
def case_retention(context: template.Context, case: Case, user: User) -> dict[str, Any]:
    request = context.get("request")
    # The request's roles are the reader's only when the tag is asked about the reader.
    mine = request is not None and getattr(request, "user", None) == user
    roles = request_roles(request) if request is not None and mine else None
    return {"case": case, "r": case_retention_view(case, user, roles)}


@register.inclusion_tag("retention/_contact_section.html")
def contact_retention(contact: Contact) -> dict[str, Any]:
    return {"contact": contact, "r": contact_retention_view(contact)}
