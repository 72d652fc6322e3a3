"""The roster, the suggestions and the appointment rules; access follows the appointment."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import AuditEvent, Party, Role
from cases.services.access import conflict_declare
from cases.services.cases import party_add
from enquiries.models import CommissionAppointment, EnquiryGrant, InvestigatorProfile
from enquiries.selectors import enquiries_for
from enquiries.services import (
    commission_appoint,
    enquiry_end,
    roster_entry_save,
    roster_for,
    suggest_pair,
)
from tests.enquiries.conftest import appoint, rostered
from tests.people import staff


def _appoint(enquiry, referent, *people):
    return commission_appoint(
        actor=referent,
        enquiry=enquiry,
        investigators=list(people),
        decided_by=referent,
        decision_authority="referent",
        reason="Désignation.",
    )


@pytest.mark.django_db
def test_the_suggestion_prefers_a_mixed_pair_covering_the_languages(enquiry, school_a):
    rostered(school_a, "w-fr", gender="woman", languages=("fr",))
    rostered(school_a, "w-en", gender="woman", languages=("fr", "en"))
    rostered(school_a, "m-fr", gender="man", languages=("fr",))
    rostered(school_a, "m-untrained", gender="man", languages=("fr", "en"), trained=False)
    pair = suggest_pair(roster_for(enquiry), ["fr", "en"])
    # Mixed and covering both languages; trained people win when all else is equal.
    assert sorted(c.user.username for c in pair) == ["m-fr", "w-en"]


@pytest.mark.django_db
def test_appointment_refuses_conflicts_same_team_and_unavailable_people(
    listener_a, referent_a, school_a, enquiry
):
    case = enquiry.case
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.WITNESS,
        identity={"first_name": "Zoé", "last_name": "Roy", "team": "Département Informatique"},
    )
    in_conflict = rostered(school_a, "conflicted")
    conflict_declare(actor=referent_a, case=case, user=in_conflict, reason="ancien collègue")
    same_team = rostered(school_a, "same-team", team="département  informatique")
    unavailable = rostered(school_a, "away", available=False)
    named = rostered(school_a, "named")
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.WITNESS,
        identity={"first_name": "N"},
        account=named,
    )
    linked = rostered(school_a, "linked")
    implicated_account = staff(Role.LISTENER, school_a, username="implicated.staff")
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.IMPLICATED,
        identity={"first_name": "I"},
        account=implicated_account,
    )
    profile = InvestigatorProfile.objects.get(user=linked)
    profile.conflicts.add(implicated_account)
    for person in (in_conflict, same_team, unavailable, named, linked):
        with pytest.raises(ValidationError):
            _appoint(enquiry, referent_a, person)
    assert not CommissionAppointment.objects.exists()
    assert not EnquiryGrant.objects.filter(content_object=enquiry).exclude(user=referent_a).exists()
    refusals = {c.user.username: c.refusals for c in roster_for(enquiry)}
    assert all(refusals[name] for name in ("conflicted", "same-team", "away", "named", "linked"))


@pytest.mark.django_db
def test_an_investigator_of_another_school_is_appointed_only_if_shared_with_the_group(
    enquiry, referent_a, school_b
):
    not_shared = rostered(school_b, "b-local")
    shared = rostered(school_b, "b-shared", shared=True)
    with pytest.raises(ValidationError):
        _appoint(enquiry, referent_a, not_shared)
    _appoint(enquiry, referent_a, shared)
    assert list(enquiries_for(shared)) == [enquiry]
    # Access to this enquiry only: nothing of the case file.
    assert not enquiry.case.grants.filter(user=shared).exists()


@pytest.mark.django_db
def test_appointment_records_who_decided_and_grants_this_enquiry_only(
    enquiry, referent_a, director_a, alice, bruno
):
    appointment = commission_appoint(
        actor=referent_a,
        enquiry=enquiry,
        investigators=[alice, bruno],
        decided_by=director_a,
        decision_authority="director",
        reason="Décision de la directrice.",
    )
    assert appointment.decided_by == director_a and appointment.recorded_by == referent_a
    assert set(
        EnquiryGrant.objects.filter(content_object=enquiry, user=alice).values_list(
            "permission__codename", flat=True
        )
    ) == {"view_enquiry", "conduct_enquiry"}
    event = AuditEvent.objects.get(action="enquiry.appointed")
    assert event.actor == referent_a and event.details["members"] == sorted([alice.pk, bruno.pk])
    assert "Décision" not in str(event.details)


@pytest.mark.django_db
def test_a_director_named_as_decider_must_direct_the_case_entity(
    enquiry, referent_a, alice, school_b
):
    director_b = staff(Role.DIRECTOR, school_b)
    with pytest.raises(ValidationError):
        commission_appoint(
            actor=referent_a,
            enquiry=enquiry,
            investigators=[alice],
            decided_by=director_b,
            decision_authority="director",
            reason="x",
        )


@pytest.mark.django_db
def test_only_the_pilot_of_the_enquiry_appoints(enquiry, alice, bruno, school_a):
    other_referent = staff(Role.REFERENT, school_a)
    with pytest.raises(PermissionDenied):
        _appoint(enquiry, other_referent, alice)
    appoint(enquiry, enquiry.opened_by, alice)
    with pytest.raises(PermissionDenied):
        _appoint(enquiry, alice, bruno)


@pytest.mark.django_db
def test_ending_the_enquiry_revokes_the_commission_and_is_traced(
    enquiry, commission, referent_a, alice
):
    enquiry_end(actor=referent_a, enquiry=enquiry, reason="Retrait de la plainte.")
    assert list(enquiries_for(alice)) == []
    assert not enquiry.members.filter(ended_at__isnull=True).exists()
    revoked = AuditEvent.objects.filter(action="enquiry.access_revoked")
    assert revoked.count() == 2
    assert {e.details["reason_code"] for e in revoked} == {"end_of_enquiry"}
    # The referent still pilots (and may open another enquiry from the step).
    assert list(enquiries_for(referent_a)) == [enquiry]


@pytest.mark.django_db
def test_only_an_administrator_of_the_entity_edits_its_roster(school_a, school_b):
    person = staff(Role.INVESTIGATOR, school_a)
    admin_b = staff(Role.ENTITY_ADMIN, school_b)
    with pytest.raises(PermissionDenied):
        roster_entry_save(
            actor=admin_b, user=person, entity=school_a, gender="man", languages=["fr"]
        )
    admin_a = staff(Role.ENTITY_ADMIN, school_a)
    referent = staff(Role.REFERENT, school_a)
    with pytest.raises(ValidationError):  # not an investigator of the entity
        roster_entry_save(
            actor=admin_a, user=referent, entity=school_a, gender="man", languages=["fr"]
        )
    with pytest.raises(ValidationError):
        roster_entry_save(
            actor=admin_a, user=person, entity=school_a, gender="man", languages=["french"]
        )
    assert not InvestigatorProfile.objects.exists()
