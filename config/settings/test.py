"""Test settings: SQLite in memory by default, PostgreSQL when ``DATABASE_URL`` says so.

Keys are random per test run; the password hasher is fast because the tests are
not about Argon2 (a dedicated test checks that the real settings use it).
"""

from __future__ import annotations

import base64
import secrets
import tempfile

from config import env
from config.settings.base import *  # noqa: F403
from config.settings.base import PASSWORD_HASHERS as REAL_PASSWORD_HASHERS
from config.settings.base import database_from_url, key_ring_settings

RECUEIL_ENVIRONMENT = "test"
SECRET_KEY = secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = {"default": database_from_url(env.get("DATABASE_URL") or "sqlite://:memory:")}

RECUEIL_KEYS = key_ring_settings(
    master_keys="test1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    active_key="test1",
    blind_index_key=base64.b64encode(secrets.token_bytes(32)).decode(),
)

# The portal's receipt codes: scrypt's cost at its minimum (the tests are not about it).
RECUEIL_PORTAL_SCRYPT_N = 2**4

RECUEIL_REAL_PASSWORD_HASHERS = REAL_PASSWORD_HASHERS
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# django-otp's exponential back-off would refuse a right code typed within a second of
# a wrong one; lockout itself is tested through django-axes.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Anchors of this run only (tests/conftest.py empties the file after each test).
RECUEIL_AUDIT_ANCHOR_DIR = tempfile.mkdtemp(prefix="recueil-test-anchors-")
RECUEIL_AUDIT_ANCHOR_EMAIL = ""
