"""Nothing node-local that matters (docs/DEPLOY.md): the settings that keep state shared
between application nodes, and the database connection modes of ``RECUEIL_DB_POOL``."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import cache_from_url, postgresql_pooling
from tests.config.test_settings import PROD_ENV, _run_manage


def test_sessions_lockouts_and_login_delays_live_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_production_refuses_a_cache_of_one_process():
    result = _run_manage(["check"], {**PROD_ENV, "RECUEIL_CACHE_URL": "locmem://"})
    assert result.returncode != 0
    assert "RECUEIL_CACHE_URL" in result.stderr


def test_production_cache_is_redis_by_default():
    result = _run_manage(
        ["shell", "-c", "from django.conf import settings; print(settings.CACHES)"], PROD_ENV
    )
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.redis.RedisCache" in result.stdout
    assert "redis://127.0.0.1:6379/1" in result.stdout


def test_a_cache_url_is_redis_or_locmem():
    assert cache_from_url("redis://10.0.0.20:6379/1")["default"]["LOCATION"] == (
        "redis://10.0.0.20:6379/1"
    )
    with pytest.raises(ImproperlyConfigured):
        cache_from_url("memcached://10.0.0.20")


def test_through_pgbouncer_nothing_outlives_a_transaction():
    mode = postgresql_pooling("pgbouncer")
    assert mode["OPTIONS"] == {"prepare_threshold": None}
    assert mode["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_psycopg_pool_replaces_persistent_connections():
    mode = postgresql_pooling("psycopg")
    assert mode["CONN_MAX_AGE"] == 0
    assert set(mode["OPTIONS"]["pool"]) == {"min_size", "max_size", "timeout"}


def test_an_unknown_pooling_mode_is_refused():
    with pytest.raises(ImproperlyConfigured, match="RECUEIL_DB_POOL"):
        postgresql_pooling("pgpool")


def test_the_audit_anchor_task_goes_to_the_anchor_hosts_queue():
    assert settings.CELERY_TASK_ROUTES["cases.tasks.audit_anchor"] == {"queue": "anchors"}


def test_the_pooling_mode_keeps_the_options_of_the_database_url(monkeypatch):
    from config.settings.base import database_from_url

    monkeypatch.setenv("RECUEIL_DB_POOL", "pgbouncer")
    config = database_from_url("postgres://recueil@127.0.0.1:6432/recueil?sslmode=require")
    assert config["OPTIONS"] == {"sslmode": "require", "prepare_threshold": None}
