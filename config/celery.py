"""Celery for production timers: a beat schedule runs the deadline sweep and anchors the
audit chain hourly.

On the embedded default (no broker), run ``manage.py workflow_timers`` from cron
instead; both call ``workflows.schedule.deadlines_sweep``, which is idempotent.
Start with ``celery -A config worker -B`` (or a separate ``celery -A config beat``).
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

app = Celery("recueil")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    "deadline-sweep": {"task": "workflows.tasks.sweep_deadlines", "schedule": crontab(minute=7)},
    # The audit chain head, written outside the database (cases/core/audit/anchors.py).
    "audit-anchor": {"task": "cases.tasks.audit_anchor", "schedule": crontab(minute=17)},
    # Grants with no current reason (cases.services.grant_reasons): listed and revoked.
    # The indicators' monthly counts: touched months every quarter hour, all of them nightly.
    "indicator-counts": {
        "task": "indicators.tasks.refresh_counts",
        "schedule": crontab(minute="*/15"),
    },
    "indicator-counts-full": {
        "task": "indicators.tasks.refresh_counts",
        "schedule": crontab(hour=2, minute=47),
        "kwargs": {"full": True},
    },
    "access-check": {
        "task": "workflows.tasks.check_access",
        "schedule": crontab(hour=3, minute=17),
    },
}
