from __future__ import annotations

from celery import shared_task

from cases.core.audit.anchors import audit_anchor_write


@shared_task(name="cases.tasks.audit_anchor")
def audit_anchor() -> int | None:
    """Hourly: the audit chain head, written outside the database. Returns its sequence."""
    anchor = audit_anchor_write()
    return anchor.sequence if anchor else None
