"""The case page's deadlines carry their state, computed once in the selector."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import CaseDeadline
from tests.workflows.conftest import intake
from workflows.selectors import case_deadlines


@pytest.mark.django_db
def test_each_deadline_is_met_overdue_or_running_with_its_rule_and_source(listener_a, school_a):
    case = intake(listener_a, school_a, meeting_requested=True).case
    deadlines = {d.rule: d for d in CaseDeadline.objects.filter(case=case)}
    today = deadlines["acknowledgement"].due_on + dt.timedelta(days=1)
    CaseDeadline.objects.filter(pk=deadlines["feedback"].pk).update(met_on=today)
    CaseDeadline.objects.filter(pk=deadlines["meeting"].pk).update(due_on=today)

    rows = {row.label: row for row in case_deadlines(case, today)}

    states = {row.state for row in rows.values()}
    assert states == {"met", "overdue", "running"}
    by_state = {row.state: row for row in rows.values()}
    assert by_state["met"].met_on == today
    assert by_state["overdue"].due_on < today
    assert by_state["running"].due_on >= today
    assert all(row.source for row in rows.values())
    assert [r.due_on for r in case_deadlines(case, today)] == sorted(
        r.due_on for r in rows.values()
    )


@pytest.mark.django_db
def test_a_deadline_met_after_its_date_is_shown_met_late_with_the_days_late(listener_a, school_a):
    case = intake(listener_a, school_a, meeting_requested=True).case
    deadlines = {d.rule: d for d in CaseDeadline.objects.filter(case=case)}
    ack = deadlines["acknowledgement"]
    today = ack.due_on + dt.timedelta(days=10)
    CaseDeadline.objects.filter(pk=ack.pk).update(met_on=ack.due_on + dt.timedelta(days=4))
    CaseDeadline.objects.filter(pk=deadlines["meeting"].pk).update(
        due_on=ack.due_on, met_on=ack.due_on
    )

    rows = {row.label: row for row in case_deadlines(case, today)}

    late = next(r for r in rows.values() if r.state == "met_late")
    assert (late.due_on, late.days) == (ack.due_on, 4)
    on_time = next(r for r in rows.values() if r.state == "met")
    assert on_time.met_on == on_time.due_on and on_time.days == 0


@pytest.mark.django_db
def test_open_deadlines_count_the_days_left_or_the_days_past(listener_a, school_a):
    case = intake(listener_a, school_a).case
    deadlines = {d.rule: d for d in CaseDeadline.objects.filter(case=case)}
    ack = deadlines["acknowledgement"]

    before = {r.label: r for r in case_deadlines(case, ack.due_on - dt.timedelta(days=2))}
    after = {r.label: r for r in case_deadlines(case, ack.due_on + dt.timedelta(days=3))}

    label = "Accusé de réception écrit du signalement"
    assert (before[label].state, before[label].days) == ("running", 2)
    assert (after[label].state, after[label].days) == ("overdue", 3)


@pytest.mark.django_db
def test_the_case_page_says_each_of_the_four_states_in_words(
    client, listener_a, referent_a, school_a
):
    from tests.people import login
    from tests.workflows.journey import act

    case = intake(listener_a, school_a, meeting_requested=True).case
    today = timezone.localdate()
    act(referent_a, case, "acknowledge", {"sent_on": today.isoformat(), "means": "email"})
    deadlines = {d.rule: d for d in CaseDeadline.objects.filter(case=case)}
    CaseDeadline.objects.filter(pk=deadlines["acknowledgement"].pk).update(
        due_on=today - dt.timedelta(days=5), met_on=today - dt.timedelta(days=2)
    )
    CaseDeadline.objects.filter(pk=deadlines["meeting"].pk).update(
        due_on=today - dt.timedelta(days=1), met_on=None
    )
    CaseDeadline.objects.filter(pk=deadlines["feedback"].pk).update(
        due_on=today + dt.timedelta(days=7), met_on=None
    )
    CaseDeadline.objects.filter(case=case, rule="triage").update(
        due_on=today + dt.timedelta(days=1), met_on=today
    )

    page = login(client, referent_a).get(f"/cases/{case.pk}/").content.decode()

    assert "respectée en retard" in page and "3 jours de retard" in page
    assert "en retard</span>" in page and "dépassée de 1 jour" in page
    assert "à venir" in page and "dans 7 jours" in page
    assert ">respectée</span>" in page
