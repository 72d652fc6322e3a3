from __future__ import annotations

from celery import shared_task

from workflows.schedule import deadlines_sweep


@shared_task(name="workflows.tasks.sweep_deadlines")
def sweep_deadlines() -> dict[str, int]:
    """Hourly: remind before deadlines, escalate after. Returns counts only."""
    report = deadlines_sweep()
    return {"reminded": report.reminded, "escalated": report.escalated, "measures": report.measures}
