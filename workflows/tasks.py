from __future__ import annotations

from celery import shared_task

from cases.services.grant_reasons import grants_reconcile_open_cases
from workflows.hooks import timer_jobs_run
from workflows.schedule import deadlines_sweep


@shared_task(name="workflows.tasks.sweep_deadlines")
def sweep_deadlines() -> dict[str, int]:
    """Hourly: remind before deadlines, escalate after. Returns counts only."""
    report = deadlines_sweep()
    timer_jobs_run()  # the apps above's sweeps (hooks.timer_register): counts only
    return {"reminded": report.reminded, "escalated": report.escalated, "measures": report.measures}


@shared_task(name="workflows.tasks.check_access")
def check_access() -> dict[str, int]:
    """Nightly: revoke every grant on an open case that no current fact justifies."""
    report = grants_reconcile_open_cases()
    return {"cases": report.cases, "revoked": len(report.revoked)}
