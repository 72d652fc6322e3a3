"""The master key ring, read from configuration and never stored in the database.

``RECUEIL_MASTER_KEYS`` lists ``id:base64key`` pairs; ``RECUEIL_ACTIVE_MASTER_KEY``
names the one that wraps new data keys. Older keys stay in the ring only to unwrap
until ``manage.py rotate_master_key`` has re-wrapped everything under the active key.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


class KeyRingError(ImproperlyConfigured):
    pass


def _decode_key(name: str, encoded: str) -> bytes:
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyRingError(f"{name} is not valid base64") from exc
    if len(key) != KEY_BYTES:
        raise KeyRingError(f"{name} must be {KEY_BYTES} bytes, got {len(key)}")
    return key


@dataclass(frozen=True)
class KeyRing:
    master_keys: dict[str, bytes]
    active_id: str
    blind_index_key: bytes

    @property
    def active_key(self) -> bytes:
        return self.master_keys[self.active_id]

    def master_key(self, key_id: str) -> bytes:
        try:
            return self.master_keys[key_id]
        except KeyError:
            raise KeyRingError(
                f"master key {key_id!r} is needed to unwrap a data key but is not in "
                "RECUEIL_MASTER_KEYS (was it removed before rotate_master_key finished?)"
            ) from None


def parse_key_ring(master_keys: str, active_id: str, blind_index_key: str) -> KeyRing:
    keys: dict[str, bytes] = {}
    for item in (part.strip() for part in (master_keys or "").split(",")):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not _KEY_ID.match(key_id):
            raise KeyRingError("RECUEIL_MASTER_KEYS entries must look like id:base64key")
        if key_id in keys:
            raise KeyRingError(f"master key id {key_id!r} appears twice")
        keys[key_id] = _decode_key(f"master key {key_id!r}", encoded)
    if not keys:
        raise KeyRingError("RECUEIL_MASTER_KEYS is empty: case data cannot be encrypted")
    if active_id not in keys:
        raise KeyRingError(f"RECUEIL_ACTIVE_MASTER_KEY {active_id!r} is not in the key ring")
    if not blind_index_key:
        raise KeyRingError("RECUEIL_BLIND_INDEX_KEY is not set")
    index_key = _decode_key("RECUEIL_BLIND_INDEX_KEY", blind_index_key)
    if index_key in keys.values():
        raise KeyRingError("the blind index key must differ from every master key")
    return KeyRing(master_keys=keys, active_id=active_id, blind_index_key=index_key)


@lru_cache(maxsize=1)
def _cached(master_keys: str, active_id: str, blind_index_key: str) -> KeyRing:
    return parse_key_ring(master_keys, active_id, blind_index_key)


def key_ring() -> KeyRing:
    """The configured key ring; a clear ``KeyRingError`` if it is missing or wrong."""
    config = getattr(settings, "RECUEIL_KEYS", None)
    if not config:
        raise KeyRingError("RECUEIL_KEYS is not configured")
    return _cached(
        config.get("MASTER_KEYS", ""),
        config.get("ACTIVE_MASTER_KEY", ""),
        config.get("BLIND_INDEX_KEY", ""),
    )
