"""The rules the enquiry pages apply, as named selectors: who may be named as the decider,
which signers a commitment offers and how a choice reads back, who may write the report,
and whose roster entry an administrator may open."""

from __future__ import annotations

import pytest
from django.http import Http404

from cases.models import Party, Role
from enquiries.models import ConfidentialityCommitment, EnquiryReport
from enquiries.selectors import (
    deciders_for,
    report_editable_by,
    report_page_open,
    roster_person_or_404,
    roster_rows,
    signer_choices,
    signer_of,
)
from enquiries.services import report_save
from tests.enquiries.conftest import plan
from tests.people import staff


@pytest.mark.django_db
def test_the_decider_is_the_actor_or_an_active_director_of_the_entity(
    school_a, school_b, referent_a, director_a, alice
):
    director_b = staff(Role.DIRECTOR, school_b, username="director.b")
    gone = staff(Role.DIRECTOR, school_a, username="director.gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    deciders = set(deciders_for(school_a.pk, referent_a))
    assert deciders == {referent_a, director_a}
    assert director_b not in deciders and alice not in deciders and gone not in deciders


@pytest.mark.django_db
def test_the_decider_list_names_each_person_once(school_a, director_a):
    assert list(deciders_for(school_a.pk, director_a)) == [director_a]


@pytest.fixture
def interview(enquiry, commission, alice):
    return plan(enquiry, alice, enquiry.case.parties.get(role=Party.Role.VICTIM))


@pytest.mark.django_db
def test_signers_are_offered_as_seats_for_members_and_by_role_for_the_others(interview, commission):
    values = [value for value, _label in signer_choices(interview)]
    seats = {f"member:{m.pk}" for m in interview.interviewers.all()}
    assert seats and seats <= set(values)
    assert "interviewee" in values
    assert all(
        v.startswith("member:") or v in ConfidentialityCommitment.Signer.values for v in values
    )


@pytest.mark.django_db
def test_a_signer_choice_reads_back_as_the_signer_and_the_seat(interview):
    seat = interview.interviewers.first()
    assert signer_of(interview, f"member:{seat.pk}") == (
        ConfidentialityCommitment.Signer.INTERVIEWER,
        seat,
    )
    assert signer_of(interview, "interviewee") == ("interviewee", None)


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["member:999999", "member:abc", "member:"])
def test_an_unknown_or_malformed_seat_gives_no_member(interview, choice):
    assert signer_of(interview, choice) == (ConfidentialityCommitment.Signer.INTERVIEWER, None)


def _save(enquiry, actor) -> EnquiryReport:
    return report_save(
        actor=actor,
        enquiry=enquiry,
        facts_established="Établi.",
        facts_not_established="",
        analysis={},
        recommendations=["no_further_action"],
        recommendations_detail="",
        expected_version=0,
    )


@pytest.mark.django_db
def test_the_commission_writes_the_report_while_it_is_a_draft_and_the_enquiry_runs(
    enquiry, commission, alice, referent_a, director_a
):
    assert report_editable_by(alice, enquiry, None)
    report = _save(enquiry, alice)
    assert report_editable_by(alice, enquiry, report)
    assert not report_editable_by(referent_a, enquiry, report)  # pilots: manage, not conduct
    assert not report_editable_by(director_a, enquiry, report)
    report.status = EnquiryReport.Status.SUBMITTED
    assert not report_editable_by(alice, enquiry, report)
    report.status = EnquiryReport.Status.DRAFT
    enquiry.status = "ended"
    assert not report_editable_by(alice, enquiry, report)


def test_the_report_page_opens_for_its_editor_or_once_submitted():
    draft = EnquiryReport(status=EnquiryReport.Status.DRAFT)
    submitted = EnquiryReport(status=EnquiryReport.Status.SUBMITTED)
    assert report_page_open(None, editable=True)
    assert not report_page_open(None, editable=False)
    assert not report_page_open(draft, editable=False)
    assert report_page_open(submitted, editable=False)


@pytest.mark.django_db
def test_an_administrator_opens_only_the_entitys_investigators(
    school_a, school_b, alice, bruno, referent_a
):
    assert {user for user, _profile in roster_rows(school_a)} == {alice, bruno}
    assert all(profile is not None for _user, profile in roster_rows(school_a))
    assert roster_person_or_404(school_a, alice.pk) == alice
    with pytest.raises(Http404):
        roster_person_or_404(school_a, referent_a.pk)
    with pytest.raises(Http404):
        roster_person_or_404(school_b, alice.pk)
