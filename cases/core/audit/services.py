"""Append events to the hash-chained audit trail, and verify the chain.

Callers: every service that changes or reveals case or account data. The event
holds who, when, what (references, enums, field names), never confidential values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from cases.core.audit.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:  # the trail names its actors; it does not depend on the accounts code
    from cases.core.accounts.models import User

GENESIS_HASH = "0" * 64


def _canonical(
    *,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    entity_id: int | None,
    details: dict[str, Any],
) -> bytes:
    return json.dumps(
        {
            "sequence": sequence,
            "at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": actor_id,
            "action": action,
            "type": object_type,
            "id": object_id,
            "entity": entity_id,
            "details": details,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    ).encode()


_SEQUENCE_MARK = b'"sequence":0,'


def _canonical_split(**fields: Any) -> tuple[str, str]:
    """The canonical payload around its sequence number: ``prefix + str(n) + suffix``.

    Keys are sorted, so the top-level ``"sequence"`` is the last occurrence of the mark
    (a nested key of that name sits in ``details``, earlier; only the escaped string of
    ``"type"`` follows). The database joins the parts around the number it chooses
    (docs/READ_LOG.md).
    """
    payload = _canonical(sequence=0, **fields)
    head, mark, tail = payload.rpartition(_SEQUENCE_MARK)
    if not mark:
        raise ValueError("canonical payload without a sequence")
    return (head + b'"sequence":').decode("ascii"), ("," + tail.decode("ascii"))


def chain_hash(previous_hash: str, payload: bytes) -> str:
    return hashlib.sha256(previous_hash.encode() + b"\n" + payload).hexdigest()


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    entity_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; runs inside the caller's transaction when there is one."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    details = details or {}
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    if connection.vendor == "postgresql":
        return _append_in_database(
            occurred_at=timezone.now(),
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            entity_id=entity_id,
            details=details,
        )
    return _append_in_python(
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        entity_id=entity_id,
        details=details,
    )


def _append_in_python(
    *,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    entity_id: int | None,
    details: dict[str, Any],
) -> AuditEvent:
    """Lock the head, hash, insert, move the head: five statements with BEGIN/COMMIT."""
    with transaction.atomic():
        # Locking the head row serialises appenders so the chain stays linear.
        # The head row is seeded by a migration; recreate it if a flush removed it.
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(singleton=1)
        sequence = head.sequence + 1
        occurred_at = timezone.now()
        digest = chain_hash(
            head.hash,
            _canonical(
                sequence=sequence,
                occurred_at=occurred_at,
                actor_id=actor_id,
                action=action,
                object_type=object_type,
                object_id=object_id,
                entity_id=entity_id,
                details=details,
            ),
        )
        event = AuditEvent.objects.create(
            sequence=sequence,
            occurred_at=occurred_at,
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            entity_id=entity_id,
            details=details,
            previous_hash=head.hash,
            hash=digest,
        )
        AuditChainHead.objects.filter(singleton=1).update(sequence=sequence, hash=digest)
    return event


def _append_in_database(
    *,
    occurred_at: datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    entity_id: int | None,
    details: dict[str, Any],
) -> AuditEvent:
    """One statement: the function of migration 0018 locks the head, hashes, inserts, moves it."""
    prefix, suffix = _canonical_split(
        occurred_at=occurred_at,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        entity_id=entity_id,
        details=details,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM recueil_audit_append(%s::timestamptz, %s::bigint, %s::text,"
            " %s::text, %s::text, %s::bigint, %s::jsonb, %s::text, %s::text)",
            [
                occurred_at,
                actor_id,
                action,
                object_type,
                object_id,
                entity_id,
                json.dumps(details),
                prefix,
                suffix,
            ],
        )
        row = cursor.fetchone()
    if row is None:  # the function always returns one row
        raise RuntimeError("audit append returned nothing")
    event_id, sequence, previous_hash, digest = row
    event = AuditEvent(
        id=event_id,
        sequence=sequence,
        occurred_at=occurred_at,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        entity_id=entity_id,
        details=details,
        previous_hash=previous_hash,
        hash=digest,
    )
    event._state.adding = False
    event._state.db = connection.alias
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_hash: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def audit_verify(events: Iterator[AuditEvent] | None = None) -> ChainReport:
    """Walk the chain in order and report the first broken link, if any."""
    if events is None:
        events = AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000)
    previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for event in events:
        if event.sequence != expected_sequence:
            return ChainReport(checked, previous, event.sequence, "missing or reordered event")
        if event.previous_hash != previous:
            return ChainReport(checked, previous, event.sequence, "previous hash does not match")
        recomputed = chain_hash(
            previous,
            _canonical(
                sequence=event.sequence,
                occurred_at=event.occurred_at,
                actor_id=event.actor_id,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                entity_id=event.entity_id,
                details=event.details,
            ),
        )
        if recomputed != event.hash:
            return ChainReport(checked, previous, event.sequence, "content does not match hash")
        previous = event.hash
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(singleton=1).first() or AuditChainHead()
    if head.sequence != checked or head.hash != previous:
        return ChainReport(checked, previous, checked + 1, "events missing after the last one")
    return ChainReport(checked, previous)
