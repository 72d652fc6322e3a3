"""Two people acting on the same task at the same moment, on PostgreSQL's row locks.

Real threads with their own database connections race through a barrier; the
flow's ``select_for_update`` lock must let exactly one win, tell the other
clearly (``TaskUnavailable``), and apply the winning step once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from cases.models import Acknowledgement, Role
from tests.people import staff
from tests.workflows.conftest import intake
from tests.workflows.journey import open_task
from workflows import engine
from workflows.steps.acknowledge import acknowledge

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT ... FOR UPDATE) are what is tested; CI runs this on PostgreSQL",
    ),
]


def _race(*actions: Callable[[], object]) -> list[object]:
    """Run the actions at once; each result is a return value or the exception raised."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as error:  # noqa: BLE001 (the outcome under test)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_referents_claiming_the_same_task_at_once_one_wins_the_other_is_told(school_a):
    listener = staff(Role.LISTENER, school_a)
    first, second = staff(Role.REFERENT, school_a), staff(Role.REFERENT, school_a)
    task = open_task(intake(listener, school_a).case, "acknowledge")

    results = _race(
        lambda: engine.task_claim(actor=first, task=task),
        lambda: engine.task_claim(actor=second, task=task),
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], engine.TaskUnavailable), results
    task.refresh_from_db()
    assert task.status == "ASSIGNED" and task.owner_id in {first.pk, second.pk}


def test_the_same_step_submitted_twice_at_once_is_recorded_once(school_a):
    import datetime as dt

    from django.utils import timezone

    listener = staff(Role.LISTENER, school_a)
    referent = staff(Role.REFERENT, school_a)
    case = intake(listener, school_a).case
    task = engine.task_claim(actor=referent, task=open_task(case, "acknowledge"))
    today = timezone.localdate()

    def submit(day: dt.date) -> Callable[[], object]:
        return lambda: acknowledge(actor=referent, task=task, sent_on=day, means="email")

    results = _race(submit(today), submit(today - dt.timedelta(days=1)))

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], engine.TaskUnavailable), results
    assert Acknowledgement.objects.filter(case=case).count() == 1
    assert open_task(case, "triage")
