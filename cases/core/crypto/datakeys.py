"""Create, unwrap, re-wrap and shred per-case data keys.

Scheme 2 (every key made since the key store exists): the data key is sealed under
``HKDF-SHA256(master key, salt = the key's secret in the key store, info = key id and
master key id)``. Unwrapping needs the key ring, the main database's ``CaseKey`` and
the key store's ``CaseKeySecret``; shredding destroys the last two, so a main database
backup from before the shredding opens nothing (``models``, docs/BACKUP.md). Scheme 1
(older keys, sealed under the master key alone) is still read, and moved to scheme 2
by ``rotate_master_key``.

Unwrapped keys are cached in process memory for a short time (never in Django's
cache backend, which may be Redis: T7), because a page decrypting twenty fields of
one case should unwrap its key once. Shredding clears this process's entry at once;
other processes forget within ``CACHE_SECONDS``. A cache miss costs two indexed
lookups (the wrapped key, then its secret), two in all for a whole list page.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils import timezone

from cases.core.crypto.aead import DecryptionError, open_sealed, seal
from cases.core.crypto.keyring import KEY_BYTES, key_ring
from cases.core.crypto.keystore import secret_of, secrets_create, secrets_destroy, secrets_of
from cases.core.crypto.models import CaseKey

CACHE_SECONDS = 60.0
CACHE_SIZE = 4096

SCHEME_1 = CaseKey.Scheme.MASTER_ONLY
SCHEME_2 = CaseKey.Scheme.MASTER_AND_STORE


class KeyShredded(DecryptionError):
    """The case's data key was destroyed: its data can no longer be read, by design."""


class KeyWithoutSecret(KeyShredded):
    """The main database holds the wrapped key, the key store no longer its secret: a
    main backup restored after a shredding (or a key-store backup older than the key)."""


def _wrap_ad(key_id: uuid.UUID, master_key_id: str, scheme: int) -> bytes:
    return f"recueil:v{scheme}:case-key:".encode() + key_id.bytes + b":" + master_key_id.encode()


def _wrapping_key(master: bytes, secret: bytes, key_id: uuid.UUID, master_key_id: str) -> bytes:
    # HKDF rather than a second AEAD layer: one seal per key, and the secret alone (a
    # stolen key-store dump) is as useless as the master key alone.
    info = b"recueil:v2:case-kek:" + key_id.bytes + b":" + master_key_id.encode()
    return HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=secret, info=info).derive(master)


def _wrap(record: CaseKey, plain: bytes, secret: bytes) -> None:
    """Seal ``plain`` into ``record`` under the active master key and ``secret``."""
    ring = key_ring()
    record.master_key_id = ring.active_id
    record.scheme = SCHEME_2
    kek = _wrapping_key(ring.active_key, secret, record.id, ring.active_id)
    record.wrapped = seal(kek, plain, _wrap_ad(record.id, ring.active_id, SCHEME_2))


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
    """A new random data key, its secret written to the key store, saved wrapped."""
    record = CaseKey()
    plain = os.urandom(KEY_BYTES)
    _wrap(record, plain, secrets_create([record.id])[record.id])
    record.save(force_insert=True)
    _cache.put(record.id, plain)
    return record


def data_keys_new(count: int) -> list[CaseKey]:
    """``count`` unsaved data keys for bulk inserts (load generation, imports).

    Their secrets are already in the key store when this returns.
    """
    records = [CaseKey() for _ in range(count)]
    secrets = secrets_create(r.id for r in records)
    for record in records:
        plain = os.urandom(KEY_BYTES)
        _wrap(record, plain, secrets[record.id])
        _cache.put(record.id, plain)
    return records


def _unwrap(record: CaseKey, secret: bytes | None) -> bytes:
    if record.wrapped is None:
        raise KeyShredded(f"data key {record.pk} was shredded")
    master = key_ring().master_key(record.master_key_id)
    ad = _wrap_ad(record.id, record.master_key_id, record.scheme)
    if record.scheme == SCHEME_1:
        return open_sealed(master, bytes(record.wrapped), ad)
    if secret is None:
        # The main database still holds the wrapped key but the key store does not:
        # a main backup restored after this case was shredded (or a key-store backup
        # older than the key). Unreadable, by design.
        raise KeyWithoutSecret(f"data key {record.pk} has no secret in the key store")
    kek = _wrapping_key(master, secret, record.id, record.master_key_id)
    return open_sealed(kek, bytes(record.wrapped), ad)


_COLUMNS = ("id", "master_key_id", "scheme", "wrapped")


def data_key(key_id: uuid.UUID) -> bytes:
    cached = _cache.get(key_id)
    if cached is not None:
        return cached
    record = CaseKey.objects.filter(pk=key_id).only(*_COLUMNS).first()
    if record is None:
        raise KeyShredded(f"data key {key_id} does not exist")
    secret = secret_of(key_id) if record.scheme == SCHEME_2 and record.wrapped else None
    plain = _unwrap(record, secret)
    _cache.put(key_id, plain)
    return plain


def data_keys_preload(key_ids: Iterable[uuid.UUID]) -> None:
    """Unwrap many keys with two queries (list pages that show decrypted fields).

    A key whose secret is gone is left out: reading its field raises as it would alone.
    """
    missing = [k for k in set(key_ids) if _cache.get(k) is None]
    if not missing:
        return
    records = list(CaseKey.objects.filter(pk__in=missing, wrapped__isnull=False).only(*_COLUMNS))
    secrets = secrets_of(r.id for r in records if r.scheme == SCHEME_2)
    for record in records:
        if record.scheme == SCHEME_2 and record.id not in secrets:
            continue
        _cache.put(record.id, _unwrap(record, secrets.get(record.id)))


def data_key_outdated(record: CaseKey) -> bool:
    """Still to re-wrap: under an older master key, or not yet bound to the key store."""
    return record.wrapped is not None and (
        record.master_key_id != key_ring().active_id or record.scheme != SCHEME_2
    )


def data_key_secrets(records: list[CaseKey]) -> dict[uuid.UUID, bytes]:
    """The key-store secrets of ``records`` for re-wrapping, one query per batch.

    Scheme-1 keys get a new secret, written at once: a rotation interrupted after
    this finds it again and uses it.
    """
    found = secrets_of(r.id for r in records if r.wrapped is not None)
    lacking = [
        r.id
        for r in records
        if r.wrapped is not None and r.scheme == SCHEME_1 and r.id not in found
    ]
    if lacking:
        found.update(secrets_create(lacking))
    return found


def data_key_rewrap(record: CaseKey, secret: bytes | None) -> bool:
    """Re-wrap one data key under the active master key and its secret (from
    ``data_key_secrets``); False if there is nothing to do."""
    if not data_key_outdated(record):
        return False
    if secret is None:
        raise KeyWithoutSecret(f"data key {record.pk} has no secret in the key store")
    plain = _unwrap(record, secret if record.scheme == SCHEME_2 else None)
    _wrap(record, plain, secret)
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
        (
            bytes(r.wrapped or b""),
            r.master_key_id,
            int(r.scheme),
            id_field.get_db_prep_value(r.id, connection),  # type: ignore[union-attr]
        )
        for r in records
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET wrapped = %s, master_key_id = %s, scheme = %s "  # noqa: S608
            "WHERE id = %s",
            rows,
        )


def data_keys_shred(key_ids: Iterable[uuid.UUID]) -> None:
    """Crypto-shredding, inside the caller's transaction: null the wrapped keys and
    delete their secrets from the key store (once committed, when it is separate).

    Callers (``cases.services.cases.case_shred``) write the audit event.
    """
    ids = list(key_ids)
    now = timezone.now()
    for start in range(0, len(ids), 1000):
        CaseKey.objects.filter(pk__in=ids[start : start + 1000]).update(
            wrapped=None, shredded_at=now
        )
    secrets_destroy(ids)
    for key_id in ids:
        _cache.forget(key_id)


def data_key_forget(key_id: uuid.UUID) -> None:
    _cache.forget(key_id)


def data_key_cache_clear() -> None:
    _cache.clear()
