"""Sensitive acts need a code typed in the last minutes, not just a live session (T4)."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from cases.core.security.recent import SESSION_KEY
from cases.models import Role
from tests.people import login, staff, totp_device

pytestmark = pytest.mark.django_db


def _age_second_factor(client: Client, seconds: int) -> None:
    session = client.session
    session[SESSION_KEY] = int(time.time()) - seconds
    session.save()


def _fresh_code(user) -> str:
    import base64

    device = totp_device(user)
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()


def test_an_export_after_a_stale_code_asks_for_a_fresh_one_then_comes_back(school_a, settings):
    settings.RECUEIL_REAUTH_SECONDS = 300
    steering = staff(Role.STEERING, school_a)
    client = login(Client(), steering)
    export = reverse("indicators-export")
    assert client.get(export).status_code == 200  # code typed at login, just now

    _age_second_factor(client, 301)
    refused = client.get(export)
    assert refused.status_code == 302
    assert refused["Location"] == reverse("login-confirm") + "?next=%2Findicators%2Fexport.csv"

    page = client.get(refused["Location"])
    assert "Confirmer votre identité" in page.content.decode()
    wrong = client.post(refused["Location"], {"otp_token": "000000", "next": export})
    assert wrong.status_code == 200 and client.get(export).status_code == 302

    confirmed = client.post(
        refused["Location"], {"otp_token": _fresh_code(steering), "next": export}
    )
    assert confirmed.status_code == 302 and confirmed["Location"] == export
    assert client.get(export).status_code == 200


def test_a_reassignment_with_a_stale_code_changes_nothing_and_returns_to_the_task(
    school_a, referent_a
):
    from tests.workflows.conftest import intake
    from tests.workflows.journey import open_task
    from workflows import engine

    listener = staff(Role.LISTENER, school_a)
    colleague = staff(Role.REFERENT, school_a)
    task = engine.task_claim(
        actor=referent_a, task=open_task(intake(listener, school_a).case, "acknowledge")
    )
    client = login(Client(), referent_a)
    _age_second_factor(client, 3600)
    task_page = reverse("task", kwargs={"task_id": task.pk})
    response = client.post(
        reverse("task-assign", kwargs={"task_id": task.pk}),
        {"assignee": colleague.pk},
        HTTP_REFERER=f"http://testserver{task_page}",
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?next=" + task_page.replace("/", "%2F"))
    task.refresh_from_db()
    assert task.owner_id == referent_a.pk


def test_the_confirmation_page_is_not_reachable_without_the_first_second_factor(
    school_a, referent_a
):
    from tests.people import login_password_only

    client = login_password_only(Client(), referent_a)
    response = client.get(reverse("login-confirm"))
    assert response.status_code == 302
    assert reverse("login-confirm") not in response["Location"]
