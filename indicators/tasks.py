from __future__ import annotations

from celery import shared_task

from indicators.services import counts_refresh


@shared_task(name="indicators.tasks.refresh_counts")
def refresh_counts(full: bool = False) -> int:
    """Hourly: recount the months touched since the last run; nightly: recount all."""
    return counts_refresh(full=full)
