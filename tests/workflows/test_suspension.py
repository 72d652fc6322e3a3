"""Precautionary suspension of staff implicated: decided by the director, its 4-month legal
end kept as a case deadline the timers remind and escalate; others are refused (404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEvent, CaseDeadline, Party, Role, Suspension
from cases.services.cases import party_add
from cases.services.protection import directors_bring_in
from tests.builders import case_for
from tests.people import login, staff
from workflows.deadlines import RULES
from workflows.schedule import deadlines_sweep
from workflows.suspension import suspension_end, suspension_legal_end, suspension_record

TODAY = timezone.localdate()


@pytest.fixture
def director_a(school_a):
    return staff(Role.DIRECTOR, school_a, username="director.a")


@pytest.fixture
def case(referent_a, school_a, director_a):
    case = case_for(referent_a, school_a)
    directors_bring_in(actor=referent_a, case=case)
    return case


def _implicated(case, actor, status=Party.Status.STAFF_CIVIL) -> Party:
    return party_add(
        actor=actor,
        case=case,
        role=Party.Role.IMPLICATED,
        identity={"first_name": "Marc", "last_name": "Petit"},
        status=status,
    )


def _suspend(case, director, party, starts_on=TODAY) -> Suspension:
    return suspension_record(
        actor=director,
        case=case,
        party=party,
        decided_on=starts_on,
        starts_on=starts_on,
        criminal_proceedings=False,
        reasons="CANARY-SUSPENSION faute grave",
    )


def test_the_legal_end_is_four_calendar_months_after_the_start():
    assert suspension_legal_end(status="staff_civil", starts_on=dt.date(2026, 3, 2)) == dt.date(
        2026, 7, 2
    )
    # A month too short for the day: its last day (add_months clamps).
    assert suspension_legal_end(
        status="staff_contract", starts_on=dt.date(2026, 10, 31)
    ) == dt.date(2027, 2, 28)
    with pytest.raises(ValueError):
        suspension_legal_end(status="student", starts_on=dt.date(2026, 3, 2))


def test_each_status_has_its_own_rule_with_one_citation():
    assert RULES["suspension_civil"].source == "Code général de la fonction publique, art. L531-1"
    assert RULES["suspension_contract"].source == "Décret n° 86-83 du 17 janvier 1986, art. 43"


@pytest.mark.django_db
def test_the_director_records_a_suspension_and_its_deadline_is_kept(case, director_a, referent_a):
    party = _implicated(case, referent_a)
    suspension = _suspend(case, director_a, party)
    deadline = CaseDeadline.objects.get(case=case, rule="suspension_civil")
    assert (
        deadline.due_on
        == suspension.legal_end_on
        == suspension_legal_end(status="staff_civil", starts_on=TODAY)
    )
    event = AuditEvent.objects.get(action="suspension.decided")
    assert "CANARY" not in str(event.details)
    with pytest.raises(ValidationError):
        _suspend(case, director_a, party)  # one running suspension per rule
    assert Suspension.objects.count() == 1


@pytest.mark.django_db
def test_a_student_or_the_referent_cannot_be_the_subject_or_the_author(
    case, director_a, referent_a
):
    student = _implicated(case, referent_a, status=Party.Status.STUDENT)
    with pytest.raises(ValidationError):
        _suspend(case, director_a, student)
    staff_member = _implicated(case, referent_a)
    with pytest.raises(ValidationError):
        _suspend(case, referent_a, staff_member)
    assert not Suspension.objects.exists()


@pytest.mark.django_db
def test_the_timers_remind_before_the_legal_end_and_escalate_after(
    case, director_a, referent_a, settings
):
    party = _implicated(case, referent_a)
    start = TODAY - dt.timedelta(days=130)
    _suspend(case, director_a, party, starts_on=start)
    due = CaseDeadline.objects.get(rule="suspension_civil").due_on
    mail.outbox.clear()
    report = deadlines_sweep(today=due - dt.timedelta(days=1))
    assert report.reminded == 1
    report = deadlines_sweep(today=due + dt.timedelta(days=1))
    assert report.escalated == 1
    assert AuditEvent.objects.filter(
        action="deadline.escalated", details__rule="suspension_civil"
    ).exists()


@pytest.mark.django_db
def test_lifting_the_suspension_meets_its_deadline(case, director_a, referent_a):
    suspension = _suspend(case, director_a, _implicated(case, referent_a))
    suspension_end(actor=director_a, suspension=suspension, ended_on=TODAY)
    assert CaseDeadline.objects.get(rule="suspension_civil").met_on == TODAY
    suspension.refresh_from_db()
    assert suspension.ended_on == TODAY


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["other_school", "listener", "investigator", "other_referent", "referent"]
)
def test_suspension_pages_answer_404_to_anyone_but_the_director(
    who, case, director_a, referent_a, school_b
):
    suspension = _suspend(case, director_a, _implicated(case, referent_a))
    user = (
        referent_a
        if who == "referent"
        else staff(
            {
                "other_school": Role.DIRECTOR,
                "listener": Role.LISTENER,
                "investigator": Role.INVESTIGATOR,
                "other_referent": Role.REFERENT,
            }[who],
            school_b if who == "other_school" else case.entity,
        )
    )
    client = login(Client(), user)
    for url in (
        reverse("suspension-add", kwargs={"case_id": case.pk}),
        reverse("suspension-end", kwargs={"case_id": case.pk, "suspension_id": suspension.pk}),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"ended_on": TODAY.isoformat()}).status_code == 404, url
    suspension.refresh_from_db()
    assert suspension.ended_on is None


@pytest.mark.django_db
def test_the_director_records_the_suspension_from_the_page(case, director_a, referent_a):
    party = _implicated(case, referent_a)
    client = login(Client(), director_a)
    url = reverse("suspension-add", kwargs={"case_id": case.pk})
    data = {
        "party": party.pk,
        "decided_on": TODAY.isoformat(),
        "starts_on": TODAY.isoformat(),
        "reasons": "",
    }
    assert client.post(url, data).status_code == 400
    data["reasons"] = "Faute grave"
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("case-detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Limite légale" in page
    assert "Code général de la fonction publique, art. L531-1" in page
