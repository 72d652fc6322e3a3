"""Create, unwrap, re-wrap and shred per-case data keys.

Unwrapped keys are cached in process memory for a short time (never in Django's
cache backend, which may be Redis: T7), because a page decrypting twenty fields of
one case should unwrap its key once. Shredding clears this process's entry at once;
other processes forget within ``CACHE_SECONDS``.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable

from cases.core.crypto.aead import DecryptionError, open_sealed, seal
from cases.core.crypto.keyring import KEY_BYTES, key_ring
from cases.core.crypto.models import CaseKey

CACHE_SECONDS = 60.0
CACHE_SIZE = 4096


class KeyShredded(DecryptionError):
    """The case's data key was destroyed: its data can no longer be read, by design."""


def _wrap_ad(key_id: uuid.UUID, master_key_id: str) -> bytes:
    return b"recueil:v1:case-key:" + key_id.bytes + b":" + master_key_id.encode()


class _KeyCache:
    def __init__(self) -> None:
        self._items: OrderedDict[uuid.UUID, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key_id: uuid.UUID) -> bytes | None:
        with self._lock:
            item = self._items.get(key_id)
            if item is None:
                return None
            if item[0] < time.monotonic():
                del self._items[key_id]
                return None
            self._items.move_to_end(key_id)
            return item[1]

    def put(self, key_id: uuid.UUID, key: bytes) -> None:
        with self._lock:
            self._items[key_id] = (time.monotonic() + CACHE_SECONDS, key)
            self._items.move_to_end(key_id)
            while len(self._items) > CACHE_SIZE:
                self._items.popitem(last=False)

    def forget(self, key_id: uuid.UUID) -> None:
        with self._lock:
            self._items.pop(key_id, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_cache = _KeyCache()


def data_key_create() -> CaseKey:
    """A new random data key, saved wrapped under the active master key."""
    ring = key_ring()
    record = CaseKey(master_key_id=ring.active_id)
    plain = os.urandom(KEY_BYTES)
    record.wrapped = seal(ring.active_key, plain, _wrap_ad(record.id, ring.active_id))
    record.save(force_insert=True)
    _cache.put(record.id, plain)
    return record


def data_keys_new(count: int) -> list[CaseKey]:
    """``count`` unsaved data keys for bulk inserts (load generation, imports)."""
    ring = key_ring()
    records = []
    for _ in range(count):
        record = CaseKey(master_key_id=ring.active_id)
        plain = os.urandom(KEY_BYTES)
        record.wrapped = seal(ring.active_key, plain, _wrap_ad(record.id, ring.active_id))
        _cache.put(record.id, plain)
        records.append(record)
    return records


def _unwrap(record: CaseKey) -> bytes:
    if record.wrapped is None:
        raise KeyShredded(f"data key {record.pk} was shredded")
    master = key_ring().master_key(record.master_key_id)
    return open_sealed(master, bytes(record.wrapped), _wrap_ad(record.id, record.master_key_id))


def data_key(key_id: uuid.UUID) -> bytes:
    cached = _cache.get(key_id)
    if cached is not None:
        return cached
    record = CaseKey.objects.filter(pk=key_id).only("id", "master_key_id", "wrapped").first()
    if record is None:
        raise KeyShredded(f"data key {key_id} does not exist")
    plain = _unwrap(record)
    _cache.put(key_id, plain)
    return plain


def data_keys_preload(key_ids: Iterable[uuid.UUID]) -> None:
    """Unwrap many keys with one query (list pages that show decrypted fields)."""
    missing = [k for k in set(key_ids) if _cache.get(k) is None]
    if not missing:
        return
    for record in CaseKey.objects.filter(pk__in=missing, wrapped__isnull=False):
        _cache.put(record.id, _unwrap(record))


def data_key_rewrap(record: CaseKey) -> bool:
    """Re-wrap one data key under the active master key; False if nothing to do."""
    ring = key_ring()
    if record.wrapped is None or record.master_key_id == ring.active_id:
        return False
    plain = _unwrap(record)
    record.wrapped = seal(ring.active_key, plain, _wrap_ad(record.id, ring.active_id))
    record.master_key_id = ring.active_id
    return True


def data_keys_write(records: list[CaseKey]) -> None:
    """Write re-wrapped keys back with one statement per row in a batch.

    Django's ``bulk_update`` builds one ``CASE WHEN id = …`` per row, evaluated
    for every row: quadratic in the batch size. ``executemany`` is linear (and
    pipelined by psycopg 3). Callers write the audit event themselves.
    """
    from django.db import connection

    table = connection.ops.quote_name(CaseKey._meta.db_table)
    id_field = CaseKey._meta.pk
    rows = [
        (bytes(r.wrapped or b""), r.master_key_id, id_field.get_db_prep_value(r.id, connection))
        for r in records
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET wrapped = %s, master_key_id = %s WHERE id = %s",  # noqa: S608
            rows,
        )


def data_key_forget(key_id: uuid.UUID) -> None:
    _cache.forget(key_id)


def data_key_cache_clear() -> None:
    _cache.clear()
