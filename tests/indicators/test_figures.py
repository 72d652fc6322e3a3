"""Indicators computed on generated data with known counts, compared exactly: months,
categories, channels, statuses, outcomes person by person, and every deadline that
fell due (met on time, late, missed, still open)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Article40Referral, Case, OutcomeDecision, Party, ProtectiveMeasure, Role
from cases.models.discipline import DisciplinaryOutcome
from cases.services.cases import case_shred
from indicators import periods
from indicators.selectors import indicators
from tests.builders import implicated
from tests.indicators.helpers import deadline, refreshed, report_on
from tests.people import staff
from tests.workflows.conftest import intake

D = dt.date


@pytest.fixture
def listener(school_a):
    return staff(Role.LISTENER, school_a)


def sanction(case: Case, party: Party, code: str, actor) -> None:
    DisciplinaryOutcome(
        key_id=case.key_id,
        case=case,
        party=party,
        scale="student",
        sanction=code,
        pronounced_on=D(2025, 6, 1),
        appeal_until=D(2025, 8, 1),
        grounds="Motifs",
        recorded_by=actor,
    ).save(force_insert=True)


@pytest.fixture
def known(listener, school_a, school_b):
    """School A: 6 reports in March 2025 (phone, student), 2 in April 2025 (email, staff),
    1 in March 2024; school B: 3 in March 2025. Two listening records in May 2025."""
    a_march = [report_on(listener, school_a, D(2025, 3, 3 + i)) for i in range(6)]
    a_april = [
        report_on(listener, school_a, D(2025, 4, 7), channel="email", person_status="staff_civil")
        for _ in range(2)
    ]
    report_on(listener, school_a, D(2024, 3, 5))
    listener_b = staff(Role.LISTENER, school_b)
    b_march = [report_on(listener_b, school_b, D(2025, 3, 10)) for _ in range(3)]
    for _ in range(2):
        contact = intake(listener, school_a, consent=False)
        type(contact).objects.filter(pk=contact.pk).update(contacted_on=D(2025, 5, 2))
    # Acknowledgements of A's March reports, due 12 March: 2 on time, 1 late, 2 open past
    # due (case open), 1 missed (case closed). One of B's, open; one due in December.
    due = D(2025, 3, 12)
    deadline(a_march[0], "acknowledgement", due, D(2025, 3, 10))
    deadline(a_march[1], "acknowledgement", due, due)
    deadline(a_march[2], "acknowledgement", due, D(2025, 3, 20))
    deadline(a_march[3], "acknowledgement", due, None)
    deadline(a_march[4], "acknowledgement", due, None)
    deadline(a_march[5], "acknowledgement", due, None)
    Case.objects.filter(pk=a_march[5].pk).update(status=Case.Status.CLOSED)
    deadline(b_march[0], "acknowledgement", D(2025, 3, 19), None)
    deadline(a_april[0], "feedback", D(2025, 12, 1), D(2025, 11, 20), start=D(2025, 9, 1))
    # Outcomes: one case, two implicated persons, a blame and a warning; another
    # case with a blame; an Article 40 referral; a protective measure.
    referent = staff(Role.REFERENT, school_a)
    first, second = implicated(a_march[0], referent), implicated(a_march[0], referent, "Luc")
    sanction(a_march[0], first, "st_blame", referent)
    sanction(a_march[0], second, "st_warning", referent)
    sanction(a_march[1], implicated(a_march[1], referent), "st_blame", referent)
    Article40Referral(
        key_id=a_march[2].key_id, case=a_march[2], sent_on=D(2025, 4, 1), recorded_by=referent
    ).save(force_insert=True)
    OutcomeDecision(
        key_id=a_march[3].key_id,
        case=a_march[3],
        decided_by=referent,
        reasoning="Motifs",
        outcomes=["no_further_action"],
    ).save(force_insert=True)
    refreshed()
    return {"a_march": a_march, "a_april": a_april, "b_march": b_march}


def _rows(table) -> dict[str, int]:
    return {r.label: r.count for r in table.rows if r.count}


@pytest.mark.django_db
def test_reports_by_month_category_channel_and_status_are_exact(known, school_a):
    figures = indicators([school_a], periods.year(2025), school_a.name)
    assert figures.reports.count == 8
    assert figures.listening_only.count == 2
    months = {p.month.month: (p.current.count, p.previous.count) for p in figures.months}
    assert months[3] == (6, 1) and months[4] == (2, 0)
    assert sum(c for c, _p in months.values()) == 8
    assert _rows(figures.table("category")) == {"Harcèlement sexuel": 8}
    assert _rows(figures.table("channel")) == {"Téléphone": 6, "Courriel": 2}
    assert _rows(figures.table("status")) == {
        "Élève, étudiant·e, apprenti·e": 6,
        "Personnel fonctionnaire": 2,
    }
    assert [r.text for r in figures.table("channel").rows if r.count] == ["5–9", "< 5"]


@pytest.mark.django_db
def test_deadline_compliance_counts_every_deadline_that_fell_due(known, school_a, school_b):
    figures = indicators([school_a], periods.year(2025), school_a.name)
    ack = figures.deadlines[0]
    assert ack.due.count == 6
    assert [s.count for s in ack.states] == [2, 1, 1, 2]  # on time, late, missed, open
    assert ack.ratio == "< 5 respectés sur 5–9 échus"
    group = indicators([school_a, school_b], periods.year(2025), "Groupe", group=True)
    assert group.deadlines[0].due.count == 7
    assert [s.count for s in group.deadlines[0].states] == [2, 1, 1, 3]
    feedback = figures.deadlines[1]
    assert feedback.due.count == 1 and feedback.on_time.count == 1


@pytest.mark.django_db
def test_a_deadline_not_yet_due_is_not_counted(known, school_a):
    figures = indicators([school_a], periods.year(2025), school_a.name, today=D(2025, 3, 12))
    assert figures.deadlines[0].due.count == 0
    assert figures.deadlines[0].ratio == "aucun délai échu"


@pytest.mark.django_db
def test_outcomes_are_counted_per_implicated_person(known, school_a):
    figures = indicators([school_a], periods.year(2025), school_a.name)
    sanctions = _rows(figures.table("sanctions"))
    assert sanctions == {"Usager·ère — Blâme": 2, "Usager·ère — Avertissement": 1}
    assert figures.table("referrals").rows[0].count == 1
    assert _rows(figures.table("decision")) == {"Classement sans suite": 1}


@pytest.mark.django_db
def test_the_academic_year_runs_from_september_to_august(known, school_a):
    figures = indicators([school_a], periods.academic(2024), school_a.name)
    assert figures.reports.count == 8
    assert [p.month.month for p in figures.months][:2] == [9, 10]
    assert indicators([school_a], periods.academic(2025), school_a.name).reports.count == 0


@pytest.mark.django_db
def test_figures_are_the_same_after_a_case_is_shredded(known, school_a):
    before = indicators([school_a], periods.year(2025), school_a.name)
    for case in known["a_march"][:3]:
        case_shred(actor=None, case=case, reason_code="retention")
    refreshed()
    after = indicators([school_a], periods.year(2025), school_a.name)
    assert after.reports.count == before.reports.count == 8
    for table in before.breakdowns:
        assert _rows(after.table(table.key)) == _rows(table)
    assert [s.count for s in after.deadlines[0].states] == [
        s.count for s in before.deadlines[0].states
    ]


@pytest.mark.django_db
def test_an_incremental_refresh_counts_what_was_recorded_since(known, school_a, listener):
    from indicators.services import counts_refresh

    case = known["a_april"][1]
    ProtectiveMeasure(
        key_id=case.key_id,
        case=case,
        kind="no_contact",
        description="Mesure",
        beneficiary="Personne",
        decided_on=timezone.localdate(),
        review_on=timezone.localdate(),
        recorded_by=listener,
    ).save(force_insert=True)
    counts_refresh()
    figures = indicators([school_a], periods.year(2025), school_a.name)
    assert _rows(figures.table("measure")) == {"Interdiction de contact": 1}


@pytest.mark.django_db
def test_a_case_closed_since_the_last_refresh_turns_its_open_deadline_into_a_missed_one(
    known, school_a
):
    from indicators.services import counts_refresh

    Case.objects.filter(pk=known["a_march"][3].pk).update(
        status=Case.Status.CLOSED, updated_at=timezone.now()
    )
    counts_refresh()
    figures = indicators([school_a], periods.year(2025), school_a.name)
    assert [s.count for s in figures.deadlines[0].states] == [2, 1, 2, 1]
