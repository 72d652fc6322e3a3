"""Timers run from the management command and through a real Celery worker on Redis."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import redis
from django.core.management import call_command
from django.utils import timezone

from cases.models import CaseDeadline
from tests.workflows.conftest import intake

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


@pytest.mark.django_db
def test_the_timer_command_escalates_an_overdue_acknowledgement_once(
    listener_a, referent_a, school_a, capsys
):
    case = intake(
        listener_a, school_a, contacted_on=timezone.localdate() - dt.timedelta(days=30)
    ).case
    call_command("workflow_timers")
    assert "escalations" in capsys.readouterr().out
    assert CaseDeadline.objects.get(case=case, rule="acknowledgement").escalated_at is not None
    call_command("workflow_timers")
    assert "0 reminders, 0 escalations" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_on_redis_runs_the_deadline_sweep(
    listener_a, referent_a, school_a, settings
):
    if not _redis_available():
        if os.environ.get("CI"):
            pytest.fail("CI must exercise Celery with the local Redis")
        pytest.skip("no Redis on 127.0.0.1:6379")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from workflows.tasks import sweep_deadlines

    case = intake(
        listener_a, school_a, contacted_on=timezone.localdate() - dt.timedelta(days=30)
    ).case
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = sweep_deadlines.delay()
        counts = result.get(timeout=30)
    assert counts["escalated"] >= 1
    assert set(counts) == {"reminded", "escalated", "measures"}
    assert CaseDeadline.objects.get(case=case, rule="acknowledgement").escalated_at is not None
