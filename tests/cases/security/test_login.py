"""Login is password then one-time code; guessing either locks out (user + address)."""

from __future__ import annotations

import re

import pyotp
import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import AuditEvent
from tests.people import PASSWORD, totp_device


def _code(device: TOTPDevice) -> str:
    return pyotp.TOTP(_b32(device)).now()


def _b32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode()


def _password_step(client: Client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_first_login_leads_to_enrolment_with_a_qr_code_then_backup_codes(client, referent_a):
    response = _password_step(client, "referent.a")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login-enrol"))

    page = client.get(reverse("login-enrol"))
    assert page.status_code == 200
    assert b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=referent_a, confirmed=False)

    done = client.post(reverse("login-enrol"), {"otp_token": _code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{10})</code>", done.content.decode())
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=referent_a).count() == 10
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_enrolled_user_must_type_a_code_before_any_page(client, referent_a):
    device = totp_device(referent_a)
    response = _password_step(client, "referent.a")
    assert response["Location"].startswith(reverse("login-otp"))
    assert client.get(reverse("home"))["Location"] == reverse("login-otp")

    wrong = client.post(reverse("login-otp"), {"otp_token": "000000"})
    assert wrong.status_code == 200
    assert b"pas valide" in wrong.content

    right = client.post(reverse("login-otp"), {"otp_token": _code(device)})
    assert right.status_code == 302
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_a_backup_code_works_once(client, referent_a):
    from cases.core.security.services import backup_codes_regenerate

    totp_device(referent_a)
    code = backup_codes_regenerate(user=referent_a)[0]
    _password_step(client, "referent.a")
    assert client.post(reverse("login-otp"), {"otp_token": code}).status_code == 302

    other = Client()
    _password_step(other, "referent.a")
    again = other.post(reverse("login-otp"), {"otp_token": code})
    assert again.status_code == 200


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_passwords_lock_out_that_user_from_that_address_only(client, referent_a):
    totp_device(referent_a)
    for _ in range(3):
        _password_step(client, "referent.a", password="wrong-password", ip="10.9.9.9")
    locked = _password_step(client, "referent.a", ip="10.9.9.9")
    assert locked.status_code == 429
    assert "bloquée".encode() in locked.content
    assert AccessAttempt.objects.filter(username="referent.a").exists()

    # The real user, from their own address, is not locked out by the attacker (T4).
    elsewhere = _password_step(Client(), "referent.a", ip="10.0.0.2")
    assert elsewhere.status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_guessing_one_time_codes_locks_out_and_logs_out(client, referent_a):
    totp_device(referent_a)
    _password_step(client, "referent.a")
    responses = [client.post(reverse("login-otp"), {"otp_token": "123456"}) for _ in range(3)]
    assert responses[-1].status_code == 429
    # Logged out: the session no longer holds the half-authenticated user.
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    assert AuditEvent.objects.filter(action="security.second_factor_failed").count() == 3


@pytest.mark.django_db
def test_logout_ends_the_session(client, referent_a):
    from tests.people import login

    login(client, referent_a)
    client.post(reverse("logout"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_next_parameter_cannot_redirect_off_site(client, referent_a):
    device = totp_device(referent_a)
    _password_step(client, "referent.a")
    response = client.post(
        reverse("login-otp") + "?next=https://evil.example/", {"otp_token": _code(device)}
    )
    assert response["Location"] == reverse("home")  # the start page, not elsewhere


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=4, AXES_COOLOFF_TIME=0.5)
def test_the_password_step_warns_when_few_attempts_are_left_and_the_lockout_says_how_long(
    client, referent_a
):
    totp_device(referent_a)
    first = _password_step(client, "referent.a", password="wrong-password", ip="10.9.9.9")
    assert "Attention" not in first.content.decode()
    second = _password_step(client, "referent.a", password="wrong-password", ip="10.9.9.9")
    assert "encore 2 essais" in second.content.decode()
    assert "30 minutes" in second.content.decode()
    third = _password_step(client, "referent.a", password="wrong-password", ip="10.9.9.9")
    assert "encore 1 essai " in third.content.decode()
    _password_step(client, "referent.a", password="wrong-password", ip="10.9.9.9")
    locked = _password_step(client, "referent.a", ip="10.9.9.9")
    assert locked.status_code == 429
    assert "bloquée pendant 30 minutes" in locked.content.decode()
