"""Protection fonctionnelle of a staff victim: the referent records the request, a director
decides it with reasons, measures follow; everyone else is refused (404)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    AuditEvent,
    CaseGrant,
    Party,
    ProtectionMeasure,
    ProtectionRequest,
    Role,
)
from cases.services.cases import party_add
from cases.services.protection import (
    protection_decide,
    protection_letter_finalised,
    protection_measure_add,
    protection_reasons,
    protection_request_record,
)
from tests.builders import case_for
from tests.people import login, staff

TODAY = timezone.localdate()


@pytest.fixture
def director_a(school_a):
    return staff(Role.DIRECTOR, school_a, username="director.a")


@pytest.fixture
def case(referent_a, school_a, director_a):
    return case_for(referent_a, school_a)


@pytest.fixture
def victim(case, referent_a) -> Party:
    return party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.VICTIM,
        identity={"first_name": "Nadia", "last_name": "Roux"},
        status=Party.Status.STAFF_CIVIL,
    )


@pytest.fixture
def pending(case, referent_a, victim) -> ProtectionRequest:
    return protection_request_record(
        actor=referent_a,
        case=case,
        party=victim,
        requested_on=TODAY,
        facts="CANARY-PROTECTION-FACTS menaces reçues",
    )


def _holds(user, case, codename: str) -> bool:
    return CaseGrant.objects.filter(
        user=user, content_object=case, permission__codename=codename
    ).exists()


@pytest.mark.django_db
def test_the_request_is_encrypted_audited_without_content_and_brings_the_director_in(
    pending, case, director_a
):
    assert pending.facts.startswith("CANARY-PROTECTION-FACTS")
    raw = ProtectionRequest.objects.filter(pk=pending.pk).values_list("facts", flat=True)[0]
    assert b"CANARY" not in bytes(raw)
    event = AuditEvent.objects.filter(action="protection.requested").get()
    assert "CANARY" not in str(event.details)
    assert _holds(director_a, case, "decide_case")
    assert _holds(director_a, case, "view_case")


@pytest.mark.django_db
def test_protection_is_refused_for_a_victim_who_is_a_student(case, referent_a):
    student = party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.VICTIM,
        identity={"first_name": "Léa"},
        status=Party.Status.STUDENT,
    )
    with pytest.raises(ValidationError):
        protection_request_record(
            actor=referent_a, case=case, party=student, requested_on=TODAY, facts="x"
        )
    assert not ProtectionRequest.objects.exists()


@pytest.mark.django_db
def test_a_refusal_without_reasons_is_refused_and_nothing_is_stored(pending, director_a):
    with pytest.raises(ValidationError):
        protection_decide(
            actor=director_a,
            request=pending,
            decision=ProtectionRequest.Decision.REFUSED,
            decided_on=TODAY,
            reasons="  ",
            expected_version=1,
        )
    pending.refresh_from_db()
    assert pending.decision == ProtectionRequest.Decision.PENDING


@pytest.mark.django_db
def test_a_decision_on_a_stale_page_does_not_overwrite_the_first_one(pending, director_a):
    protection_decide(
        actor=director_a,
        request=pending,
        decision=ProtectionRequest.Decision.GRANTED,
        decided_on=TODAY,
        reasons="",
        expected_version=1,
    )
    with pytest.raises(ValidationError):
        protection_decide(
            actor=director_a,
            request=pending,
            decision=ProtectionRequest.Decision.REFUSED,
            decided_on=TODAY,
            reasons="Non",
            expected_version=1,
        )
    pending.refresh_from_db()
    assert pending.decision == ProtectionRequest.Decision.GRANTED
    assert pending.decided_by == director_a


@pytest.mark.django_db
def test_the_referent_cannot_decide(pending, referent_a):
    with pytest.raises(ValidationError):
        protection_decide(
            actor=referent_a,
            request=pending,
            decision=ProtectionRequest.Decision.GRANTED,
            decided_on=TODAY,
            reasons="",
            expected_version=1,
        )


@pytest.mark.django_db
def test_measures_follow_a_granted_protection_only(pending, director_a, referent_a):
    with pytest.raises(ValidationError):
        protection_measure_add(
            actor=referent_a, request=pending, kind="legal_costs", detail="", started_on=TODAY
        )
    granted = protection_decide(
        actor=director_a,
        request=pending,
        decision=ProtectionRequest.Decision.GRANTED,
        decided_on=TODAY,
        reasons="",
        expected_version=1,
    )
    protection_measure_add(
        actor=referent_a, request=granted, kind="legal_costs", detail="", started_on=TODAY
    )
    with pytest.raises(ValidationError):
        protection_measure_add(
            actor=referent_a, request=granted, kind="other", detail=" ", started_on=TODAY
        )
    assert list(ProtectionMeasure.objects.values_list("kind", flat=True)) == ["legal_costs"]


@pytest.mark.django_db
def test_the_directors_reason_ends_when_the_decision_letter_is_finalised(pending, director_a, case):
    protection_decide(
        actor=director_a,
        request=pending,
        decision=ProtectionRequest.Decision.GRANTED,
        decided_on=TODAY,
        reasons="",
        expected_version=1,
    )
    assert protection_reasons(case)
    assert protection_letter_finalised(actor=director_a, case=case) == 1
    assert protection_reasons(case) == []


# --- Pages: every route refuses whoever has no reason to be there (404). -----------------


def _routes(case, request_id):
    return [
        reverse("protection-request", kwargs={"case_id": case.pk}),
        reverse("protection-decide", kwargs={"case_id": case.pk, "request_id": request_id}),
        reverse("protection-measure", kwargs={"case_id": case.pk, "request_id": request_id}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_school", "listener", "investigator", "other_referent"])
def test_protection_pages_answer_404_to_people_without_a_reason(who, pending, case, school_b):
    entity = school_b if who == "other_school" else case.entity
    role = {
        "other_school": Role.DIRECTOR,
        "listener": Role.LISTENER,
        "investigator": Role.INVESTIGATOR,
        "other_referent": Role.REFERENT,
    }[who]
    client = login(Client(), staff(role, entity))
    for url in _routes(case, pending.pk):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"facts": "x"}).status_code == 404, url
    assert ProtectionRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_referent_may_not_open_the_decision_page(pending, case, referent_a):
    client = login(Client(), referent_a)
    url = reverse("protection-decide", kwargs={"case_id": case.pk, "request_id": pending.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_referent_records_a_request_from_the_page(case, referent_a, victim):
    client = login(Client(), referent_a)
    url = reverse("protection-request", kwargs={"case_id": case.pk})
    bad = client.post(url, {"party": victim.pk, "requested_on": TODAY.isoformat(), "facts": ""})
    assert bad.status_code == 400
    assert not ProtectionRequest.objects.exists()
    response = client.post(
        url, {"party": victim.pk, "requested_on": TODAY.isoformat(), "facts": "Menaces"}
    )
    assert response.status_code == 302
    assert ProtectionRequest.objects.get().party == victim


@pytest.mark.django_db
def test_the_director_decides_from_the_page_and_a_refusal_needs_reasons(pending, case, director_a):
    client = login(Client(), director_a)
    url = reverse("protection-decide", kwargs={"case_id": case.pk, "request_id": pending.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "CANARY-PROTECTION-FACTS" in page.content.decode()
    data = {"decision": "refused", "decided_on": TODAY.isoformat(), "reasons": "", "version": 1}
    assert client.post(url, data).status_code == 400
    data["reasons"] = "Faits sans lien avec les fonctions."
    assert client.post(url, data).status_code == 302
    pending.refresh_from_db()
    assert pending.decision == "refused"
    assert pending.decided_on == TODAY
