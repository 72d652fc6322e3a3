"""Per-account login delay, across addresses (T4).

django-axes locks a (name, address) pair out after ``RECUEIL_LOCKOUT_FAILURES``
failures: that stops guessing from one address without letting a stranger lock a
colleague out from elsewhere. An attacker rotating addresses is stopped here: after
``RECUEIL_LOGIN_FREE_FAILURES`` failed passwords or codes for one name, from any
address, each further try must wait 1, 2, 4 … minutes, capped at
``RECUEIL_LOGIN_DELAY_MAX_MINUTES``. The delay is short on purpose: someone who types
wrong passwords on purpose can slow an account down, never ban it for long, and the
person gets in as soon as it ends. A completed login (right code) resets the count;
failures a day old are forgotten.

Callers: the login form (password) and the second-factor steps (codes).
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases.core.security.models import LoginDelay

FORGET_AFTER = dt.timedelta(days=1)
# 2**10 minutes is far beyond any sensible cap: the exponent stops growing there.
_MAX_EXPONENT = 10


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def delay_for(failures: int) -> dt.timedelta:
    """How long the next try waits after ``failures`` consecutive failures."""
    free = settings.RECUEIL_LOGIN_FREE_FAILURES
    if failures < free:
        return dt.timedelta(0)
    minutes = 2 ** min(failures - free, _MAX_EXPONENT)
    return dt.timedelta(minutes=min(minutes, settings.RECUEIL_LOGIN_DELAY_MAX_MINUTES))


def login_wait_minutes(username: str) -> int:
    """Whole minutes before ``username`` may try again (0: now)."""
    until = LoginDelay.objects.filter(pk=_key(username)).values_list("until", flat=True).first()
    if until is None:
        return 0
    remaining = (until - timezone.now()).total_seconds()
    return math.ceil(remaining / 60) if remaining > 0 else 0


def login_failure_record(username: str) -> dt.timedelta:
    """Count one failed password or code for ``username``; returns the delay now imposed."""
    key = _key(username)
    if not key:
        return dt.timedelta(0)
    now = timezone.now()
    with transaction.atomic():
        LoginDelay.objects.get_or_create(pk=key)
        row = LoginDelay.objects.select_for_update().get(pk=key)
        if row.last_failure_at is None or now - row.last_failure_at > FORGET_AFTER:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        delay = delay_for(row.failures)
        row.until = now + delay if delay else None
        row.save(update_fields=["failures", "last_failure_at", "until"])
    return delay


def login_success_record(username: str) -> None:
    """A completed login (password and code) clears the account's count."""
    LoginDelay.objects.filter(pk=_key(username)).delete()
