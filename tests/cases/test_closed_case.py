"""A closed case is read-only until reopened: every change is refused with one message and
nothing is written; what the closure does not end (reading, reopening, a running
suspension or measure, a protection request already made, the conversation) still works."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseNote,
    Feedback,
    Meeting,
    NarrativeVersion,
    Party,
    PartyRevision,
    ProtectionMeasure,
    ProtectionRequest,
    ProtectiveMeasure,
    Role,
    Suspension,
)
from cases.services.cases import attachment_add, case_narrative_update, note_add, party_add
from cases.services.closed import CaseClosed, case_require_open
from cases.services.persons import PersonData, person_add, person_correct
from cases.services.protection import (
    directors_bring_in,
    protection_decide,
    protection_measure_add,
    protection_request_record,
)
from tests.builders import case_for
from tests.people import login, staff
from workflows.steps.measures import measure_add, measure_lift
from workflows.steps.meeting import (
    interim_feedback_give,
    meeting_held,
    meeting_propose,
    meeting_request,
)
from workflows.suspension import suspension_end, suspension_record

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CLOSED = "Le dossier est clos : rouvrez-le pour le modifier."


def close(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()
    return case


@pytest.fixture
def director_a(school_a):
    return staff(Role.DIRECTOR, school_a, username="director.a")


@pytest.fixture
def case(referent_a, school_a, director_a) -> Case:
    case = case_for(referent_a, school_a, narrative="Récit d'origine.")
    directors_bring_in(actor=referent_a, case=case)
    return case


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
def implicated(case, referent_a) -> Party:
    return party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.IMPLICATED,
        identity={"first_name": "Marc", "last_name": "Petit"},
        status=Party.Status.STAFF_CIVIL,
    )


@pytest.fixture
def meeting(case, referent_a) -> Meeting:
    return meeting_request(actor=referent_a, case=case, requested_on=TODAY)


def _url(name: str, case: Case, **extra: Any) -> str:
    return reverse(name, kwargs={"case_id": case.pk, **extra})


def _snapshot(case: Case) -> dict[str, Any]:
    """What the case holds, to show that a refused change wrote nothing."""
    fresh = Case.objects.get(pk=case.pk)
    return {
        "narrative": (fresh.narrative, fresh.version, fresh.status),
        "versions": NarrativeVersion.objects.filter(case=case).count(),
        "parties": sorted(
            (str(p.pk), p.version, p.role, p.status, str(p.identity))
            for p in Party.objects.filter(case=case)
        ),
        "revisions": PartyRevision.objects.filter(party__case=case).count(),
        "notes": CaseNote.objects.filter(case=case).count(),
        "attachments": Attachment.objects.filter(case=case).count(),
        "measures": ProtectiveMeasure.objects.filter(case=case).count(),
        "meetings": sorted(
            (str(m.pk), m.version, m.proposed_on, m.held_on)
            for m in Meeting.objects.filter(case=case)
        ),
        "feedbacks": Feedback.objects.filter(case=case).count(),
        "requests": ProtectionRequest.objects.filter(case=case).count(),
        "suspensions": Suspension.objects.filter(case=case).count(),
        "events": AuditEvent.objects.exclude(action="case.read").count(),
    }


# --- the guard itself ---------------------------------------------------------------


def test_the_guard_lets_an_open_case_through_and_refuses_a_closed_or_shredded_one(case):
    case_require_open(case)
    close(case)
    with pytest.raises(CaseClosed) as refused:
        case_require_open(case)
    assert refused.value.messages == [CLOSED]
    assert refused.value.case_id == case.pk
    Case.objects.filter(pk=case.pk).update(status=Case.Status.SHREDDED)
    with pytest.raises(CaseClosed, match="détruit"):
        case_require_open(case)


def test_the_guard_reads_the_database_not_a_stale_object(case):
    stale = Case.objects.get(pk=case.pk)
    close(case)
    assert stale.status == Case.Status.OPEN
    with pytest.raises(CaseClosed):
        case_require_open(stale)


# --- every refused change, called as a service ----------------------------------------

SERVICES: dict[str, Callable[..., object]] = {
    "note": lambda c, r, **_: note_add(actor=r, case=c, body="Note après clôture"),
    "narrative": lambda c, r, **_: case_narrative_update(
        actor=r, case=c, narrative="Autre récit", expected_version=c.version, reason="x"
    ),
    "attachment": lambda c, r, **_: attachment_add(
        actor=r, case=c, filename="a.pdf", content_type="application/pdf", data=b"%PDF-1.4 x"
    ),
    "party": lambda c, r, **_: party_add(
        actor=r, case=c, role=Party.Role.WITNESS, identity={"first_name": "Léa"}
    ),
    "person_add": lambda c, r, **_: person_add(
        actor=r,
        case=c,
        data=PersonData(role=Party.Role.WITNESS, identity={"first_name": "Léa"}),
    ),
    "person_correct": lambda c, r, victim, **_: person_correct(
        actor=r,
        party=victim,
        data=PersonData(
            role=Party.Role.VICTIM,
            status=Party.Status.STAFF_CIVIL,
            identity={"first_name": "Nadia", "last_name": "Rousseau"},
        ),
        expected_version=victim.version,
    ),
    "measure": lambda c, r, **_: measure_add(
        actor=r,
        case=c,
        kind="other",
        description="Changement de groupe",
        beneficiary="La victime",
        decided_by_name="La direction",
        decided_on=TODAY,
        review_on=TODAY.replace(year=TODAY.year + 1),
    ),
    "meeting_request": lambda c, r, **_: meeting_request(actor=r, case=c, requested_on=TODAY),
    "meeting_propose": lambda c, r, meeting, **_: meeting_propose(
        actor=r, meeting=meeting, version=meeting.version, proposed_on=TODAY, mode="video"
    ),
    "meeting_held": lambda c, r, meeting, **_: meeting_held(
        actor=r,
        meeting=meeting,
        version=meeting.version,
        held_on=TODAY,
        mode="video",
        attendees="Mme Référente",
        notes="",
    ),
    "interim_feedback": lambda c, r, **_: interim_feedback_give(
        actor=r, case=c, sent_on=TODAY, means="email", summary="Point d'étape"
    ),
    "protection_request": lambda c, r, victim, **_: protection_request_record(
        actor=r, case=c, party=victim, requested_on=TODAY, facts="Menaces"
    ),
    "suspension": lambda c, r, implicated, director, **_: suspension_record(
        actor=director,
        case=c,
        party=implicated,
        decided_on=TODAY,
        starts_on=TODAY,
        criminal_proceedings=False,
        reasons="Faute grave",
    ),
}


@pytest.mark.parametrize("change", sorted(SERVICES))
def test_each_change_to_a_closed_case_is_refused_by_its_service_and_writes_nothing(
    change, case, referent_a, director_a, victim, implicated, meeting
):
    close(case)
    before = _snapshot(case)
    with pytest.raises(CaseClosed, match="rouvrez-le"):
        SERVICES[change](
            case,
            referent_a,
            victim=victim,
            implicated=implicated,
            meeting=meeting,
            director=director_a,
        )
    assert _snapshot(case) == before


# --- every refused change, from its page ----------------------------------------------

PAGES: dict[str, tuple[str, Callable[..., dict[str, Any]], Callable[..., dict[str, Any]]]] = {
    # name: (url name, extra url kwargs, POST data)
    "note": ("case-note-add", lambda **_: {}, lambda **_: {"body": "Note"}),
    "narrative": (
        "case-narrative",
        lambda **_: {},
        lambda case, **_: {"narrative": "Autre", "reason": "x", "version": case.version},
    ),
    "attachment": ("case-attachment-add", lambda **_: {}, lambda **_: {}),
    "person_add": (
        "person-add",
        lambda **_: {},
        lambda **_: {"role": "witness", "status": "unknown", "first_name": "Léa"},
    ),
    "person_edit": (
        "person-edit",
        lambda victim, **_: {"party_id": victim.pk},
        lambda victim, **_: {
            "role": "victim",
            "status": "staff_civil",
            "first_name": "Nadia",
            "last_name": "Rousseau",
            "version": victim.version,
        },
    ),
    "measure": (
        "measure-add",
        lambda **_: {},
        lambda **_: {
            "kind": "other",
            "description": "Changement de groupe",
            "beneficiary": "La victime",
            "decided_by_name": "La direction",
            "decided_on": TODAY.isoformat(),
            "review_on": TODAY.replace(year=TODAY.year + 1).isoformat(),
        },
    ),
    "meeting_request": (
        "meeting-request",
        lambda **_: {},
        lambda **_: {"requested_on": TODAY.isoformat()},
    ),
    "meeting_propose": (
        "meeting-propose",
        lambda meeting, **_: {"meeting_id": meeting.pk},
        lambda meeting, **_: {
            "proposed_on": TODAY.isoformat(),
            "mode": "video",
            "version": meeting.version,
        },
    ),
    "meeting_held": (
        "meeting-held",
        lambda meeting, **_: {"meeting_id": meeting.pk},
        lambda meeting, **_: {
            "held_on": TODAY.isoformat(),
            "mode": "video",
            "attendees": "Mme Référente",
            "version": meeting.version,
        },
    ),
    "interim_feedback": (
        "feedback-interim",
        lambda **_: {},
        lambda **_: {"sent_on": TODAY.isoformat(), "means": "email", "summary": "Point"},
    ),
    "protection_request": (
        "protection-request",
        lambda **_: {},
        lambda victim, **_: {
            "party": victim.pk,
            "requested_on": TODAY.isoformat(),
            "facts": "Menaces",
        },
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_each_change_page_of_a_closed_case_sends_back_to_the_case_with_the_message(
    page, method, client, case, referent_a, victim, meeting
):
    close(case)
    name, extra, data = PAGES[page]
    url = _url(name, case, **extra(victim=victim, meeting=meeting))
    login(client, referent_a)
    before = _snapshot(case)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data(case=case, victim=victim, meeting=meeting))
    assert response.status_code == 302
    assert response["Location"] == _url("case-detail", case)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [CLOSED]
    assert _snapshot(case) == before


def test_the_suspension_page_of_a_closed_case_sends_the_director_back(
    client, case, director_a, implicated
):
    close(case)
    login(client, director_a)
    before = _snapshot(case)
    response = client.post(
        _url("suspension-add", case),
        {
            "party": implicated.pk,
            "decided_on": TODAY.isoformat(),
            "starts_on": TODAY.isoformat(),
            "reasons": "Faute grave",
        },
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [CLOSED]
    assert _snapshot(case) == before


def test_a_stranger_still_gets_404_on_a_closed_case_change_page(client, case, referent_b):
    close(case)
    login(client, referent_b)
    assert client.get(_url("case-note-add", case)).status_code == 404
    assert client.post(_url("case-note-add", case), {"body": "x"}).status_code == 404


def test_a_change_refused_under_the_form_shows_the_message_in_the_form(
    client, case, referent_a, monkeypatch
):
    """A closure that lands between the page's check and the service's: the form says so."""
    login(client, referent_a)
    monkeypatch.setattr("cases.views.case_file.case_require_open", lambda case: None)
    close(case)
    response = client.post(_url("case-note-add", case), {"body": "Note"})
    assert response.status_code == 400
    assert CLOSED in response.content.decode()
    assert not CaseNote.objects.filter(case=case).exists()


# --- what a closed case keeps ---------------------------------------------------------


def test_a_protective_measure_still_in_force_is_lifted_on_a_closed_case(case, referent_a):
    measure = SERVICES["measure"](case, referent_a)
    assert isinstance(measure, ProtectiveMeasure)
    close(case)
    measure_lift(actor=referent_a, measure=measure, lifted_on=TODAY, reason="Fin", informed_on=None)
    assert ProtectiveMeasure.objects.get(case=case).lifted_on == TODAY


def test_a_protection_request_already_made_is_decided_and_its_measures_recorded_when_closed(
    case, referent_a, director_a, victim
):
    request = protection_request_record(
        actor=referent_a, case=case, party=victim, requested_on=TODAY, facts="Menaces"
    )
    close(case)
    decided = protection_decide(
        actor=director_a,
        request=request,
        decision=ProtectionRequest.Decision.GRANTED,
        decided_on=TODAY,
        reasons="",
        expected_version=request.version,
    )
    protection_measure_add(
        actor=director_a, request=decided, kind="legal_costs", detail="", started_on=TODAY
    )
    assert ProtectionMeasure.objects.filter(request=decided).count() == 1


def test_a_running_suspension_is_lifted_on_a_closed_case(case, director_a, implicated):
    suspension = SERVICES["suspension"](case, None, implicated=implicated, director=director_a)
    assert isinstance(suspension, Suspension)
    close(case)
    suspension_end(actor=director_a, suspension=suspension, ended_on=TODAY)
    assert Suspension.objects.get(pk=suspension.pk).ended_on == TODAY


# --- the page ------------------------------------------------------------------------

EDITING_LINKS = (
    "case-narrative",
    "person-add",
    "case-note-add",
    "case-attachment-add",
    "measure-add",
    "meeting-request",
    "feedback-interim",
    "protection-request",
)


def _links(case: Case) -> dict[str, str]:
    return {name: _url(name, case) for name in EDITING_LINKS}


def test_the_open_case_page_offers_the_changes(client: Client, case, referent_a, victim):
    login(client, referent_a)
    page = client.get(_url("case-detail", case)).content.decode()
    for url in _links(case).values():
        assert url in page
    assert _url("person-edit", case, party_id=victim.pk) in page
    assert "Dossier clos" not in page


def test_the_closed_case_page_offers_no_change_and_says_how_to_reopen(
    client: Client, case, referent_a, victim
):
    close(case)
    login(client, referent_a)
    page = client.get(_url("case-detail", case)).content.decode()
    for name, url in _links(case).items():
        assert url not in page, name
    assert _url("person-edit", case, party_id=victim.pk) not in page
    assert "Dossier clos" in page
    assert _url("case-reopen", case) in page
    assert "origine." in page  # reading stays


def test_a_reader_who_cannot_reopen_is_told_who_can(client: Client, case, director_a):
    close(case)
    login(client, director_a)
    page = client.get(_url("case-detail", case)).content.decode()
    assert "Dossier clos" in page
    assert "Seul·e le·la référent·e qui l'a clos peut le rouvrir." in page
    assert _url("case-reopen", case) not in page
