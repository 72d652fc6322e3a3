"""Run the deadline timers once: reminders before, escalations after (idempotent).

On the embedded default, schedule it with cron, e.g. hourly:
``7 * * * *  cd /srv/recueil && .venv/bin/python manage.py workflow_timers``.
In production, the Celery beat schedule in ``config/celery.py`` runs the same sweep.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from workflows.schedule import deadlines_sweep


class Command(BaseCommand):
    help = "Send deadline reminders and escalations (safe to run as often as wanted)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = deadlines_sweep()
        self.stdout.write(
            f"{report.reminded} reminders, {report.escalated} escalations, "
            f"{report.measures} protective-measure reviews."
        )
