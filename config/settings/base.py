"""Settings shared by every environment.

Environment-specific modules (``dev``, ``test``, ``prod``) import this one and
decide the secrets, the database and the debug flag; nothing here is secret.
"""

from __future__ import annotations

from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = env.BASE_DIR

RECUEIL_ENVIRONMENT = "base"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "guardian",
    "auditlog",
    "csp",
    # ``workflows`` before viewflow: its ``workflow_timers`` command (deadline
    # reminders and escalations) replaces viewflow's, which Recueil does not use.
    "cases",
    "workflows",
    "viewflow",
    "viewflow.workflow",
    "enquiries",
    "templates_legal",
    "rights",
    "retention",
    "threads",
    "indicators",
    "portal",
    "demo",
]

# Header-setting middleware sits above (outside) anything that may answer early, so
# every response carries the security headers: the second factor's redirects too.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cases.core.security.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cases.core.security.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cases.core.security.middleware.SecondFactorRequiredMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # A refused change to a closed case: its message, on the case page.
    "config.middleware.ClosedCaseMiddleware",
    # Axes must be last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cases.context_processors.navigation",
            ],
        },
    }
]
# Form fields and widgets are rendered by Jinja2 (config/forms.py says why); pages
# themselves stay Django templates.
FORM_RENDERER = "config.forms.FormRenderer"


def database_from_url(url: str) -> dict[str, Any]:
    """Database settings from a URL, with SQLite tuned for concurrent writers.

    SQLite: WAL lets readers proceed during a write, ``IMMEDIATE`` transactions
    take the write lock at BEGIN so two writers queue on ``busy_timeout`` instead
    of one failing with "database is locked" mid-transaction.
    """
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    else:
        pooling = postgresql_pooling(env.get("RECUEIL_DB_POOL", "") or "persistent")
        options = {**config.get("OPTIONS", {}), **pooling.pop("OPTIONS", {})}
        config.update(pooling, OPTIONS=options)
    config["ATOMIC_REQUESTS"] = False
    return config


# How the application reaches PostgreSQL (docs/DEPLOY.md, measured in docs/PERFORMANCE.md):
#   persistent  each gunicorn worker keeps its connection for RECUEIL_DB_CONN_MAX_AGE s;
#   psycopg     psycopg's pool inside each worker process (Django's OPTIONS["pool"]);
#   pgbouncer   DATABASE_URL points at PgBouncer in transaction mode: a server connection
#               per transaction, so nothing may outlive one: no server-side prepared
#               statements (prepare_threshold None), no server-side cursors (named cursors
#               live in a session). The worker keeps its connection to PgBouncer.
DB_POOL_MODES = ("persistent", "psycopg", "pgbouncer")


def postgresql_pooling(mode: str) -> dict[str, Any]:
    """The DATABASES entries for one of ``DB_POOL_MODES``."""
    if mode == "persistent":
        return {
            "CONN_MAX_AGE": env.integer("RECUEIL_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    if mode == "psycopg":
        return {
            "CONN_MAX_AGE": 0,  # Django refuses persistent connections with a pool
            "OPTIONS": {
                "pool": {
                    "min_size": env.integer("RECUEIL_DB_POOL_MIN", 1),
                    "max_size": env.integer("RECUEIL_DB_POOL_MAX", 4),
                    "timeout": env.integer("RECUEIL_DB_POOL_TIMEOUT", 10),
                }
            },
        }
    if mode == "pgbouncer":
        return {
            "CONN_MAX_AGE": env.integer("RECUEIL_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "DISABLE_SERVER_SIDE_CURSORS": True,
            "OPTIONS": {"prepare_threshold": None},
        }
    raise ImproperlyConfigured(f"RECUEIL_DB_POOL must be one of {', '.join(DB_POOL_MODES)}")


def cache_from_url(url: str) -> dict[str, Any]:
    """``CACHES`` from ``RECUEIL_CACHE_URL``: ``redis://…`` (shared by every node) or
    ``locmem://`` (one process: development and tests only; production refuses it)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "recueil",
        }
    elif url.startswith("locmem://"):
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    else:
        raise ImproperlyConfigured("RECUEIL_CACHE_URL must be redis://… or locmem://")
    return {"default": backend}


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "cases.User"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out (username, IP) pair before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Nothing node-local that matters (docs/DEPLOY.md, "Where each state lives"): any
# application node may answer any request, and losing one loses only its requests in
# flight. Sessions (with the re-authentication stamp they carry), lockouts, login delays
# and second-factor throttles are rows in the database; the cache is Redis in production.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Django's cache: nothing in Recueil relies on it today, but any future use is shared.
# Production refuses ``locmem://`` (config/settings/prod.py).
CACHES = cache_from_url(env.get("RECUEIL_CACHE_URL") or "locmem://")
# An upload lives in the memory of the request that carries it (case attachments and
# enquiry files: bounded in-memory handlers, never a temporary file in clear); other
# uploads (letter templates) above this size go to a temporary file of the request,
# removed when it ends. Nothing of an upload outlives its request.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
FILE_UPLOAD_TEMP_DIR = env.get("RECUEIL_UPLOAD_TEMP_DIR") or None

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after inactivity: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env.integer("RECUEIL_SESSION_IDLE_SECONDS", 30 * 60)
# A code typed this recently is required again before sensitive acts (T4).
RECUEIL_REAUTH_SECONDS = env.integer("RECUEIL_REAUTH_SECONDS", 5 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Strict: login, second factor and every page are same-site. A link followed from
# another site (a reminder opened in webmail) arrives without the session and asks
# for a login first, then goes on to the page.
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# --- Two-factor authentication (T4) ---------------------------------------
OTP_TOTP_ISSUER = "Recueil"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
RECUEIL_BACKUP_CODE_COUNT = 10

# --- Lockout (django-axes), keyed on user AND address so a stranger cannot lock
# a known user out from elsewhere (T4).
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env.integer("RECUEIL_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env.integer("RECUEIL_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
# The same page, saying how long the block lasts.
AXES_LOCKOUT_CALLABLE = "cases.core.security.views.lockout_response"
AXES_VERBOSE = False
# and is not needed to lock out.
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "token"]
# The client's address behind the reverse proxy: X-Forwarded-For is read only as far as
# our own proxies wrote it (cases/core/security/client_ip.py); 0 proxies: REMOTE_ADDR.
RECUEIL_TRUSTED_PROXY_COUNT = env.integer("RECUEIL_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "cases.core.security.client_ip.client_ip"
# Per-account delay across addresses (cases/core/security/throttle.py): after this many
# failed passwords or codes for one name, 1, 2, 4 … minutes between tries, capped.
RECUEIL_LOGIN_FREE_FAILURES = env.integer("RECUEIL_LOGIN_FREE_FAILURES", 10)
RECUEIL_LOGIN_DELAY_MAX_MINUTES = env.integer("RECUEIL_LOGIN_DELAY_MAX_MINUTES", 15)

# --- Per-object permissions (django-guardian). No anonymous user: nothing in
# Recueil is readable without an account.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# --- Audit chain anchors, written outside the database by the timers and checked by
# ``verify_audit`` (cases/core/audit/anchors.py): put the directory on storage the
# database's administrators cannot rewrite, and mail each anchor to someone else.
RECUEIL_AUDIT_ANCHOR_DIR = env.get("RECUEIL_AUDIT_ANCHOR_DIR") or str(
    BASE_DIR / "var" / "audit-anchors"
)
RECUEIL_AUDIT_ANCHOR_EMAIL = env.get("RECUEIL_AUDIT_ANCHOR_EMAIL", "") or ""

# --- Audit (django-auditlog): only what is explicitly registered is logged.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = True

# --- Content-Security-Policy: no inline script, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Internationalisation: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_SUBJECT_PREFIX = "[Recueil] "
DEFAULT_FROM_EMAIL = env.get("RECUEIL_FROM_EMAIL", "recueil@localhost")

# Logs carry references, never content (T7): no request bodies, no SQL.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING", "propagate": True},
        "django.security": {"level": "WARNING", "propagate": True},
    },
}


# --- Key store (docs/BACKUP.md): each case key's secret lives in a database apart
# from the main one, so shredding holds against old main-database backups (T3, T5).
# "default" keeps it in the main database: development and tests only (the system
# check refuses it in production). ``with_key_store`` makes it a second database.
DATABASE_ROUTERS = ["cases.core.crypto.keystore.KeyStoreRouter"]
RECUEIL_KEY_STORE_DATABASE = "default"
# How long key-store dumps are kept: the window during which a shredded case can still
# be recovered from backups (old main dump + old key-store dump + the key ring).
RECUEIL_KEY_STORE_BACKUP_DAYS = env.integer("RECUEIL_KEY_STORE_BACKUP_DAYS", 7)
# How long main-database dumps are kept by ``backup_create``.
RECUEIL_MAIN_BACKUP_DAYS = env.integer("RECUEIL_MAIN_BACKUP_DAYS", 35)


def with_key_store(databases: dict[str, Any], url: str | None) -> tuple[dict[str, Any], str]:
    """``databases`` plus the key store's when ``url`` is given, and the store's alias."""
    if not url:
        return databases, "default"
    return {**databases, "keystore": database_from_url(url)}, "keystore"


def key_ring_settings(master_keys: str, active_key: str, blind_index_key: str) -> dict[str, str]:
    """Keys for the confidentiality core, parsed and checked by ``cases.core.crypto``."""
    return {
        "MASTER_KEYS": master_keys,
        "ACTIVE_MASTER_KEY": active_key,
        "BLIND_INDEX_KEY": blind_index_key,
    }


# Error reports keep tracebacks but never local variables or POST values (T7).
DEFAULT_EXCEPTION_REPORTER_FILTER = "cases.core.security.reporting.NoLocalsExceptionReporterFilter"

# --- Deadlines: internal service levels (legal periods are fixed in workflows/deadlines.py)
RECUEIL_TRIAGE_DAYS = env.integer("RECUEIL_TRIAGE_DAYS", 5)
# Danger grave et immédiat or facts still going on: first examination within these hours.
RECUEIL_URGENT_TRIAGE_HOURS = env.integer("RECUEIL_URGENT_TRIAGE_HOURS", 24)
RECUEIL_ENQUIRY_WEEKS = env.integer("RECUEIL_ENQUIRY_WEEKS", 8)
RECUEIL_ARTICLE40_DAYS = env.integer("RECUEIL_ARTICLE40_DAYS", 2)
RECUEIL_DECISION_DAYS = env.integer("RECUEIL_DECISION_DAYS", 10)
RECUEIL_REMIND_DAYS_BEFORE = env.integer("RECUEIL_REMIND_DAYS_BEFORE", 2)
# Summons notice before an interview, in working days (an internal rule: no text fixes it).
RECUEIL_INTERVIEW_NOTICE_WORKING_DAYS = env.integer("RECUEIL_INTERVIEW_NOTICE_WORKING_DAYS", 5)
# Students' disciplinary regime: "code_education" (code de l'éducation, R. 811-10 ff.:
# institutions under the higher-education ministry) or "imt" (décret n° 2012-279, art. 29:
# the Institut Mines-Télécom schools' own conseil de discipline des usagers and five
# sanctions). docs/LEGAL_RULES.md says why IMT deployments should choose "imt" once their
# legal directorate confirms it.
RECUEIL_STUDENT_DISCIPLINE_REGIME = env.get("RECUEIL_STUDENT_DISCIPLINE_REGIME") or "code_education"
if RECUEIL_STUDENT_DISCIPLINE_REGIME not in ("code_education", "imt"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        'RECUEIL_STUDENT_DISCIPLINE_REGIME must be "code_education" or "imt"'
    )

# --- Retention (retention/rules.py cites each rule; the system check ``recueil.E020``
# refuses a value beyond its legal bound). A report outside the scope is anonymised
# without delay and has no setting.
# Closed with no disciplinary or judicial follow-up: months after the end of the
# verifications, at most 2 (CNIL, délibération n° 2023-064).
RECUEIL_RETENTION_NO_FOLLOW_UP_MONTHS = env.integer("RECUEIL_RETENTION_NO_FOLLOW_UP_MONTHS", 2)
# A listening record never handed over: months after its last exchange (at most 2).
RECUEIL_RETENTION_LISTENING_MONTHS = env.integer("RECUEIL_RETENTION_LISTENING_MONTHS", 2)
# A closed data-subject request: months after its closure before who asked, what and the
# answer become unreadable, 12 to 60 (no text fixes it: to confirm, retention/rules.py).
RECUEIL_RETENTION_SUBJECT_REQUEST_MONTHS = env.integer(
    "RECUEIL_RETENTION_SUBJECT_REQUEST_MONTHS", 24
)
# Cases anonymised per transaction by ``apply_retention``.
RECUEIL_RETENTION_BATCH = env.integer("RECUEIL_RETENTION_BATCH", 500)

# --- Files: size limits (bytes) and an optional virus-scanner hook (dotted path of a
# callable ``(content: bytes, name: str) -> bool``, True when clean).
RECUEIL_MAX_ATTACHMENT_BYTES = env.integer("RECUEIL_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
RECUEIL_ENQUIRY_MAX_FILE_BYTES = env.integer("RECUEIL_ENQUIRY_MAX_FILE_BYTES", 20 * 1024 * 1024)
RECUEIL_ENQUIRY_MAX_RECORDING_BYTES = env.integer(
    "RECUEIL_ENQUIRY_MAX_RECORDING_BYTES", 200 * 1024 * 1024
)
# Conversation with the reporting person (portal and case page): per file, files per
# message, characters per message.
RECUEIL_THREAD_MAX_FILE_BYTES = env.integer("RECUEIL_THREAD_MAX_FILE_BYTES", 10 * 1024 * 1024)
RECUEIL_THREAD_MAX_FILES = env.integer("RECUEIL_THREAD_MAX_FILES", 5)
RECUEIL_THREAD_MAX_BODY_CHARS = env.integer("RECUEIL_THREAD_MAX_BODY_CHARS", 20000)
RECUEIL_VIRUS_SCANNER = env.get("RECUEIL_VIRUS_SCANNER", "") or ""

# --- Public reporting portal (T6). Receipt codes are hashed with scrypt at this cost
# (2**14: 16 MiB and some tens of milliseconds per check); a reviewed draft stays
# sealed in the page this long; per-hour limits shared by every node (database).
RECUEIL_PORTAL_SCRYPT_N = env.integer("RECUEIL_PORTAL_SCRYPT_N", 2**14)
RECUEIL_PORTAL_DRAFT_SECONDS = env.integer("RECUEIL_PORTAL_DRAFT_SECONDS", 2 * 3600)
RECUEIL_PORTAL_MAX_TEXT_CHARS = env.integer("RECUEIL_PORTAL_MAX_TEXT_CHARS", 20000)
RECUEIL_PORTAL_SUBMISSIONS_PER_HOUR = env.integer("RECUEIL_PORTAL_SUBMISSIONS_PER_HOUR", 120)
RECUEIL_PORTAL_SUBMISSIONS_PER_ENTITY_PER_HOUR = env.integer(
    "RECUEIL_PORTAL_SUBMISSIONS_PER_ENTITY_PER_HOUR", 30
)
RECUEIL_PORTAL_CODE_FAILURES_PER_PREFIX = env.integer("RECUEIL_PORTAL_CODE_FAILURES_PER_PREFIX", 5)
RECUEIL_PORTAL_CODE_FAILURES_PER_HOUR = env.integer("RECUEIL_PORTAL_CODE_FAILURES_PER_HOUR", 300)
RECUEIL_PORTAL_MESSAGES_PER_HOUR = env.integer("RECUEIL_PORTAL_MESSAGES_PER_HOUR", 30)

# --- Indicators: counts below this are masked (with complementary suppression).
RECUEIL_INDICATOR_MIN_COUNT = env.integer("RECUEIL_INDICATOR_MIN_COUNT", 5)
# Links in reminder e-mails.
RECUEIL_BASE_URL = env.get("RECUEIL_BASE_URL", "http://127.0.0.1:8000") or "http://127.0.0.1:8000"

# --- Celery (production timers). Task arguments and results carry counts only (T7).
CELERY_BROKER_URL = env.get("RECUEIL_CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env.get("RECUEIL_CELERY_RESULT_BACKEND", None)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
CELERY_TASK_ACKS_LATE = True
# The anchor file is the one file Recueil writes outside the database: its task goes to
# the ``anchors`` queue, consumed only by the worker of the host that holds
# RECUEIL_AUDIT_ANCHOR_DIR (deploy/systemd/recueil-celery-worker.service).
CELERY_TASK_ROUTES = {"cases.tasks.audit_anchor": {"queue": "anchors"}}
