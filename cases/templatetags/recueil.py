from __future__ import annotations

from django import template

from cases.audit_labels import action_label
from cases.models import AuditEvent
from workflows.deadlines import get_rule

register = template.Library()


@register.filter
def audit_action(event: AuditEvent) -> str:
    return action_label(event.action, event.details)


@register.filter
def deadline_label(deadline: object) -> str:
    return str(get_rule(deadline.rule).label)  # type: ignore[attr-defined]


@register.filter
def deadline_source(deadline: object) -> str:
    return str(get_rule(deadline.rule).source)  # type: ignore[attr-defined]
