"""Celery for production timers: a beat schedule runs the deadline sweep and anchors the
audit chain hourly, and anonymises what has reached its retention date nightly.

On the embedded default (no broker), run ``manage.py workflow_timers`` from cron
instead; both call ``workflows.schedule.deadlines_sweep``, which is idempotent. The
same holds for ``manage.py apply_retention`` (nightly, idempotent).
Start one ``celery -A config beat`` for the whole deployment and workers with
``celery -A config worker -Q celery`` (plus ``anchors`` on the one host that keeps
RECUEIL_AUDIT_ANCHOR_DIR): the units are in ``deploy/systemd/`` (docs/DEPLOY.md).
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
    # Retention periods ended (retention/rules.py): crypto-shredding, nightly.
    "retention-apply": {
        "task": "retention.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=37),
    },
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
