"""The audit trail is append-only and any edit breaks its hash chain."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from cases.core.audit.services import audit_record, audit_verify
from cases.models import AuditEvent


def _sql(statement: str, params: list[Any]) -> None:
    """A direct database edit, as an administrator with database access could make (T5)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.django_db
def test_an_untouched_chain_verifies(referent_a):
    for n in range(5):
        audit_record(actor=referent_a, action="test.event", details={"n": n})
    report = audit_verify()
    assert report.intact
    assert report.checked == AuditEvent.objects.count()


@pytest.mark.django_db
def test_editing_an_event_in_the_database_is_detected(referent_a):
    events = [
        audit_record(actor=referent_a, action="test.event", details={"n": n}) for n in range(4)
    ]
    _sql("UPDATE cases_auditevent SET action = 'test.other' WHERE id = %s", [events[1].pk])
    report = audit_verify()
    assert not report.intact
    assert report.broken_at == events[1].sequence


@pytest.mark.django_db
def test_deleting_the_last_event_is_detected(referent_a):
    events = [audit_record(actor=referent_a, action="test.event") for _ in range(3)]
    _sql("DELETE FROM cases_auditevent WHERE id = %s", [events[-1].pk])
    assert not audit_verify().intact


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted_through_the_orm(referent_a):
    event = audit_record(actor=referent_a, action="test.event")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_verify_audit_command_exits_non_zero_on_a_broken_chain(referent_a, capsys):
    audit_record(actor=referent_a, action="test.event")
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    _sql("UPDATE cases_auditevent SET details = %s", ['{"forged": true}'])
    with pytest.raises(SystemExit):
        call_command("verify_audit")


@pytest.mark.django_db
def test_a_consistently_rewritten_chain_is_caught_by_an_external_anchor(referent_a, capsys):
    from cases.core.audit.services import _canonical, chain_hash
    from cases.models import AuditChainHead

    for n in range(3):
        audit_record(actor=referent_a, action="test.event", details={"n": n})
    call_command("audit_anchor")
    anchor = capsys.readouterr().out.strip()

    # An administrator rewrites event 2 and recomputes every later hash (T5).
    _sql("UPDATE cases_auditevent SET action = 'test.forged' WHERE sequence = 2", [])
    previous = AuditEvent.objects.get(sequence=1).hash
    for event in AuditEvent.objects.filter(sequence__gte=2).order_by("sequence"):
        payload = _canonical(
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            entity_id=event.entity_id,
            details=event.details,
        )
        digest = chain_hash(previous, payload)
        _sql(
            "UPDATE cases_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
            [previous, digest, event.pk],
        )
        previous = digest
    AuditChainHead.objects.filter(singleton=1).update(hash=previous)
    assert audit_verify().intact  # the rewrite is internally consistent...
    with pytest.raises(SystemExit):  # ...but not with the head published outside
        call_command("verify_audit", anchor=[anchor])
