"""An investigator's pending actions — interviews to hold, minutes to have signed, the
report due — reach "Mes tâches" and the start page, for the commission's members only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Party, Role
from enquiries.pending import investigator_pending_actions
from enquiries.services import commitment_record, interview_hold
from tests.enquiries.conftest import TODAY, plan, rostered, time_passes
from tests.people import login, staff
from workflows.hooks import pending_actions

pytestmark = pytest.mark.django_db


def _victim(enquiry) -> Party:
    return enquiry.case.parties.get(role=Party.Role.VICTIM)


def _hold(interview, actor):
    for member in interview.interviewers.all():
        commitment_record(
            actor=actor, interview=interview, signer="interviewer", member=member, signed_on=TODAY
        )
    commitment_record(actor=actor, interview=interview, signer="interviewee", signed_on=TODAY)
    return interview_hold(actor=actor, interview=time_passes(interview), rights_stated=True)


def test_a_member_of_the_commission_has_the_report_due_and_the_interviews_to_hold(
    enquiry, commission, alice
):
    interview = plan(enquiry, alice, _victim(enquiry))
    titles = {a.title: a for a in pending_actions(alice)}
    assert set(titles) == {"Entretien à tenir", "Rapport d'enquête à remettre"}
    assert titles["Rapport d'enquête à remettre"].due_on == enquiry.due_on
    assert titles["Entretien à tenir"].url == reverse(
        "enquiry-interview", kwargs={"enquiry_id": enquiry.pk, "interview_id": interview.pk}
    )
    assert {a.case_reference for a in titles.values()} == {enquiry.case.reference}


def test_held_interview_minutes_wait_for_their_signature(enquiry, commission, alice):
    minutes = _hold(plan(enquiry, alice, _victim(enquiry)), alice)
    titles = [a.title for a in pending_actions(alice)]
    assert "Compte rendu à faire signer" in titles
    assert "Entretien à tenir" not in titles
    assert minutes.interview_id


def test_someone_without_a_seat_has_no_pending_action(enquiry, commission, referent_a, school_a):
    outsider = rostered(school_a, "chloe", gender="woman", languages=("fr",), first_name="Chloé")
    plan(enquiry, commission[0].investigator, _victim(enquiry))
    assert investigator_pending_actions(outsider) == []
    assert investigator_pending_actions(referent_a) == []


def test_the_actions_read_in_a_fixed_number_of_queries(enquiry, commission, alice):
    with CaptureQueriesContext(connection) as one:
        pending_actions(alice)
    for _ in range(3):
        plan(enquiry, alice, _victim(enquiry))
    with CaptureQueriesContext(connection) as many:
        pending_actions(alice)
    assert len(many) == len(one)


def test_the_inbox_and_the_start_page_list_them_for_the_investigator_only(
    enquiry, commission, alice, school_a
):
    plan(enquiry, alice, _victim(enquiry))
    for name in ("inbox", "home"):
        page = login(Client(), alice).get(reverse(name)).content.decode()
        assert "Enquêtes : actions en attente" in page
        assert "Entretien à tenir" in page and enquiry.case.reference in page
    listener = staff(Role.LISTENER, school_a, username="listener.other")
    for name in ("inbox", "home"):
        page = login(Client(), listener).get(reverse(name)).content.decode()
        assert "Entretien à tenir" not in page


def test_the_inbox_shows_the_actions_once_in_its_content_and_keeps_a_plain_title(
    enquiry, commission, alice
):
    """The actions section once leaked into the ``<title>`` block, so browsers showed its
    markup as the tab's name and the section came twice."""
    plan(enquiry, alice, _victim(enquiry))
    page = login(Client(), alice).get(reverse("inbox")).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title == "Mes tâches · Recueil"
    assert page.count("Enquêtes : actions en attente") == 1
