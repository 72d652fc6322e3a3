"""Settings fail closed and the production module passes Django's deployment check."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RECUEIL_", "DATABASE_URL"))}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "RECUEIL_SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
    "RECUEIL_ALLOWED_HOSTS": "recueil.example.org",
    "DATABASE_URL": "sqlite:////tmp/recueil-deploy-check.sqlite3",
    "RECUEIL_KEY_STORE_URL": "sqlite:////tmp/recueil-deploy-check-keys.sqlite3",
    "RECUEIL_MASTER_KEYS": f"k1:{_key()}",
    "RECUEIL_ACTIVE_MASTER_KEY": "k1",
    "RECUEIL_BLIND_INDEX_KEY": _key(),
}


def test_production_settings_pass_the_deployment_check_at_warning_level():
    result = _run_manage(["check", "--deploy", "--fail-level", "WARNING"], PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "RECUEIL_SECRET_KEY"}
    result = _run_manage(["check"], env)
    assert result.returncode != 0
    assert "RECUEIL_SECRET_KEY" in result.stderr


def test_production_settings_refuse_to_start_without_a_separate_key_store():
    env = {k: v for k, v in PROD_ENV.items() if k != "RECUEIL_KEY_STORE_URL"}
    result = _run_manage(["check"], env)
    assert result.returncode != 0
    assert "RECUEIL_KEY_STORE_URL" in result.stderr
    same = {**PROD_ENV, "RECUEIL_KEY_STORE_URL": PROD_ENV["DATABASE_URL"]}
    result = _run_manage(["check"], same)
    assert result.returncode != 0
    assert "recueil.E003" in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_master_keys():
    env = {k: v for k, v in PROD_ENV.items() if k != "RECUEIL_MASTER_KEYS"}
    result = _run_manage(["check"], env)
    assert result.returncode != 0
    assert "RECUEIL_MASTER_KEYS" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(PROD_ENV["RECUEIL_SECRET_KEY"])
    env = {k: v for k, v in PROD_ENV.items() if k != "RECUEIL_SECRET_KEY"}
    env["RECUEIL_SECRET_KEY_FILE"] = str(secret_file)
    assert _run_manage(["check"], env).returncode == 0


def test_debug_is_off_unless_asked():
    assert settings.DEBUG is False
    from config.settings import dev

    assert dev.DEBUG is False or os.environ.get("RECUEIL_DEBUG")


def test_real_settings_hash_passwords_with_argon2():
    assert settings.RECUEIL_REAL_PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    from config.settings.base import database_from_url

    config = database_from_url("sqlite:////tmp/x.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


@pytest.mark.django_db
@override_settings(RECUEIL_ENVIRONMENT="production")
def test_demo_data_is_refused_with_production_settings():
    with pytest.raises(CommandError):
        call_command("seed_demo")


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_covers_every_role(capsys):
    from cases.models import Entity, Role, User

    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert first == second
    # Two schools with one account per role, and the Direction générale's steering.
    assert Entity.objects.count() == 3
    assert User.objects.count() == 2 * len(Role) + 1
    assert "dg.steering" in first


@pytest.mark.django_db
def test_demo_data_gives_each_role_something_to_do():
    from cases.models import Case, Contact, User
    from enquiries.models import InvestigatorProfile
    from workflows.selectors import claimable_tasks, my_tasks

    call_command("seed_demo")
    call_command("seed_demo")
    for code in ("mse", "tsp"):
        referent = User.objects.get(username=f"{code}.referent")
        assert Contact.objects.filter(entity__code=code, case__isnull=True).count() == 1
        # A case at each step (tests/demo lists them): twelve per school.
        assert Case.objects.filter(entity__code=code).count() == 12
        assert claimable_tasks(referent).count() == 1  # a report to acknowledge
        assert my_tasks(referent).count() >= 4  # triage, enquiries, feedback, closure
    assert InvestigatorProfile.objects.count() == 2
