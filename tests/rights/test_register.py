"""The register of data-subject requests: recording, extension, closure, timers, refusals."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.core.audit.models import AuditEvent
from cases.models import Role
from rights.models import SubjectRequest
from rights.services import (
    subject_request_close,
    subject_request_extend,
    subject_request_record,
    subject_requests_sweep,
)
from tests.people import login, staff

pytestmark = pytest.mark.django_db


def _record(actor, entity, received_on=None, name="Camille Durand", details="Accès"):
    return subject_request_record(
        actor=actor,
        entity=entity,
        kind=SubjectRequest.Kind.ACCESS,
        requester_name=name,
        requester_contact="camille@example.invalid",
        relation="personne mise en cause",
        details=details,
        received_on=received_on or timezone.localdate(),
    )


def test_a_recorded_request_is_due_one_month_after_receipt_and_audited(legal_a, school_a):
    made = _record(legal_a, school_a, received_on=dt.date(2026, 1, 31))
    assert made.due_on == dt.date(2026, 2, 28)
    event = AuditEvent.objects.filter(action="rights.request_recorded").get()
    assert event.details == {"kind": "access", "due_on": "2026-02-28"}


def test_who_asked_and_what_is_never_stored_in_clear(legal_a, school_a):
    canary = f"CANARY-{uuid.uuid4().hex}"
    _record(legal_a, school_a, name=f"Nom {canary}", details=f"Objet {canary}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM rights_subjectrequest")
        rows = cursor.fetchall()
        cursor.execute("SELECT details FROM cases_auditevent")
        rows += cursor.fetchall()
    raw = repr(rows).encode() + b"".join(
        bytes(v) for row in rows for v in row if isinstance(v, bytes | memoryview)
    )
    assert canary.encode() not in raw
    assert SubjectRequest.objects.get().requester["name"] == f"Nom {canary}"


def test_only_the_legal_directorate_of_the_entity_records_a_request(referent_a, legal_b, school_a):
    for actor in (referent_a, legal_b):
        with pytest.raises(ValidationError):
            _record(actor, school_a)


def test_the_extension_needs_reasons_and_is_decided_within_the_first_month(legal_a, school_a):
    made = _record(legal_a, school_a, received_on=timezone.localdate() - dt.timedelta(days=3))
    with pytest.raises(ValidationError):
        subject_request_extend(actor=legal_a, request=made, months=2, reason=" ", version=1)
    extended = subject_request_extend(
        actor=legal_a, request=made, months=2, reason="Douze dossiers à relire", version=1
    )
    assert extended.extended_months == 2
    assert extended.due_on > made.due_on
    late = _record(legal_a, school_a, received_on=timezone.localdate() - dt.timedelta(days=40))
    with pytest.raises(ValidationError, match="mois"):
        subject_request_extend(actor=legal_a, request=late, months=1, reason="Trop tard", version=1)


def test_a_stale_form_cannot_close_a_request_changed_meanwhile(legal_a, school_a):
    made = _record(legal_a, school_a)
    subject_request_extend(actor=legal_a, request=made, months=1, reason="Complexe", version=1)
    with pytest.raises(ValidationError, match="modifiée"):
        subject_request_close(
            actor=legal_a, request=made, status="answered", note="Fait", version=1
        )
    closed = subject_request_close(
        actor=legal_a, request=made, status="answered", note="Fait", version=2
    )
    assert closed.status == "answered" and closed.closed_on == timezone.localdate()


def test_the_timers_remind_before_the_deadline_then_escalate_once_each(
    legal_a, director_a, school_a
):
    made = _record(legal_a, school_a, received_on=timezone.localdate())
    nothing_yet = made.due_on - dt.timedelta(days=8)
    assert subject_requests_sweep(nothing_yet) == "0 reminders, 0 escalations"
    a_week_before = made.due_on - dt.timedelta(days=7)
    assert subject_requests_sweep(a_week_before) == "1 reminders, 0 escalations"
    assert subject_requests_sweep(a_week_before) == "0 reminders, 0 escalations"
    overdue = made.due_on + dt.timedelta(days=1)
    assert subject_requests_sweep(overdue) == "0 reminders, 1 escalations"
    assert subject_requests_sweep(overdue) == "0 reminders, 0 escalations"
    actions = list(
        AuditEvent.objects.filter(action__startswith="rights.request_").values_list(
            "action", flat=True
        )
    )
    assert actions.count("rights.request_reminded") == 1
    assert actions.count("rights.request_escalated") == 1


def test_the_reminder_and_escalation_mails_carry_no_content(
    legal_a, director_a, school_a, django_capture_on_commit_callbacks
):
    made = _record(legal_a, school_a, name="Nom-Secret")
    with django_capture_on_commit_callbacks(execute=True):
        subject_requests_sweep(made.due_on + dt.timedelta(days=1))
    assert {a for m in mail.outbox for a in m.to} == {legal_a.email, director_a.email}
    assert all("Nom-Secret" not in f"{m.subject} {m.body}" for m in mail.outbox)


def test_the_timers_command_runs_the_register_sweep(legal_a, school_a, capsys):
    call_command("workflow_timers")
    assert "subject_requests: 0 reminders, 0 escalations" in capsys.readouterr().out


# --- pages ------------------------------------------------------------------------------------


def test_the_legal_directorate_records_follows_and_closes_a_request(client, legal_a, school_a):
    login(client, legal_a)
    response = client.post(
        reverse("rights-request-new"),
        {
            "entity": school_a.pk,
            "kind": "access",
            "received_on": timezone.localdate().isoformat(),
            "requester_name": "Camille Durand",
            "requester_contact": "camille@example.invalid",
            "relation": "",
            "details": "Copie de mes données",
        },
    )
    made = SubjectRequest.objects.get()
    assert response.status_code == 302
    assert "Camille Durand" in client.get(reverse("rights-requests")).content.decode()
    assert client.get(reverse("rights-request", args=[made.pk])).status_code == 200
    client.post(
        reverse("rights-request-close", args=[made.pk]),
        {"status": "answered", "note": "Envoyé", "version": 1},
    )
    assert SubjectRequest.objects.get().status == "answered"
    assert AuditEvent.objects.filter(action="rights.request_read").exists()


@pytest.mark.parametrize(
    "name", ["rights-request", "rights-request-extend", "rights-request-close"]
)
def test_a_legal_officer_of_another_school_or_another_role_gets_404(
    client, legal_a, legal_b, referent_a, school_a, name
):
    made = _record(legal_a, school_a)
    for outsider in (legal_b, referent_a, staff(Role.DIRECTOR, school_a)):
        login(client, outsider)
        url = reverse(name, args=[made.pk])
        answer = client.get(url) if name == "rights-request" else client.post(url, {"version": 1})
        assert answer.status_code == 404
    assert SubjectRequest.objects.get().status == "open"


def test_the_register_and_its_form_are_404_without_the_legal_role(client, referent_a):
    login(client, referent_a)
    assert client.get(reverse("rights-requests")).status_code == 404
    assert client.get(reverse("rights-request-new")).status_code == 404


def test_a_legal_officer_cannot_record_for_another_school(client, legal_b, school_a):
    login(client, legal_b)
    client.post(
        reverse("rights-request-new"),
        {
            "entity": school_a.pk,
            "kind": "access",
            "received_on": timezone.localdate().isoformat(),
            "requester_name": "X",
            "requester_contact": "x",
            "details": "x",
        },
    )
    assert not SubjectRequest.objects.exists()
