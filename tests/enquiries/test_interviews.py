"""Interviews: summons notice, commitments before the interview, rights, minutes life cycle."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Party
from cases.services.cases import StaleEdit
from enquiries.models import Interview, Minutes, MinutesVersion
from enquiries.selectors import summons_notice
from enquiries.services import (
    commitment_record,
    interview_hold,
    minutes_read_back,
    minutes_refuse,
    minutes_save,
    minutes_sign,
)
from tests.enquiries.conftest import (
    TODAY,
    appoint,
    case_waiting_for_enquiry,
    open_enquiry,
    plan,
    rostered,
    time_passes,
)
from tests.people import login


def _victim(enquiry) -> Party:
    return enquiry.case.parties.get(role=Party.Role.VICTIM)


def _sign_all(interview, actor, *, support: bool = False) -> None:
    for member in interview.interviewers.all():
        commitment_record(
            actor=actor, interview=interview, signer="interviewer", member=member, signed_on=TODAY
        )
    commitment_record(actor=actor, interview=interview, signer="interviewee", signed_on=TODAY)
    if support:
        commitment_record(actor=actor, interview=interview, signer="support", signed_on=TODAY)


def test_the_summons_notice_counts_working_days_after_the_summons():
    # Friday 11 Dec 2026 → Mon 14, Tue 15, Wed 16, Thu 17, Fri 18: five working days.
    notice = summons_notice(sent_on=dt.date(2026, 12, 11), interview_on=dt.date(2026, 12, 18))
    assert (notice.working_days, notice.calendar_days, notice.respected) == (5, 7, True)
    short = summons_notice(sent_on=dt.date(2026, 12, 11), interview_on=dt.date(2026, 12, 17))
    assert not short.respected and short.earliest == dt.date(2026, 12, 18)


@pytest.mark.django_db
def test_a_summons_too_close_to_the_interview_is_refused_unless_the_person_accepted_it(
    enquiry, commission, alice
):
    with pytest.raises(ValidationError) as refused:
        plan(enquiry, alice, _victim(enquiry), in_days=2)
    assert "délai de convocation est trop court" in str(refused.value)
    assert not Interview.objects.exists()
    interview = plan(enquiry, alice, _victim(enquiry), in_days=2, short_notice_accepted=True)
    assert interview.short_notice_accepted


@pytest.mark.django_db
def test_the_interview_page_shows_the_summons_delay_and_the_rights(enquiry, commission, alice):
    implicated = enquiry.case.parties.get(role=Party.Role.IMPLICATED)
    interview = plan(enquiry, alice, implicated)
    page = login(Client(), alice).get(
        reverse(
            "enquiry-interview", kwargs={"enquiry_id": enquiry.pk, "interview_id": interview.pk}
        )
    )
    text = page.content.decode()
    assert "délai de 14 jours" in text
    assert "droit de se taire" in text
    assert "accompagnée" in text


@pytest.mark.django_db
def test_an_anonymous_person_cannot_be_summoned(enquiry, commission, alice, referent_a):
    from cases.services.cases import party_add

    anonymous = party_add(
        actor=referent_a, case=enquiry.case, role=Party.Role.WITNESS, identity={}, anonymous=True
    )
    with pytest.raises(ValidationError):
        plan(enquiry, alice, anonymous)


@pytest.mark.django_db
def test_the_interview_is_not_held_until_everyone_present_signed_the_commitment(
    enquiry, commission, alice
):
    interview = time_passes(plan(enquiry, alice, _victim(enquiry)))
    commitment_record(actor=alice, interview=interview, signer="interviewee", signed_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        interview_hold(actor=alice, interview=interview, rights_stated=True)
    assert "Engagement de confidentialité non signé" in str(refused.value)
    _sign_all_members(interview, alice)
    with pytest.raises(ValidationError):  # a support person came and has not signed
        interview_hold(
            actor=alice,
            interview=interview,
            rights_stated=True,
            support_person_present=True,
            support_person_name="Un ami",
        )
    with pytest.raises(ValidationError):  # rights not stated
        interview_hold(actor=alice, interview=interview, rights_stated=False)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.PLANNED and not Minutes.objects.exists()
    interview_hold(actor=alice, interview=interview, rights_stated=True)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.HELD


def _sign_all_members(interview, actor) -> None:
    for member in interview.interviewers.all():
        commitment_record(
            actor=actor, interview=interview, signer="interviewer", member=member, signed_on=TODAY
        )


@pytest.mark.django_db
def test_an_interview_in_the_future_cannot_be_marked_held(enquiry, commission, alice):
    interview = plan(enquiry, alice, _victim(enquiry))
    _sign_all(interview, alice)
    with pytest.raises(ValidationError):
        interview_hold(actor=alice, interview=interview, rights_stated=True)


@pytest.fixture
def minutes(enquiry, commission, alice) -> Minutes:
    interview = time_passes(plan(enquiry, alice, _victim(enquiry)))
    _sign_all(interview, alice)
    return interview_hold(actor=alice, interview=interview, rights_stated=True)


@pytest.mark.django_db
def test_minutes_are_versioned_and_a_stale_edit_overwrites_nothing(minutes, alice, bruno):
    minutes_save(actor=alice, minutes=minutes, body="Version d'Alice.", expected_version=0)
    with pytest.raises(StaleEdit):
        minutes_save(actor=bruno, minutes=minutes, body="Version de Bruno.", expected_version=0)
    minutes.refresh_from_db()
    assert minutes.body == "Version d'Alice." and minutes.version == 1
    assert list(
        MinutesVersion.objects.filter(minutes=minutes).values_list("number", flat=True)
    ) == [1]


@pytest.mark.django_db
def test_a_stale_minutes_form_is_refused_with_a_clear_message_through_the_page(
    minutes, alice, bruno
):
    minutes_save(actor=alice, minutes=minutes, body="Texte d'Alice.", expected_version=0)
    page = login(Client(), bruno).post(
        reverse(
            "enquiry-minutes",
            kwargs={
                "enquiry_id": minutes.interview.enquiry_id,
                "interview_id": minutes.interview_id,
            },
        ),
        {"action": "save", "body": "Texte de Bruno.", "version": 0},
    )
    assert page.status_code == 400
    assert "modifié par une autre personne" in page.content.decode()
    minutes.refresh_from_db()
    assert minutes.body == "Texte d'Alice."


@pytest.mark.django_db
def test_minutes_go_draft_read_back_signed_and_then_never_change(minutes, alice):
    with pytest.raises(ValidationError):  # signed before being read back
        minutes_sign(actor=alice, minutes=minutes, signed_on=TODAY, expected_version=0)
    minutes = minutes_save(actor=alice, minutes=minutes, body="Relu.", expected_version=0)
    minutes = minutes_read_back(actor=alice, minutes=minutes, expected_version=1)
    # A correction asked at the read-back sends the text back to draft.
    minutes = minutes_save(actor=alice, minutes=minutes, body="Relu, corrigé.", expected_version=2)
    assert minutes.status == Minutes.Status.DRAFT
    minutes = minutes_read_back(actor=alice, minutes=minutes, expected_version=3)
    minutes = minutes_sign(actor=alice, minutes=minutes, signed_on=TODAY, expected_version=4)
    assert minutes.status == Minutes.Status.SIGNED
    with pytest.raises(ValidationError):
        minutes_save(actor=alice, minutes=minutes, body="Changé après coup.", expected_version=5)
    minutes.refresh_from_db()
    assert minutes.body == "Relu, corrigé."
    assert [v.body for v in minutes.versions.order_by("number")][-1] == "Relu, corrigé."


@pytest.mark.django_db
def test_a_refusal_to_sign_is_noted_with_the_persons_observations(minutes, alice):
    minutes = minutes_save(actor=alice, minutes=minutes, body="Texte.", expected_version=0)
    minutes = minutes_read_back(actor=alice, minutes=minutes, expected_version=1)
    with pytest.raises(ValidationError):
        minutes_refuse(actor=alice, minutes=minutes, note=" ", expected_version=2)
    minutes = minutes_refuse(actor=alice, minutes=minutes, note="Conteste.", expected_version=2)
    assert minutes.status == Minutes.Status.REFUSED and minutes.refusal_note == "Conteste."


@pytest.mark.django_db
def test_planning_refuses_people_who_do_not_sit_on_the_commission_and_future_summons(
    enquiry, commission, alice, listener_a, referent_a, school_a
):
    other = open_enquiry(case_waiting_for_enquiry(listener_a, referent_a, school_a), referent_a)
    foreign_member = appoint(other, referent_a, rostered(school_a, "carol-interviewer"))[0]
    with pytest.raises(ValidationError):
        plan(enquiry, alice, _victim(enquiry), interviewers=[foreign_member])
    with pytest.raises(ValidationError):
        plan(
            enquiry,
            alice,
            _victim(enquiry),
            summons_sent_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert not Interview.objects.filter(enquiry=enquiry).exists()
