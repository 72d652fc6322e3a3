"""The case page's deadlines carry their state, computed once in the selector."""

from __future__ import annotations

import datetime as dt

import pytest

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
