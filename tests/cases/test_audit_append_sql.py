"""The audit append in one statement (docs/READ_LOG.md): the database function of
migration 0018 hashes byte for byte as the Python verifier does, and a read of a case
costs one statement on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from cases.core.audit.services import (
    _append_in_python,
    _canonical,
    _canonical_split,
    audit_record,
    audit_verify,
)
from cases.models import AuditChainHead, AuditEvent
from cases.services.cases import case_read_record
from tests.builders import case_for

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append function exists on PostgreSQL only"
)

AWKWARD_DETAILS: list[dict[str, Any]] = [
    {},
    {"what": "case"},
    {"what": "attachment", "item": "42"},
    {"sequence": 0, "type": "x", "nested": {"sequence": 0, "list": [1, 2.5, None, True]}},
    {"text": 'quote " backslash \\ newline \n tab \t "sequence":0,'},
    {"accents": "élève, cœur, 日本, emoji 🎓", "clé é": "ü"},
    {"n": -3, "big": 2**62, "empty": "", "zero": 0},
]


@pytest.mark.parametrize("details", AWKWARD_DETAILS)
@pytest.mark.parametrize("sequence", [1, 9, 10, 123456789])
def test_the_split_payload_reassembles_the_canonical_one_byte_for_byte(details, sequence):
    fields: dict[str, Any] = {
        "occurred_at": datetime(2026, 11, 30, 7, 5, 3, 12, tzinfo=UTC),
        "actor_id": 7,
        "action": "case.read",
        "object_type": 'cases.case "sequence":0,',
        "object_id": "12",
        "entity_id": None,
        "details": details,
    }
    prefix, suffix = _canonical_split(**fields)
    assert (prefix + str(sequence) + suffix).encode("ascii") == _canonical(
        sequence=sequence, **fields
    )


@needs_postgres
@pytest.mark.django_db
def test_a_chain_written_by_the_database_function_verifies_with_the_python_verifier(referent_a):
    written = [
        audit_record(
            actor=referent_a if n % 2 else None,
            action="test.event",
            object_type="cases.case",
            object_id=str(n),
            entity_id=n if n % 3 else None,
            details=details,
        )
        for n, details in enumerate(AWKWARD_DETAILS * 2)
    ]
    stored = {event.pk: event for event in AuditEvent.objects.all()}
    for event in written:
        assert stored[event.pk].hash == event.hash
        assert stored[event.pk].sequence == event.sequence
    report = audit_verify()
    assert report.intact, report.problem
    assert report.checked == AuditEvent.objects.count()
    head = AuditChainHead.objects.get(singleton=1)
    assert (head.sequence, head.hash) == (written[-1].sequence, written[-1].hash)


@needs_postgres
@pytest.mark.django_db
def test_the_function_and_the_python_path_hash_the_same_events_alike(referent_a):
    for n, details in enumerate(AWKWARD_DETAILS):
        fields: dict[str, Any] = {
            "actor_id": referent_a.pk,
            "action": "test.event",
            "object_type": "cases.case",
            "object_id": str(n),
            "entity_id": n,
            "details": details,
        }
        _append_in_python(**fields)
        audit_record(actor=referent_a, **{k: v for k, v in fields.items() if k != "actor_id"})
    report = audit_verify()
    assert report.intact, report.problem
    assert report.checked == AuditEvent.objects.count()


@needs_postgres
@pytest.mark.django_db
def test_a_tampered_event_written_by_the_database_function_is_detected(referent_a):
    events = [
        audit_record(actor=referent_a, action="test.event", details={"n": n}) for n in range(3)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_auditevent SET details = %s::jsonb WHERE id = %s",
            ['{"n": 5}', events[1].pk],
        )
    report = audit_verify()
    assert not report.intact
    assert report.broken_at == events[1].sequence


@needs_postgres
@pytest.mark.django_db
def test_the_function_recreates_a_head_a_flush_removed(referent_a):
    AuditChainHead.objects.all().delete()
    AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)  # an empty database
    event = audit_record(actor=referent_a, action="test.event")
    assert event.sequence == 1
    assert audit_verify().intact


@needs_postgres
@pytest.mark.django_db
def test_reading_a_case_is_logged_in_one_statement(referent_a, school_a):
    case = case_for(referent_a, school_a)
    with CaptureQueriesContext(connection) as captured:
        case_read_record(actor=referent_a, case=case, what="attachment", item="3")
    assert len(captured.captured_queries) == 1
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert (event.action, event.object_id, event.entity_id) == (
        "case.read",
        str(case.pk),
        case.entity_id,
    )
    assert event.details == {"what": "attachment", "item": "3"}
    assert audit_verify().intact


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_linear_chain(referent_a):
    threads_count, per_thread = 4, 10
    barrier = threading.Barrier(threads_count)
    failures: list[BaseException] = []

    def append(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            for n in range(per_thread):
                audit_record(actor=referent_a, action="test.event", details={"t": index, "n": n})
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    report = audit_verify()
    assert report.intact, report.problem
    assert AuditEvent.objects.filter(action="test.event").count() == threads_count * per_thread
