"""A report being reviewed travels back to the browser sealed, never stored on the server.

Between "Vérifier" and "Envoyer" the text must survive a round trip without JavaScript.
Keeping it in the session would write it to the session table (rows a dump reads, T3)
for a report the person may never send; so the review page carries it in a hidden field,
encrypted and authenticated with AES-256-GCM under a key derived from ``SECRET_KEY``,
with its time of sealing. Nothing about an unsent report exists on the server, any node
can open it, and a draft older than ``RECUEIL_PORTAL_DRAFT_SECONDS`` or altered in the
browser is refused. The browser already holds the text it typed; the page is not cached
(``NoStoreMiddleware``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import time
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_AAD = b"recueil-portal-draft-v1"


def _key() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), _AAD, hashlib.sha256).digest()


def draft_seal(data: dict[str, Any]) -> str:
    nonce = os.urandom(12)
    body = json.dumps({"t": int(time.time()), "d": data}).encode()
    sealed = AESGCM(_key()).encrypt(nonce, body, _AAD)
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def draft_open(token: str) -> dict[str, Any] | None:
    """The sealed data, or None if it was altered, is not ours or is too old."""
    try:
        raw = base64.urlsafe_b64decode(token.encode())
        body = json.loads(AESGCM(_key()).decrypt(raw[:12], raw[12:], _AAD))
    except (ValueError, InvalidTag, binascii.Error):
        return None
    if int(time.time()) - int(body.get("t", 0)) > settings.RECUEIL_PORTAL_DRAFT_SECONDS:
        return None
    data = body.get("d")
    return data if isinstance(data, dict) else None
