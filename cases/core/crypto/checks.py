"""System checks: refuse to start with a missing or unusable key ring (fail closed)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.db import DEFAULT_DB_ALIAS

from cases.core.crypto.keyring import KeyRingError, key_ring


@register()
def keys_configured(app_configs: Any, **kwargs: Any) -> list[Error]:
    try:
        key_ring()
    except KeyRingError as exc:
        return [Error(f"Recueil key ring: {exc}", id="recueil.E001")]
    return []


def key_store_errors(environment: str, databases: dict[str, Any], store: str) -> list[Error]:
    """Production keeps the key store out of the main database (docs/BACKUP.md): else
    a main-database backup holds both halves of every key and shredding does not hold."""
    if environment != "production":
        return []
    if store == DEFAULT_DB_ALIAS or store not in databases:
        return [Error("Recueil key store: set RECUEIL_KEY_STORE_URL", id="recueil.E002")]
    main, keys = databases[DEFAULT_DB_ALIAS], databases[store]
    if [main.get(k) for k in ("HOST", "PORT", "NAME")] == [
        keys.get(k) for k in ("HOST", "PORT", "NAME")
    ]:
        return [
            Error(
                "Recueil key store: RECUEIL_KEY_STORE_URL names the main database",
                id="recueil.E003",
            )
        ]
    return []


@register()
def key_store_apart(app_configs: Any, **kwargs: Any) -> list[Error]:
    return key_store_errors(
        str(getattr(settings, "RECUEIL_ENVIRONMENT", "")),
        settings.DATABASES,
        str(getattr(settings, "RECUEIL_KEY_STORE_DATABASE", DEFAULT_DB_ALIAS)),
    )
