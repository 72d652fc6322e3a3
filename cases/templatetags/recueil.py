from __future__ import annotations

from django import template

from cases.core.audit.labels import action_label
from cases.models import AuditEvent

register = template.Library()


@register.filter
def audit_action(event: AuditEvent) -> str:
    return action_label(event.action, event.details)
