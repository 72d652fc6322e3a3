"""The open sessions of an account, as "Mon compte" lists them, and signing them out.

Sessions are Django's, in the database. ``SecondFactorRequiredMiddleware`` keeps one
``SessionRecord`` per session of a logged-in person (device summary, last activity),
written at most once every five minutes per session (the last write's time rides in
the session itself, so a request costs no extra read). Signing a session out deletes Django's row:
that browser is logged out at its next request. Audited with ids only.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from cases.core.accounts.models import User
from cases.core.audit.services import audit_record
from cases.core.security.models import SessionRecord

SEEN_KEY = "recueil_seen_at"
SEEN_EVERY_SECONDS = 300  # "last activity" to five minutes: one write per session per 5 min

_BROWSERS = (
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/"),
    ("Firefox", r"(Firefox|FxiOS)/"),
    ("Chrome", r"(Chrome|CriOS)/"),
    ("Safari", r"Safari/"),
)
_SYSTEMS = (
    ("Android", r"Android"),
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
)


def device_summary(user_agent: str) -> str:
    """ "Firefox sur Windows": the browser and system named by a User-Agent, nothing more."""
    browser = next((name for name, p in _BROWSERS if re.search(p, user_agent)), "")
    system = next((name for name, p in _SYSTEMS if re.search(p, user_agent)), "")
    if browser and system:
        return f"{browser} — {system}"
    return browser or system or "?"


def session_seen(request: HttpRequest) -> None:
    """Record that the request's session is in use (at most once every five minutes)."""
    user = request.user
    key = request.session.session_key
    if not user.is_authenticated or not key:
        return
    now = int(time.time())
    seen = request.session.get(SEEN_KEY)
    if isinstance(seen, list) and seen[:1] == [key] and now - seen[1] < SEEN_EVERY_SECONDS:
        return
    SessionRecord.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "device": device_summary(request.headers.get("user-agent", ""))[:80],
            "last_seen_at": timezone.now(),
        },
    )
    request.session[SEEN_KEY] = [key, now]


def session_key_moved(old: str | None, new: str | None) -> None:
    """Django gave the session a new key (password change): its row follows it."""
    if old and new and old != new:
        SessionRecord.objects.filter(session_key=old).update(session_key=new)


@dataclass
class OpenSession:
    pk: uuid.UUID
    device: str
    started_at: object
    last_seen_at: object
    current: bool


def sessions_of(user: User, current_key: str | None) -> list[OpenSession]:
    """The account's sessions still alive, most recently used first."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    rows = SessionRecord.objects.filter(user=user, session_key__in=alive)
    return [
        OpenSession(
            pk=r.pk,
            device=r.device,
            started_at=r.started_at,
            last_seen_at=r.last_seen_at,
            current=r.session_key == current_key,
        )
        for r in rows
    ]


def _end(records: list[SessionRecord]) -> int:
    keys = [r.session_key for r in records]
    Session.objects.filter(session_key__in=keys).delete()
    SessionRecord.objects.filter(pk__in=[r.pk for r in records]).delete()
    return len(keys)


def session_end(*, actor: User, session_id: uuid.UUID, current_key: str | None) -> bool:
    """Sign out one of ``actor``'s own other sessions; False if there is no such session."""
    with transaction.atomic():
        record = (
            SessionRecord.objects.select_for_update()
            .filter(pk=session_id, user=actor)
            .exclude(session_key=current_key or "")
            .first()
        )
        if record is None:
            return False
        _end([record])
        audit_record(
            actor=actor, action="account.session_ended", target=actor, details={"count": 1}
        )
    return True


def sessions_end_others(*, actor: User, current_key: str | None) -> int:
    """Sign out every session of ``actor`` but this one; how many were ended."""
    with transaction.atomic():
        records = list(
            SessionRecord.objects.select_for_update()
            .filter(user=actor)
            .exclude(session_key=current_key or "")
        )
        count = _end(records)
        audit_record(
            actor=actor,
            action="account.sessions_ended",
            target=actor,
            details={"count": count},
        )
    return count
