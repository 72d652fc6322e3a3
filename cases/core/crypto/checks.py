"""System checks: refuse to start with a missing or unusable key ring (fail closed)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from cases.core.crypto.keyring import KeyRingError, key_ring


@register()
def keys_configured(app_configs: Any, **kwargs: Any) -> list[Error]:
    try:
        key_ring()
    except KeyRingError as exc:
        return [Error(f"Recueil key ring: {exc}", id="recueil.E001")]
    return []
