"""django-auditlog for every model holding case or account data, chained into our trail.

django-auditlog records each create/update/delete with its changed fields. Its
default masking keeps half of a value in clear and it stores ``str(instance)``:
here encrypted text and JSON fields are masked with a constant, encrypted files are
left out of the diff (they are immutable and large), and every model's ``__str__``
returns a reference only. Each LogEntry is then sealed into the hash chain by a
digest of its content, so ``verify_audit`` detects an edited LogEntry too (T5).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.db import models

from cases.core.audit.models import AuditEvent
from cases.core.audit.services import audit_record
from cases.core.crypto.fields import EncryptedBinaryField, EncryptedField

MASK = "[chiffré]"
ACTIONS = {0: "create", 1: "update", 2: "delete", 3: "access"}


def mask(value: str) -> str:
    """The same constant for every value: not even the length leaks."""
    return MASK


def audited(model: type[models.Model], exclude: list[str] | None = None) -> None:
    """Have django-auditlog record ``model``'s changes, encrypted values masked.

    Each app calls it from its ``AppConfig.ready`` for the models holding case or
    account data; the entries are chained into the trail by ``_chain_log_entry``.
    """
    encrypted = [f for f in model._meta.fields if isinstance(f, EncryptedField)]
    auditlog.register(
        model,
        mask_fields=[f.name for f in encrypted if not isinstance(f, EncryptedBinaryField)],
        mask_callable="cases.core.audit.registry.mask",
        exclude_fields=[f.name for f in encrypted if isinstance(f, EncryptedBinaryField)]
        + (exclude or []),
    )


def chain_auditlog() -> None:
    """Seal every django-auditlog entry into the hash chain (called once, by the core)."""
    post_log.connect(_chain_log_entry, dispatch_uid="recueil-chain-auditlog")


# Version 2 seals every field of a LogEntry that can carry content, not only the diff;
# entries sealed before it keep their version-1 digest ("seal" absent from the event).
SEAL_VERSION = 2


def log_entry_digest(entry: LogEntry, version: int = SEAL_VERSION) -> str:
    content: dict[str, Any] = {
        "ct": entry.content_type_id,
        "pk": entry.object_pk,
        "repr": entry.object_repr,
        "action": entry.action,
        "changes": entry.changes,
        "actor": entry.actor_id,
        "at": entry.timestamp.isoformat(timespec="microseconds"),
    }
    if version >= 2:
        content |= {
            "id": entry.object_id,
            "text": entry.changes_text,
            "serialized": entry.serialized_data,
            "additional": entry.additional_data,
            "actor_email": entry.actor_email,
            "cid": entry.cid,
            "addr": entry.remote_addr,
            "port": entry.remote_port,
        }
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _chain_log_entry(
    sender: type[models.Model],
    instance: models.Model,
    log_entry: LogEntry | None = None,
    **kwargs: Any,
) -> None:
    if log_entry is None:
        return
    entry = LogEntry.objects.get(pk=log_entry.pk)  # the stored form, as verify will read it
    audit_record(
        actor=entry.actor,
        action=f"change.{ACTIONS.get(entry.action, entry.action)}",
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        entity_id=getattr(instance, "entity_id", None),
        details={
            "logentry": entry.pk,
            "fields": sorted((entry.changes or {}).keys()),
            "digest": log_entry_digest(entry),
            "seal": SEAL_VERSION,
        },
    )


def auditlog_verify() -> list[int]:
    """Ids of LogEntries whose content no longer matches the digest sealed in the chain."""
    broken: list[int] = []
    sealed = AuditEvent.objects.filter(action__startswith="change.").values_list(
        "details", flat=True
    )
    digests = {
        d["logentry"]: (d["digest"], d.get("seal", 1))
        for d in sealed.iterator(chunk_size=2000)
        if "logentry" in d
    }
    for entry in LogEntry.objects.filter(pk__in=list(digests)).iterator(chunk_size=2000):
        digest, version = digests[entry.pk]
        if log_entry_digest(entry, version) != digest:
            broken.append(entry.pk)
    missing = set(digests) - set(
        LogEntry.objects.filter(pk__in=list(digests)).values_list("pk", flat=True)
    )
    return sorted(broken + list(missing))
