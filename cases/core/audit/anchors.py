"""Audit chain anchors kept outside the database (T5).

Someone with write access to the database can rewrite the hash chain consistently
(recompute every later hash and the head) or cut its end and move the head back:
the chain alone cannot tell. An anchor is the head (``sequence:hash``) written where
that person cannot reach: appended to a file in ``RECUEIL_AUDIT_ANCHOR_DIR`` (another
disk, a write-once or backed-up volume), written to the log, and mailed to
``RECUEIL_AUDIT_ANCHOR_EMAIL`` when set. The timers anchor every run, and
``verify_audit`` checks the latest anchors by default: an anchored event missing
(truncation) or with another hash (rewrite) fails verification. Events added since the
last anchor are covered by the next one only, so the anchoring interval is the window.

Callers: the timers (``workflow_timers``, Celery beat), ``manage.py audit_anchor``.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from cases.core.audit.models import AuditChainHead, AuditEvent

logger = logging.getLogger("recueil.audit")

ANCHOR_FILE = "audit-anchors.log"
_LINE = re.compile(r"(?P<at>\S+) (?P<sequence>\d+):(?P<hash>[0-9a-f]{64})")


@dataclass(frozen=True)
class Anchor:
    at: str
    sequence: int
    hash: str

    def __str__(self) -> str:
        return f"{self.sequence}:{self.hash}"


def anchor_path() -> Path:
    return Path(settings.RECUEIL_AUDIT_ANCHOR_DIR) / ANCHOR_FILE


def anchors_read(limit: int | None = None) -> list[Anchor]:
    """The anchors of the file, oldest first (the last ``limit`` only when given)."""
    try:
        lines = anchor_path().read_text(encoding="ascii").splitlines()
    except FileNotFoundError:
        return []
    found = [m for m in (_LINE.fullmatch(line.strip()) for line in lines) if m]
    anchors = [Anchor(m["at"], int(m["sequence"]), m["hash"]) for m in found]
    return anchors[-limit:] if limit else anchors


def _append(line: str) -> None:
    directory = Path(settings.RECUEIL_AUDIT_ANCHOR_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
    descriptor = os.open(directory / ANCHOR_FILE, flags, 0o600)
    try:
        os.write(descriptor, line.encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def audit_anchor_write() -> Anchor | None:
    """Write the current head outside the database; None when it is already anchored."""
    head = AuditChainHead.objects.filter(singleton=1).first()
    if head is None or head.sequence == 0:
        return None
    latest = anchors_read(limit=1)
    if latest and (latest[0].sequence, latest[0].hash) == (head.sequence, head.hash):
        return None
    anchor = Anchor(timezone.now().isoformat(timespec="seconds"), head.sequence, head.hash)
    _append(f"{anchor.at} {anchor}\n")
    logger.info("audit anchor %s", anchor)
    recipient = settings.RECUEIL_AUDIT_ANCHOR_EMAIL
    if recipient:
        transaction.on_commit(
            lambda: send_mail(
                subject=f"{settings.EMAIL_SUBJECT_PREFIX}audit anchor {anchor.sequence}",
                message=f"Recueil audit chain head at {anchor.at}:\n{anchor}\n",
                from_email=None,
                recipient_list=[recipient],
            )
        )
    return anchor


def anchors_check(anchors: list[Anchor]) -> str:
    """Empty when the chain still holds every anchor, else what is wrong with it."""
    if not anchors:
        return ""
    stored = dict(
        AuditEvent.objects.filter(sequence__in={a.sequence for a in anchors}).values_list(
            "sequence", "hash"
        )
    )
    for anchor in sorted(anchors, key=lambda a: a.sequence, reverse=True):
        if anchor.sequence not in stored:
            head = AuditChainHead.objects.filter(singleton=1).first()
            return (
                f"Audit chain TRUNCATED: event {anchor.sequence}, anchored at {anchor.at}, "
                f"is missing (the chain now ends at {head.sequence if head else 0})"
            )
        if stored[anchor.sequence] != anchor.hash:
            return (
                f"Audit chain REWRITTEN: event {anchor.sequence} no longer has the hash "
                f"anchored at {anchor.at} ({anchor})"
            )
    return ""
