"""For each role: own case allowed; a colleague's case and another entity's case refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import Role
from cases.services.access import NotACaseWorker, access_grant
from tests.builders import case_for
from tests.people import login, staff

CASE_WORKERS = [Role.LISTENER, Role.REFERENT, Role.INVESTIGATOR, Role.LEGAL, Role.DIRECTOR]
NEVER_ON_CASES = [Role.STEERING, Role.ENTITY_ADMIN]


def _status(client, case) -> int:
    return client.get(reverse("case-detail", kwargs={"case_id": case.pk})).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("role", CASE_WORKERS)
def test_a_case_worker_sees_their_own_case_only(
    client, role, school_a, school_b, referent_a, referent_b
):
    person = staff(role, school_a)
    own = case_for(referent_a, school_a)
    access_grant(
        actor=referent_a, case=own, user=person, permissions=["view_case"], reason="assignment"
    )
    colleagues = case_for(referent_a, school_a)
    other_entity = case_for(referent_b, school_b)
    login(client, person)
    assert _status(client, own) == 200
    assert _status(client, colleagues) == 404
    assert _status(client, other_entity) == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", NEVER_ON_CASES)
def test_steering_and_entity_admins_can_never_be_given_a_case(client, role, school_a, referent_a):
    person = staff(role, school_a)
    case = case_for(referent_a, school_a)
    with pytest.raises(NotACaseWorker):
        access_grant(
            actor=referent_a, case=case, user=person, permissions=["view_case"], reason="assignment"
        )
    login(client, person)
    assert _status(client, case) == 404


@pytest.mark.django_db
def test_a_case_can_be_shared_explicitly_with_an_investigator_of_another_entity(
    client, school_a, school_b, referent_a
):
    # The IMT shares investigators between schools: sharing is explicit and traced.
    investigator_b = staff(Role.INVESTIGATOR, school_b)
    case = case_for(referent_a, school_a)
    login(client, investigator_b)
    assert _status(client, case) == 404
    access_grant(
        actor=referent_a,
        case=case,
        user=investigator_b,
        permissions=["view_case"],
        reason="appointment",
    )
    assert _status(client, case) == 200
