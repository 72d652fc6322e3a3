"""AES-256-GCM sealing, with the associated data binding a ciphertext to its place.

Format: ``version (1 byte) | nonce (12 bytes) | ciphertext + tag``. AES-GCM rather
than Fernet: about ten times faster, smaller, and it authenticates associated data.
Random 96-bit nonces are safe well beyond the number of encryptions one data key
will ever see (one key per case).
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_V1 = b"\x01"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A ciphertext that does not open with its key and place: tampered, moved or shredded."""


def seal(key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT_V1 + nonce + AESGCM(key).encrypt(nonce, plaintext, associated_data)


def open_sealed(key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
    if len(sealed) < 1 + NONCE_BYTES + 16 or sealed[:1] != FORMAT_V1:
        raise DecryptionError("not a Recueil ciphertext")
    nonce = sealed[1 : 1 + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, sealed[1 + NONCE_BYTES :], associated_data)
    except InvalidTag as exc:
        raise DecryptionError("ciphertext does not match its key or its place") from exc
