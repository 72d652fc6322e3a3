"""The persons panel: the referent in charge adds and corrects persons from the case page."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from cases.models import AuditEvent, CaseGrant, ConflictDeclaration, Party, PartyIndexEntry, Role
from cases.services.access import access_grant
from cases.services.cases import StaleEdit, party_named_elsewhere
from cases.services.persons import PersonData, person_add, person_correct
from tests.builders import case_for
from tests.people import login, staff
from tests.workflows.conftest import intake

pytestmark = pytest.mark.django_db

STUDENT = {
    "role": "implicated",
    "status": "student",
    "first_name": "Hugo",
    "last_name": "Bernard",
    "programme": "Cycle ingénieur",
    "year": "2e année",
}


@pytest.fixture
def case_a(referent_a, school_a):
    return case_for(referent_a, school_a)


def _add_url(case) -> str:
    return reverse("person-add", kwargs={"case_id": case.pk})


def _edit_url(party) -> str:
    return reverse("person-edit", kwargs={"case_id": party.case_id, "party_id": party.pk})


def test_the_referent_adds_an_implicated_student_stored_encrypted_and_indexed(
    client, referent_a, case_a
):
    login(client, referent_a)
    response = client.post(_add_url(case_a), STUDENT)
    assert response.status_code == 200
    assert "aucun autre dossier" in response.content.decode()
    party = Party.objects.get(case=case_a)
    assert party.status == Party.Status.STUDENT
    assert party.identity["programme"] == "Cycle ingénieur"
    raw = Party.objects.filter(pk=party.pk).values_list("identity", flat=True).get()
    assert b"Bernard" not in bytes(raw)
    assert PartyIndexEntry.objects.filter(party=party).count() == 1
    assert AuditEvent.objects.filter(action="index.lookup", object_id=str(case_a.pk)).exists()


def test_a_person_without_a_name_is_refused_with_a_french_message(client, referent_a, case_a):
    login(client, referent_a)
    response = client.post(_add_url(case_a), {"role": "implicated", "status": "student"})
    assert response.status_code == 400
    assert "Indiquez au moins un nom" in response.content.decode()
    assert not Party.objects.exists()


def test_an_unidentified_implicated_person_may_be_recorded(referent_a, case_a):
    party = person_add(
        actor=referent_a, case=case_a, data=PersonData(role="implicated", anonymous=True)
    )
    assert party.anonymous
    assert not PartyIndexEntry.objects.filter(party=party).exists()


@pytest.mark.parametrize("who", ["referent_b", "listener", "investigator", "director"])
def test_persons_routes_are_refused_to_anyone_not_in_charge(
    client, who, referent_a, referent_b, school_a, case_a
):
    party = person_add(
        actor=referent_a, case=case_a, data=PersonData(role="witness", identity={"last_name": "X"})
    )
    user = referent_b if who == "referent_b" else staff(who, school_a)
    if who == "investigator":
        access_grant(
            actor=None, case=case_a, user=user, permissions=["view_case"], reason="appointment"
        )
    login(client, user)
    for url in (_add_url(case_a), _edit_url(party)):
        assert client.get(url).status_code == 404
        assert client.post(url, STUDENT).status_code == 404
    assert Party.objects.count() == 1


def test_a_correction_keeps_the_previous_state_and_is_audited(client, referent_a, case_a):
    party = person_add(
        actor=referent_a,
        case=case_a,
        data=PersonData(role="implicated", identity={"first_name": "Hugo", "last_name": "Bernad"}),
    )
    login(client, referent_a)
    assert client.get(_edit_url(party)).status_code == 200
    response = client.post(_edit_url(party), {**STUDENT, "version": party.version})
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.identity["last_name"] == "Bernard"
    assert party.version == 2
    assert party.updated_by == referent_a
    revision = party.revisions.get()
    assert revision.previous["identity"]["last_name"] == "Bernad"
    assert revision.changed_by == referent_a
    event = AuditEvent.objects.get(action="case.party_corrected")
    assert "Bernard" not in str(event.details)
    assert "identity" in event.details["fields"]


def test_a_stale_correction_is_refused_and_nothing_is_overwritten(client, referent_a, case_a):
    party = person_add(
        actor=referent_a, case=case_a, data=PersonData(role="witness", identity={"last_name": "A"})
    )
    person_correct(
        actor=referent_a,
        party=party,
        data=PersonData(role="witness", identity={"last_name": "B"}),
        expected_version=1,
    )
    with pytest.raises(StaleEdit):
        person_correct(
            actor=referent_a,
            party=party,
            data=PersonData(role="witness", identity={"last_name": "C"}),
            expected_version=1,
        )
    login(client, referent_a)
    response = client.post(
        _edit_url(party), {"role": "witness", "status": "unknown", "last_name": "D", "version": 1}
    )
    assert response.status_code == 400
    assert "a été modifiée par quelqu" in response.content.decode()
    party.refresh_from_db()
    assert party.identity["last_name"] == "B"


def test_linking_a_staff_account_excludes_it_from_the_case(referent_a, school_a, case_a):
    colleague = staff(Role.REFERENT, school_a)
    access_grant(
        actor=None, case=case_a, user=colleague, permissions=["view_case"], reason="assignment"
    )
    person_add(
        actor=referent_a,
        case=case_a,
        data=PersonData(role="implicated", identity={"last_name": "Y"}, account=colleague),
    )
    assert ConflictDeclaration.objects.filter(case=case_a, user=colleague).exists()
    assert not CaseGrant.objects.filter(content_object=case_a, user=colleague).exists()


def test_an_account_of_another_school_cannot_be_linked(referent_a, referent_b, case_a):
    with pytest.raises(Exception, match="n'appartient pas"):
        person_add(
            actor=referent_a,
            case=case_a,
            data=PersonData(role="witness", identity={"last_name": "Z"}, account=referent_b),
        )


def test_a_person_logged_at_intake_is_found_from_another_case(referent_a, school_a):
    listener = staff(Role.LISTENER, school_a)
    first = intake(listener, school_a, identity={"first_name": "Léa", "last_name": "Martin"}).case
    second = case_for(referent_a, school_a)
    party = person_add(
        actor=referent_a,
        case=second,
        data=PersonData(role="victim", identity={"first_name": "Lea", "last_name": "MARTIN"}),
    )
    report = party_named_elsewhere(actor=referent_a, party=party)
    assert report.hidden_count == 1 and first is not None


def test_the_case_page_flags_the_implicated_persons_other_cases(client, referent_a, school_a):
    earlier = case_for(referent_a, school_a)
    later = case_for(referent_a, school_a)
    for case in (earlier, later):
        person_add(
            actor=referent_a,
            case=case,
            data=PersonData(role="implicated", identity={"first_name": "H", "last_name": "B"}),
        )
    login(client, referent_a)
    page = client.get(reverse("case-detail", kwargs={"case_id": later.pk})).content.decode()
    assert "Antécédents" in page
    assert earlier.reference in page


def test_the_backfill_indexes_persons_recorded_without_an_index(referent_a, case_a):
    party = person_add(
        actor=referent_a, case=case_a, data=PersonData(role="victim", identity={"last_name": "W"})
    )
    PartyIndexEntry.objects.all().delete()
    backfill = importlib.import_module("cases.migrations.0013_party_index_backfill").backfill
    backfill(django_apps, None)
    assert PartyIndexEntry.objects.filter(party=party).count() == 1
