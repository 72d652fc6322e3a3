"""The start page's reading of the procedure: late, due this week, just handed over,
the pool — urgent cases first, in a fixed number of queries, for the right person only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Role
from tests.people import login, staff
from tests.workflows.conftest import intake
from tests.workflows.journey import open_task
from workflows import engine
from workflows.dashboard import countdown, dashboard_read
from workflows.models import OpenTask

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _roles(user) -> list[tuple[int, str]]:
    return list(user.memberships.values_list("entity_id", "role"))


def _claimed(listener, referent, entity, due_in: int, **extra):
    case = intake(listener, entity, **extra).case
    task = open_task(case, "acknowledge")
    engine.task_claim(actor=referent, task=task)
    OpenTask.objects.filter(task=task).update(due_on=TODAY + dt.timedelta(days=due_in))
    return task


def test_the_countdown_says_how_late_or_how_long_is_left():
    assert countdown(TODAY - dt.timedelta(days=3), TODAY) == "en retard de 3 jours"
    assert countdown(TODAY - dt.timedelta(days=1), TODAY) == "en retard de 1 jour"
    assert countdown(TODAY, TODAY) == "aujourd'hui"
    assert countdown(TODAY + dt.timedelta(days=1), TODAY) == "demain"
    assert countdown(TODAY + dt.timedelta(days=2), TODAY) == "dans 2 jours"
    assert countdown(None, TODAY) == ""


def test_late_tasks_and_tasks_due_this_week_are_told_apart(listener_a, referent_a, school_a):
    late = _claimed(listener_a, referent_a, school_a, -3)
    soon = _claimed(listener_a, referent_a, school_a, 2)
    claimed_later = _claimed(listener_a, referent_a, school_a, 30)
    colleague = staff(Role.REFERENT, school_a, username="referent.a2")
    handed = _claimed(listener_a, colleague, school_a, 30)
    engine.task_assign(actor=colleague, task=handed, assignee=referent_a)
    board = dashboard_read(referent_a, _roles(referent_a), today=TODAY)
    assert [t.pk for t in board.overdue] == [late.pk]
    assert board.overdue[0].countdown == "en retard de 3 jours"
    assert [t.pk for t in board.due_soon] == [soon.pk]
    # Handed over by a colleague a moment ago and not due this week: newly assigned;
    # a task one took oneself is not news.
    assert [t.pk for t in board.newly_assigned] == [handed.pk]
    assert claimed_later.pk not in [t.pk for t in board.newly_assigned]
    assert board.in_hand == 4


def test_urgent_cases_come_first(listener_a, referent_a, school_a):
    calm = _claimed(listener_a, referent_a, school_a, 1)
    urgent = _claimed(listener_a, referent_a, school_a, 3, danger=True)
    board = dashboard_read(referent_a, _roles(referent_a), today=TODAY)
    assert [t.pk for t in board.due_soon] == [urgent.pk, calm.pk]
    assert [t.urgent for t in board.due_soon] == [True, False]


def test_the_pool_shows_only_the_steps_of_ones_roles_in_ones_own_entity(
    listener_a, referent_a, referent_b, school_a, school_b
):
    case = intake(listener_a, school_a, ongoing=True).case
    task = open_task(case, "acknowledge")
    board = dashboard_read(referent_a, _roles(referent_a), today=TODAY)
    assert [(t.pk, t.urgent) for t in board.pool] == [(task.pk, True)]
    assert board.pool_total == 1
    assert dashboard_read(referent_b, _roles(referent_b), today=TODAY).pool == []
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    assert dashboard_read(director, _roles(director), today=TODAY).pool == []


def test_the_start_page_reads_in_the_same_number_of_queries_for_one_or_many_tasks(
    listener_a, referent_a, school_a
):
    client = login(Client(), referent_a)
    _claimed(listener_a, referent_a, school_a, -1)
    intake(listener_a, school_a)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("home")).status_code == 200
    for due_in in (-4, 0, 2, 5, 40):
        _claimed(listener_a, referent_a, school_a, due_in)
        intake(listener_a, school_a)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("home")).status_code == 200
    assert len(many) == len(few)


def test_the_start_page_shows_a_referent_their_tasks_and_nobody_elses(
    listener_a, referent_a, referent_b, school_a, school_b
):
    case = intake(listener_a, school_a).case
    page = login(Client(), referent_a).get(reverse("home")).content.decode()
    assert case.reference in page
    other = login(Client(), referent_b).get(reverse("home")).content.decode()
    assert case.reference not in other
    investigator = staff(Role.INVESTIGATOR, school_a, username="investigator.a")
    page = login(Client(), investigator).get(reverse("home")).content.decode()
    assert case.reference not in page
    # The listener who logged it sees it among their own records, another one does not.
    colleague = staff(Role.LISTENER, school_a, username="listener.a2")
    assert case.reference not in login(Client(), colleague).get(reverse("home")).content.decode()


def test_the_start_page_needs_a_logged_in_person(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_after_login_one_lands_on_the_start_page(settings):
    assert reverse(settings.LOGIN_REDIRECT_URL) == reverse("home")


def test_a_pool_longer_than_the_page_shows_its_first_rows_and_counts_them_all(
    listener_a, referent_a, school_a, monkeypatch
):
    from workflows import dashboard

    monkeypatch.setattr(dashboard, "POOL_ROWS", 2)
    for _ in range(3):
        intake(listener_a, school_a)
    board = dashboard_read(referent_a, _roles(referent_a), today=TODAY)
    assert len(board.pool) == 2
    assert board.pool_total == 3
