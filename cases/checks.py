"""System checks: refuse to start with unusable keys (fail closed)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def keys_configured(app_configs: Any, **kwargs: Any) -> list[Error]:
    keys = getattr(settings, "RECUEIL_KEYS", None)
    if not keys or not keys.get("MASTER_KEYS") or not keys.get("BLIND_INDEX_KEY"):
        return [Error("RECUEIL_KEYS is not configured", id="recueil.E001")]
    return []
