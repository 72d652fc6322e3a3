"""Security test finding 7: the audit chain is anchored outside the database by the timers,
and ``verify_audit`` checks those anchors by default, so a chain rewritten consistently or
cut short with its head moved back fails verification (T5)."""

from __future__ import annotations

import logging
import stat
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.db import connection

from cases.core.audit.anchors import anchor_path, anchors_read, audit_anchor_write
from cases.core.audit.registry import auditlog_verify
from cases.core.audit.services import _canonical, audit_record, audit_verify, chain_hash
from cases.models import AuditChainHead, AuditEvent
from config.celery import app
from tests.builders import case_for

pytestmark = pytest.mark.django_db


def _sql(statement: str, params: list[Any]) -> None:
    """A direct database edit, as an administrator with database access could make."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _events(actor, count: int) -> None:
    for n in range(count):
        audit_record(actor=actor, action="test.event", details={"n": n})


def _rewrite_from(sequence: int) -> None:
    """Forge event ``sequence`` and recompute every later hash and the head."""
    _sql("UPDATE cases_auditevent SET action = 'test.forged' WHERE sequence = %s", [sequence])
    previous = AuditEvent.objects.get(sequence=sequence - 1).hash
    for event in AuditEvent.objects.filter(sequence__gte=sequence).order_by("sequence"):
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


def test_the_timers_anchor_the_chain_head_in_a_private_file_and_the_log(referent_a, capsys, caplog):
    _events(referent_a, 3)
    caplog.set_level(logging.INFO, logger="recueil.audit")
    call_command("workflow_timers")
    head = AuditChainHead.objects.get()
    assert [(a.sequence, a.hash) for a in anchors_read()] == [(head.sequence, head.hash)]
    assert f"{head.sequence}:{head.hash}" in capsys.readouterr().out
    assert f"audit anchor {head.sequence}:{head.hash}" in caplog.text
    assert stat.S_IMODE(anchor_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(anchor_path().parent.stat().st_mode) == 0o700


def test_an_unchanged_head_is_not_anchored_twice_and_a_new_one_is_appended(referent_a):
    _events(referent_a, 2)
    first = audit_anchor_write()
    assert first is not None
    assert audit_anchor_write() is None
    _events(referent_a, 1)
    assert audit_anchor_write() is not None
    assert [a.sequence for a in anchors_read()] == [first.sequence, first.sequence + 1]


def test_each_anchor_is_mailed_on_commit_when_an_address_is_set(
    referent_a, settings, django_capture_on_commit_callbacks
):
    settings.RECUEIL_AUDIT_ANCHOR_EMAIL = "anchors@example.invalid"
    _events(referent_a, 2)
    with django_capture_on_commit_callbacks(execute=True):
        anchor = audit_anchor_write()
    assert [m.to for m in mail.outbox] == [["anchors@example.invalid"]]
    assert str(anchor) in mail.outbox[0].body


def test_celery_beat_anchors_the_chain_every_hour():
    entries = app.conf.beat_schedule.values()
    assert "cases.tasks.audit_anchor" in {entry["task"] for entry in entries}


def test_verify_audit_passes_on_an_anchored_chain_that_only_grew(referent_a, capsys):
    _events(referent_a, 3)
    audit_anchor_write()
    _events(referent_a, 2)
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_a_consistently_rewritten_chain_fails_verification_by_default(referent_a, capsys):
    _events(referent_a, 4)
    anchor = audit_anchor_write()
    assert anchor is not None
    _rewrite_from(anchor.sequence - 2)
    assert audit_verify().intact  # consistent in itself...
    with pytest.raises(SystemExit):  # ...but not with the anchor kept outside
        call_command("verify_audit")
    assert f"REWRITTEN: event {anchor.sequence} " in capsys.readouterr().err


def test_a_truncated_chain_with_its_head_moved_back_fails_verification_by_default(
    referent_a, capsys
):
    _events(referent_a, 4)
    anchor = audit_anchor_write()
    assert anchor is not None
    last = AuditEvent.objects.get(sequence=anchor.sequence)
    _sql("DELETE FROM cases_auditevent WHERE id = %s", [last.pk])
    AuditChainHead.objects.filter(singleton=1).update(
        sequence=anchor.sequence - 1, hash=last.previous_hash
    )
    assert audit_verify().intact  # consistent in itself...
    with pytest.raises(SystemExit):
        call_command("verify_audit")
    assert f"TRUNCATED: event {anchor.sequence}," in capsys.readouterr().err


def test_without_any_anchor_verify_audit_says_so(referent_a, capsys):
    _events(referent_a, 1)
    call_command("verify_audit")
    assert "No anchor" in capsys.readouterr().err


def test_editing_any_content_field_of_an_auditlog_entry_is_detected(referent_a, school_a):
    case = case_for(referent_a, school_a)
    entry = LogEntry.objects.get_for_object(case).get(action=LogEntry.Action.CREATE)
    for field, value in (
        ("changes_text", "forged"),
        ("additional_data", {"forged": True}),
        ("serialized_data", {"forged": True}),
        ("actor_email", "forged@example.invalid"),
    ):
        before = getattr(LogEntry.objects.get(pk=entry.pk), field)
        LogEntry.objects.filter(pk=entry.pk).update(**{field: value})
        assert auditlog_verify() == [entry.pk], field
        LogEntry.objects.filter(pk=entry.pk).update(**{field: before})
    assert auditlog_verify() == []
