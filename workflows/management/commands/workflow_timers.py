"""Run the deadline timers once: reminders before, escalations after (idempotent).

Then the access check: every grant on an open case with no current reason is listed
and revoked (``grants_reconcile_open_cases``; each revocation audited).

On the embedded default, schedule it with cron, e.g. hourly:
``7 * * * *  cd /srv/recueil && .venv/bin/python manage.py workflow_timers``.
In production, the Celery beat schedule in ``config/celery.py`` runs the same sweep.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cases.core.audit.anchors import audit_anchor_write
from cases.services.grant_reasons import grants_reconcile_open_cases
from workflows.hooks import timer_jobs_run
from workflows.schedule import deadlines_sweep


class Command(BaseCommand):
    help = "Send deadline reminders and escalations (safe to run as often as wanted)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = deadlines_sweep()
        self.stdout.write(
            f"{report.reminded} reminders, {report.escalated} escalations, "
            f"{report.measures} protective-measure reviews."
        )
        for line in timer_jobs_run():  # sweeps of the apps above (hooks.timer_register)
            self.stdout.write(line)
        # The timers also anchor the audit chain outside the database (T5).
        anchor = audit_anchor_write()
        self.stdout.write(f"Audit anchor {anchor or 'unchanged'}.")
        access = grants_reconcile_open_cases()
        for reference, table, user_id, permissions in access.revoked:
            self.stdout.write(
                f"revoked without a current reason: {reference} {table} "
                f"user {user_id} {','.join(permissions)}"
            )
        self.stdout.write(
            f"{access.cases} open cases checked, {len(access.revoked)} grants without a reason."
        )
