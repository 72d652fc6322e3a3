"""Meetings and interim feedback from the case page meet the décret's clocks (issue #15)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEvent, CaseDeadline, Feedback, Meeting, Role
from tests.builders import case_for
from tests.people import login, staff
from workflows import deadlines as legal
from workflows.steps.meeting import (
    interim_feedback_give,
    meeting_held,
    meeting_propose,
    meeting_request,
)


def _deadline(case, rule: str) -> CaseDeadline:
    return CaseDeadline.objects.get(case=case, rule=rule)


@pytest.mark.django_db
def test_a_request_after_intake_runs_twenty_working_days_from_the_request(referent_a, school_a):
    case = case_for(referent_a, school_a)
    today = timezone.localdate()
    meeting_request(actor=referent_a, case=case, requested_on=today)
    deadline = _deadline(case, "meeting")
    assert deadline.start_on == today
    assert deadline.due_on == legal.add_working_days(today, 20)
    assert deadline.met_on is None


@pytest.mark.django_db
def test_a_meeting_held_meets_the_meeting_deadline_on_its_day(referent_a, school_a):
    case = case_for(referent_a, school_a)
    today = timezone.localdate()
    meeting = meeting_request(actor=referent_a, case=case, requested_on=today)
    meeting = meeting_propose(
        actor=referent_a, meeting=meeting, version=meeting.version, proposed_on=today, mode="video"
    )
    meeting_held(
        actor=referent_a,
        meeting=meeting,
        version=meeting.version,
        held_on=today,
        mode="video",
        attendees="Mme Référente",
        notes="Échange SECRET-NOTE",
    )
    assert _deadline(case, "meeting").met_on == today
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.held_on == today and stored.notes == "Échange SECRET-NOTE"
    actions = list(
        AuditEvent.objects.filter(action__startswith="meeting.").values_list("action", "details")
    )
    assert [a for a, _ in actions] == ["meeting.requested", "meeting.proposed", "meeting.held"]
    assert "SECRET" not in str(actions)


@pytest.mark.django_db
def test_a_second_request_after_a_held_meeting_opens_the_clock_again(referent_a, school_a):
    case = case_for(referent_a, school_a)
    today = timezone.localdate()
    first = meeting_request(actor=referent_a, case=case, requested_on=today)
    meeting_held(
        actor=referent_a,
        meeting=first,
        version=first.version,
        held_on=today,
        mode="phone",
        attendees="M. Référent",
        notes="",
    )
    meeting_request(actor=referent_a, case=case, requested_on=today)
    assert _deadline(case, "meeting").met_on is None


@pytest.mark.django_db
def test_a_second_request_while_one_is_pending_is_refused(referent_a, school_a):
    case = case_for(referent_a, school_a)
    meeting_request(actor=referent_a, case=case, requested_on=timezone.localdate())
    with pytest.raises(ValidationError):
        meeting_request(actor=referent_a, case=case, requested_on=timezone.localdate())
    assert Meeting.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_a_stale_form_never_overwrites_a_proposal_made_meanwhile(referent_a, school_a):
    case = case_for(referent_a, school_a)
    today = timezone.localdate()
    meeting = meeting_request(actor=referent_a, case=case, requested_on=today)
    read_at = meeting.version
    meeting_propose(
        actor=referent_a, meeting=meeting, version=read_at, proposed_on=today, mode="phone"
    )
    with pytest.raises(ValidationError):
        meeting_propose(
            actor=referent_a, meeting=meeting, version=read_at, proposed_on=today, mode="video"
        )
    assert Meeting.objects.get(pk=meeting.pk).mode == "phone"


@pytest.mark.django_db
def test_a_meeting_in_the_future_or_without_attendees_is_refused_and_nothing_stored(
    referent_a, school_a
):
    case = case_for(referent_a, school_a)
    today = timezone.localdate()
    meeting = meeting_request(actor=referent_a, case=case, requested_on=today)
    for held_on, attendees in ((today + dt.timedelta(days=1), "Mme R"), (today, "  ")):
        with pytest.raises(ValidationError):
            meeting_held(
                actor=referent_a,
                meeting=meeting,
                version=meeting.version,
                held_on=held_on,
                mode="in_person",
                attendees=attendees,
                notes="",
            )
    assert Meeting.objects.get(pk=meeting.pk).held_on is None
    assert _deadline(case, "meeting").met_on is None


@pytest.mark.django_db
def test_interim_feedback_meets_the_three_month_feedback_clock(referent_a, school_a):
    case = case_for(referent_a, school_a)
    today = timezone.localdate()
    interim_feedback_give(
        actor=referent_a, case=case, sent_on=today, means="email", summary="Enquête en cours."
    )
    assert _deadline(case, "feedback").met_on == today
    assert Feedback.objects.get(case=case).interim is True


@pytest.mark.django_db
def test_someone_without_the_case_in_charge_cannot_record_a_meeting(referent_a, school_a):
    case = case_for(referent_a, school_a)
    other = staff(Role.REFERENT, school_a, username="referent.other")
    with pytest.raises(ValidationError):
        meeting_request(actor=other, case=case, requested_on=timezone.localdate())
    with pytest.raises(ValidationError):
        interim_feedback_give(
            actor=other, case=case, sent_on=timezone.localdate(), means="email", summary="x"
        )
    assert not Meeting.objects.exists() and not Feedback.objects.exists()


def _urls(case, meeting) -> list[str]:
    ids = {"case_id": case.pk, "meeting_id": meeting.pk}
    return [
        reverse("meeting-request", kwargs={"case_id": case.pk}),
        reverse("meeting-propose", kwargs=ids),
        reverse("meeting-held", kwargs=ids),
        reverse("feedback-interim", kwargs={"case_id": case.pk}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["referent_b", "listener", "referent_without_grant", "director"])
def test_the_meeting_and_feedback_pages_refuse_whoever_is_not_in_charge(
    who, referent_a, referent_b, school_a
):
    case = case_for(referent_a, school_a)
    meeting = meeting_request(actor=referent_a, case=case, requested_on=timezone.localdate())
    user = {
        "referent_b": referent_b,
        "listener": staff(Role.LISTENER, school_a, username="listener.x"),
        "referent_without_grant": staff(Role.REFERENT, school_a, username="referent.x"),
        "director": staff(Role.DIRECTOR, school_a, username="director.x"),
    }[who]
    client = login(Client(), user)
    for url in _urls(case, meeting):
        assert client.get(url).status_code == 404
        assert client.post(url, {"requested_on": "2026-01-01", "version": "1"}).status_code == 404
    assert Meeting.objects.filter(case=case).count() == 1
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_the_referent_in_charge_records_a_meeting_through_the_pages(referent_a, school_a):
    case = case_for(referent_a, school_a)
    client = login(Client(), referent_a)
    today = timezone.localdate().isoformat()
    page = client.get(reverse("case-detail", kwargs={"case_id": case.pk})).content.decode()
    assert reverse("meeting-request", kwargs={"case_id": case.pk}) in page
    response = client.post(
        reverse("meeting-request", kwargs={"case_id": case.pk}), {"requested_on": today}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(case=case)
    bad = client.post(
        reverse("meeting-held", kwargs={"case_id": case.pk, "meeting_id": meeting.pk}),
        {"version": meeting.version, "held_on": today, "mode": "", "attendees": ""},
    )
    assert bad.status_code == 200
    assert 'id="id_attendees_error"' in bad.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).held_on is None
