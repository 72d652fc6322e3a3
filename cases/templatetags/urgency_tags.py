"""The urgency badge of a case ("danger grave et immédiat", "faits en cours")."""

from __future__ import annotations

from typing import Any

from django import template

from cases.models import Case
from workflows.urgency import case_urgency

register = template.Library()


@register.inclusion_tag("workflows/urgency_badge.html")
def urgency_badge(case: Case | None) -> dict[str, Any]:
    return {"urgency": case_urgency(case) if case is not None else ""}
