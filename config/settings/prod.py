"""Production settings: every secret from the environment, HTTPS only.

Fails at start-up when a secret, the database or the allowed hosts are missing.
``manage.py check --deploy --fail-level WARNING`` passes with these settings.
"""

from __future__ import annotations

from config import env
from config.settings.base import *  # noqa: F403
from config.settings.base import (
    cache_from_url,
    database_from_url,
    key_ring_settings,
    with_key_store,
)

RECUEIL_ENVIRONMENT = "production"

SECRET_KEY = env.require("RECUEIL_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env.listing("RECUEIL_ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("RECUEIL_ALLOWED_HOSTS must list the public host names")

DATABASES, RECUEIL_KEY_STORE_DATABASE = with_key_store(
    {"default": database_from_url(env.require("DATABASE_URL"))},
    env.require("RECUEIL_KEY_STORE_URL"),
)

# Every node shares one cache (Redis): a per-process cache would differ between nodes.
CACHES = cache_from_url(env.get("RECUEIL_CACHE_URL") or "redis://127.0.0.1:6379/1")
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("RECUEIL_CACHE_URL must be redis://… in production")

RECUEIL_KEYS = key_ring_settings(
    master_keys=env.require("RECUEIL_MASTER_KEYS"),
    active_key=env.require("RECUEIL_ACTIVE_MASTER_KEY"),
    blind_index_key=env.require("RECUEIL_BLIND_INDEX_KEY"),
)

SECURE_SSL_REDIRECT = env.flag("RECUEIL_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-recueil-session"
CSRF_COOKIE_NAME = "__Host-recueil-csrf"
CSRF_TRUSTED_ORIGINS = env.listing("RECUEIL_CSRF_TRUSTED_ORIGINS", [])

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.get("RECUEIL_EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("RECUEIL_EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get("RECUEIL_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env.get("RECUEIL_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env.flag("RECUEIL_EMAIL_TLS", default=True)

# Demo and load tooling is not even installed in production (each command also refuses).
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "demo"]  # noqa: F405
