"""Keyed blind index of people's names and e-mails (T2, T3).

The index stores ``HMAC-SHA256(blind index key, normalised value)``: equal names
give equal digests, so a case can learn that a person is named elsewhere, while a
database thief without the key cannot test a guessed name against it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from cases.core.crypto.keyring import key_ring

_SPACES = re.compile(r"[\s\-'’.,]+")


def normalise_name(value: str) -> str:
    """Case, accents, punctuation and word order do not matter: 'Le Gall, Zoé' == 'zoe le-gall'."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    tokens = [t for t in _SPACES.split(ascii_only.casefold()) if t]
    return " ".join(sorted(tokens))


def normalise_email(value: str) -> str:
    return value.strip().casefold()


def digest(kind: str, normalised: str) -> str:
    mac = hmac.new(key_ring().blind_index_key, f"{kind}\x00{normalised}".encode(), hashlib.sha256)
    return mac.hexdigest()


def name_digest(value: str) -> str | None:
    normalised = normalise_name(value)
    return digest("name", normalised) if normalised else None


def email_digest(value: str) -> str | None:
    normalised = normalise_email(value)
    return digest("email", normalised) if normalised else None
