"""Named people and a case waiting for its enquiry, built through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cases.models import Category, Entity, Party, Role, User
from cases.services.cases import party_add
from enquiries.models import CommissionMember, Enquiry, Interview
from enquiries.services import commission_appoint, enquiry_open, interview_plan, roster_entry_save
from tests.people import staff
from tests.workflows.conftest import intake
from tests.workflows.journey import act, open_task

TODAY = timezone.localdate()


@pytest.fixture
def listener_a(school_a) -> User:
    return staff(Role.LISTENER, school_a, username="listener.a")


@pytest.fixture
def director_a(school_a) -> User:
    return staff(Role.DIRECTOR, school_a, username="director.a")


def rostered(
    entity: Entity,
    username: str,
    *,
    gender: str = "woman",
    languages: tuple[str, ...] = ("fr",),
    team: str = "",
    shared: bool = False,
    trained: bool = True,
    available: bool = True,
    first_name: str = "Camille",
) -> User:
    """An investigator of ``entity``, entered in its roster by an administrator."""
    person = staff(Role.INVESTIGATOR, entity, username=username)
    person.first_name = first_name
    person.save(update_fields=["first_name"])
    admin = User.objects.filter(
        memberships__entity=entity, memberships__role="entity_admin"
    ).first()
    admin = admin or staff(Role.ENTITY_ADMIN, entity, username=f"admin.{entity.code}")
    roster_entry_save(
        actor=admin,
        user=person,
        entity=entity,
        gender=gender,
        languages=list(languages),
        trained_on=TODAY - dt.timedelta(days=100) if trained else None,
        team=team,
        shared_with_group=shared,
        available=available,
    )
    return person


@pytest.fixture
def alice(school_a) -> User:
    return rostered(school_a, "alice", gender="woman", languages=("fr", "en"), first_name="Alice")


@pytest.fixture
def bruno(school_a) -> User:
    return rostered(school_a, "bruno", gender="man", languages=("fr",), first_name="Bruno")


def case_waiting_for_enquiry(listener: User, referent: User, entity: Entity, **party: Any):
    """A case triaged to an enquiry: its ``enquiry`` step is the referent's."""
    case = intake(listener, entity).case
    act(referent, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "letter"})
    party_add(
        actor=referent,
        case=case,
        role=Party.Role.IMPLICATED,
        status=Party.Status.STUDENT,
        identity=party.get("identity", {"first_name": "Max", "last_name": "Durand"}),
        account=party.get("account"),
    )
    act(
        referent,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "outcomes": ["enquiry"],
            "reasoning": "Faits précis et répétés : enquête interne.",
        },
    )
    return case


def open_enquiry(case, referent: User, **extra: Any) -> Enquiry:
    task = open_task(case, "enquiry")
    return enquiry_open(
        actor=referent,
        task_id=task.pk,
        decided_by=referent,
        decision_authority="referent",
        decided_on=TODAY,
        reason=extra.get("reason", "Faits graves et précis."),
        mandate=extra.get("mandate", "Établir les faits décrits ; entendre les personnes."),
        languages=extra.get("languages", ["fr", "en"]),
    )


def appoint(enquiry: Enquiry, referent: User, *people: User) -> list[CommissionMember]:
    commission_appoint(
        actor=referent,
        enquiry=enquiry,
        investigators=list(people),
        decided_by=referent,
        decision_authority="referent",
        reason="Binôme mixte et bilingue, formé.",
    )
    return list(enquiry.members.filter(ended_at__isnull=True))


def plan(
    enquiry: Enquiry, actor: User, party: Party, *, recording: bool = False, **extra: Any
) -> Interview:
    when = timezone.now() + dt.timedelta(days=extra.pop("in_days", 14))
    return interview_plan(
        actor=actor,
        enquiry=enquiry,
        party=party,
        scheduled_at=when,
        mode=extra.pop("mode", "in_person"),
        place=extra.pop("place", "Salle du conseil, bâtiment B"),
        summons_sent_on=extra.pop("summons_sent_on", TODAY),
        interviewers=extra.pop("interviewers", list(enquiry.members.filter(ended_at__isnull=True))),
        recording_requested=recording,
        **extra,
    )


def time_passes(interview: Interview) -> Interview:
    """The day of the interview has come (the clock is moved, not waited for)."""
    Interview.objects.filter(pk=interview.pk).update(
        scheduled_at=timezone.now() - dt.timedelta(hours=1)
    )
    interview.refresh_from_db()
    return interview


@pytest.fixture
def waiting_case(listener_a, referent_a, school_a):
    return case_waiting_for_enquiry(listener_a, referent_a, school_a)


@pytest.fixture
def enquiry(waiting_case, referent_a) -> Enquiry:
    return open_enquiry(waiting_case, referent_a)


@pytest.fixture
def commission(enquiry, referent_a, alice, bruno) -> list[CommissionMember]:
    return appoint(enquiry, referent_a, alice, bruno)
