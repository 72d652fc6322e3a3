"""Receipt codes: 100 random bits in five groups of four base-32 characters.

GlobaLeaks gives 16 digits (53 bits); the issue asks for at least 80 secret bits, so
the code is 20 characters of Crockford's base 32 (no I, L, O, U: nothing to confuse
when copied by hand), e.g. ``K7QM 3XPA 9D2F RT6B WH4C``. The first group is a public
lookup prefix (20 bits); the 80 bits after it are the secret. Only an scrypt hash is
stored (``hashlib.scrypt``: memory-hard, in the standard library, no new package).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUP = 4
GROUPS = 5
LENGTH = GROUP * GROUPS
PREFIX = GROUP
# Crockford's reading of look-alikes typed by a person.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_groups(code: str) -> list[str]:
    return [code[i : i + GROUP] for i in range(0, LENGTH, GROUP)]


def code_normalise(text: str) -> str | None:
    """The code as typed (any case, spaces or dashes) or None when it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t").translate(_READ_AS)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def code_digest(code: str, salt: bytes) -> bytes:
    n = settings.RECUEIL_PORTAL_SCRYPT_N
    return hashlib.scrypt(
        code.encode(), salt=salt, n=n, r=8, p=1, maxmem=256 * n * 8 + 2**20, dklen=32
    )


def code_matches(code: str, salt: bytes, digest: bytes) -> bool:
    return hmac.compare_digest(code_digest(code, salt), digest)


def code_salt() -> bytes:
    return secrets.token_bytes(16)
