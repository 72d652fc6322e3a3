"""``make run``'s demo data gives every role of each school something to do, through the
selectors the start page (« Mes tâches ») reads, and a second run adds nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from cases.models import Case, RoleMembership, Suspension, User
from enquiries.models import Enquiry, EnquiryReport
from templates_legal.models import Letter
from workflows.hooks import pending_actions
from workflows.inbox import inbox_read

SCHOOLS = ("mse", "tsp")


def start_page(username: str):
    user = User.objects.get(username=username)
    memberships = list(RoleMembership.objects.filter(user=user).values_list("entity_id", "role"))
    from django.utils import timezone

    return user, inbox_read(user, memberships, today=timezone.localdate())


def steps_waiting(code: str) -> Counter[str]:
    from workflows.models import OpenTask

    return Counter(OpenTask.objects.filter(entity__code=code).values_list("step", flat=True))


@pytest.fixture
def seeded(db):
    call_command("seed_demo")


@pytest.mark.django_db
@pytest.mark.parametrize("code", SCHOOLS)
def test_a_case_waits_at_each_step_of_the_procedure(seeded, code):
    waiting = steps_waiting(code)
    for step in (
        "acknowledge",
        "triage",
        "enquiry",
        "decision",
        "disciplinary",
        "sanction",
        "article40",
        "feedback",
        "closure",
    ):
        assert waiting[step] >= 1, (step, waiting)
    assert waiting["disciplinary"] >= 2  # a student's and a civil servant's


@pytest.mark.django_db
@pytest.mark.parametrize("code", SCHOOLS)
def test_each_role_finds_something_on_its_start_page(seeded, code):
    for role in ("referent", "director", "legal"):
        user, inbox = start_page(f"{code}.{role}")
        assert inbox.mine.total + inbox.claimable.total > 0, role
    investigator = User.objects.get(username=f"{code}.investigator")
    assert pending_actions(investigator), "the investigator has an interview to plan"
    # The director's decision rests on the commission's report.
    assert EnquiryReport.objects.filter(
        enquiry__case__entity__code=code, status=EnquiryReport.Status.SUBMITTED
    ).exists()
    assert Enquiry.objects.filter(
        case__entity__code=code, status=Enquiry.Status.IN_PROGRESS
    ).exists()
    assert Suspension.objects.filter(case__entity__code=code, ended_on__isnull=True).exists()
    legal = User.objects.get(username=f"{code}.legal")
    assert Letter.objects.filter(
        entity__code=code, status=Letter.Status.FINAL, created_by=legal
    ).exists(), "a letter waits for its signature"


@pytest.mark.django_db
def test_running_it_twice_adds_nothing(seeded):
    before = (Case.objects.count(), Letter.objects.count(), Enquiry.objects.count())
    call_command("seed_demo")
    assert (Case.objects.count(), Letter.objects.count(), Enquiry.objects.count()) == before
