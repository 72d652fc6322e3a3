"""The key store: each case key's secret, in a database apart from the main one (T3, T5).

``RECUEIL_KEY_STORE_DATABASE`` names the Django database alias that holds
``CaseKeySecret``. Production sets ``RECUEIL_KEY_STORE_URL``, which makes it a second
database (``keystore``) left out of the main database's dumps and backed up on its own
short rotation (docs/BACKUP.md). Development and tests may leave it in the main
database (alias ``default``): everything works, but shredding then does not hold
against old backups — the system check refuses that in production.

Writes to a separate store are not part of the main transaction: a secret is written
(and committed) before the key that needs it, so a crash leaves at worst an orphan
secret, never a key without its secret; a secret is deleted once the shredding has
committed, and ``key_store_check --repair`` deletes any that a crash left behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

from cases.core.crypto.models import CaseKeySecret

SECRET_BYTES = 32
KEY_STORE_ALIAS = "keystore"


def store_alias() -> str:
    return str(getattr(settings, "RECUEIL_KEY_STORE_DATABASE", DEFAULT_DB_ALIAS))


def store_is_separate() -> bool:
    return store_alias() != DEFAULT_DB_ALIAS


def _secrets() -> Any:
    return CaseKeySecret.objects.using(store_alias())


def secrets_create(key_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, bytes]:
    """New random secrets for these keys, written to the key store at once."""
    made = {key_id: os.urandom(SECRET_BYTES) for key_id in key_ids}
    _secrets().bulk_create(
        [CaseKeySecret(key_id=k, secret=s) for k, s in made.items()], batch_size=1000
    )
    return made


def secrets_of(key_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, bytes]:
    """The secrets the key store holds for these keys (absent: destroyed or never made)."""
    ids = list(key_ids)
    found: dict[uuid.UUID, bytes] = {}
    for start in range(0, len(ids), 1000):
        rows = _secrets().filter(pk__in=ids[start : start + 1000]).values_list("key_id", "secret")
        found.update((k, bytes(s)) for k, s in rows)
    return found


def secret_of(key_id: uuid.UUID) -> bytes | None:
    value = _secrets().filter(pk=key_id).values_list("secret", flat=True).first()
    return None if value is None else bytes(value)


def _delete(key_ids: list[uuid.UUID]) -> None:
    for start in range(0, len(key_ids), 1000):
        _secrets().filter(pk__in=key_ids[start : start + 1000]).delete()


def secrets_destroy(key_ids: Iterable[uuid.UUID]) -> None:
    """Delete these secrets: within the caller's transaction when the store shares the
    main database, else once the main transaction has committed (a shredding that rolls
    back must not have destroyed anything)."""
    ids = list(key_ids)
    if not ids:
        return
    if store_is_separate():
        transaction.on_commit(lambda: _delete(ids))
    else:
        _delete(ids)


class KeyStoreRouter:
    """Sends ``CaseKeySecret`` to the key store and nothing else there."""

    @staticmethod
    def _is_secret(model: type) -> bool:
        return bool(model._meta.label_lower == "cases.casekeysecret")  # type: ignore[attr-defined]

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return store_alias() if self._is_secret(model) else None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return store_alias() if self._is_secret(model) else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        store = store_alias()
        if store == DEFAULT_DB_ALIAS:
            return None
        if app_label == "cases" and model_name == "casekeysecret":
            return db == store
        if db == store:
            return False
        return None
