"""Rate limits shared by every node, in the database (no per-node memory, no address).

A bucket counts an action (``submit:all``, ``submit:<entity>``, ``code:<prefix>``,
``code:all``, ``post:<thread>``) in fixed windows; nothing identifies the person (T6).
"""

from __future__ import annotations

import time

from django.db import IntegrityError, transaction
from django.db.models import F

from portal.models import RateCounter

HOUR = 3600


def _window(seconds: int) -> int:
    return int(time.time()) // seconds


def rate_used(bucket: str, *, seconds: int = HOUR) -> int:
    row = RateCounter.objects.filter(bucket=bucket, window=_window(seconds)).first()
    return row.hits if row else 0


def rate_exceeded(bucket: str, limit: int, *, seconds: int = HOUR) -> bool:
    return rate_used(bucket, seconds=seconds) >= limit


def rate_hit(bucket: str, *, seconds: int = HOUR) -> None:
    """Count one hit of ``bucket`` in the current window (atomic on every database)."""
    window = _window(seconds)
    updated = RateCounter.objects.filter(bucket=bucket, window=window).update(hits=F("hits") + 1)
    if updated:
        return
    try:
        with transaction.atomic():
            RateCounter.objects.create(bucket=bucket, window=window, hits=1)
    except IntegrityError:  # another node created it meanwhile
        RateCounter.objects.filter(bucket=bucket, window=window).update(hits=F("hits") + 1)
    # Old windows are of no use: the table stays the size of one hour's buckets.
    RateCounter.objects.filter(bucket=bucket, window__lt=window - 1).delete()
