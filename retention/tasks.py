from __future__ import annotations

from celery import shared_task

from retention.services import retention_apply


@shared_task(name="retention.tasks.apply_retention")
def apply_retention() -> dict[str, int]:
    """Nightly: anonymise what has reached its retention date. Returns counts only."""
    report = retention_apply()
    return {
        "cases": report.cases,
        "contacts": report.contacts,
        "held": report.held,
        **report.others,
    }
