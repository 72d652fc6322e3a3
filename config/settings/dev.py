"""Development settings: the embedded SQLite database and throw-away secrets.

Secrets are never defaulted in code: on first start they are generated at random
into ``var/dev-secrets.json`` (git-ignored, readable by the owner only), so each
checkout has its own. ``DEBUG`` stays off unless ``RECUEIL_DEBUG=1`` is asked for,
because Django's debug page would show request data.
"""

from __future__ import annotations

import base64
import json
import os
import secrets

from config import env
from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, database_from_url, key_ring_settings, with_key_store

RECUEIL_ENVIRONMENT = "development"

_SECRETS_FILE = BASE_DIR / "var" / "dev-secrets.json"


def _dev_secrets() -> dict[str, str]:
    if _SECRETS_FILE.exists():
        return json.loads(_SECRETS_FILE.read_text(encoding="utf-8"))
    _SECRETS_FILE.parent.mkdir(parents=True, exist_ok=True)
    generated = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MASTER_KEYS": "dev1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "ACTIVE_MASTER_KEY": "dev1",
        "BLIND_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    fd = os.open(_SECRETS_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(generated, handle)
    return generated


_generated = _dev_secrets()

SECRET_KEY = env.get("RECUEIL_SECRET_KEY") or _generated["SECRET_KEY"]
DEBUG = env.flag("RECUEIL_DEBUG", default=False)
ALLOWED_HOSTS = env.listing("RECUEIL_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# The key store stays in the main database unless RECUEIL_KEY_STORE_URL names another.
DATABASES, RECUEIL_KEY_STORE_DATABASE = with_key_store(
    {
        "default": database_from_url(
            env.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'recueil.sqlite3'}"
        )
    },
    env.get("RECUEIL_KEY_STORE_URL"),
)

RECUEIL_KEYS = key_ring_settings(
    master_keys=env.get("RECUEIL_MASTER_KEYS") or _generated["MASTER_KEYS"],
    active_key=env.get("RECUEIL_ACTIVE_MASTER_KEY") or _generated["ACTIVE_MASTER_KEY"],
    blind_index_key=env.get("RECUEIL_BLIND_INDEX_KEY") or _generated["BLIND_INDEX_KEY"],
)

# Serve static files from the apps without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mails are written to the console in development; they never carry case content.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
