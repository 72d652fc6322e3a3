"""Security test finding 8: lockout behind a reverse proxy, and a per-account delay.

The lockout keys on the client's address, read from X-Forwarded-For only as far as our
own proxies wrote it; an attacker rotating addresses meets a short, growing delay on
the account instead of a ban.
"""

from __future__ import annotations

import base64
import datetime as dt

import pyotp
import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from cases.core.security.client_ip import client_ip
from cases.core.security.throttle import delay_for
from cases.models import LoginDelay
from tests.people import PASSWORD, totp_device


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_a_spoofed_forwarded_for_is_ignored_when_no_proxy_is_trusted():
    assert client_ip(_request("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


@override_settings(RECUEIL_TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_client_is_the_address_it_appended():
    # The client wrote "198.51.100.66" itself; our proxy appended the real address.
    assert client_ip(_request("10.0.0.254", "198.51.100.66, 203.0.113.9")) == "203.0.113.9"


@override_settings(RECUEIL_TRUSTED_PROXY_COUNT=2)
def test_behind_two_trusted_proxies_the_client_is_two_hops_from_the_right():
    forwarded = "198.51.100.66, 203.0.113.9, 10.0.0.3"
    assert client_ip(_request("10.0.0.254", forwarded)) == "203.0.113.9"


@override_settings(RECUEIL_TRUSTED_PROXY_COUNT=2)
def test_a_forwarded_for_shorter_or_malformed_falls_back_to_the_peer_address():
    assert client_ip(_request("10.0.0.254", "203.0.113.9")) == "10.0.0.254"
    assert client_ip(_request("10.0.0.254", "not-an-ip, 10.0.0.3")) == "10.0.0.254"
    assert client_ip(_request("10.0.0.254")) == "10.0.0.254"


def _password_step(client: Client, password: str, remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client.post(
        reverse("login"),
        {"username": "referent.a", "password": password},
        REMOTE_ADDR=remote,
        **extra,
    )


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_rotating_a_forged_forwarded_for_does_not_escape_the_lockout(referent_a):
    for n in range(3):
        _password_step(Client(), "wrong-password", "10.9.9.9", forwarded=f"203.0.113.{n}")
    locked = _password_step(Client(), PASSWORD, "10.9.9.9", forwarded="203.0.113.77")
    assert locked.status_code == 429


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, RECUEIL_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_an_attacker_locks_out_only_their_own_address(referent_a):
    totp_device(referent_a)
    for _ in range(3):
        _password_step(Client(), "wrong-password", "10.0.0.254", forwarded="203.0.113.9")
    assert _password_step(Client(), PASSWORD, "10.0.0.254", "203.0.113.9").status_code == 429
    # The referent comes through the same proxy from their own address.
    assert _password_step(Client(), PASSWORD, "10.0.0.254", "198.51.100.7").status_code == 302


@override_settings(RECUEIL_LOGIN_FREE_FAILURES=3, RECUEIL_LOGIN_DELAY_MAX_MINUTES=15)
def test_the_per_account_delay_is_short_and_grows_up_to_its_cap():
    minutes = [delay_for(n) / dt.timedelta(minutes=1) for n in range(1, 10)]
    assert minutes == [0, 0, 1, 2, 4, 8, 15, 15, 15]
    assert delay_for(10_000) == dt.timedelta(minutes=15)


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=100, RECUEIL_LOGIN_FREE_FAILURES=3)
def test_rotating_addresses_still_meets_the_per_account_delay(referent_a):
    totp_device(referent_a)
    for n in range(3):
        assert _password_step(Client(), "wrong-password", f"203.0.113.{n}").status_code == 200
    # Even the right password, from a fresh address, waits: it is not even tested.
    waiting = _password_step(Client(), PASSWORD, "198.51.100.7")
    assert waiting.status_code == 200
    assert "réessayez dans 1 minute" in waiting.content.decode()
    assert "_auth_user_id" not in waiting.wsgi_request.session
    # Tries during the delay do not make it grow.
    _password_step(Client(), "wrong-password", "198.51.100.8")
    assert LoginDelay.objects.get(pk="referent.a").failures == 3


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=100, RECUEIL_LOGIN_FREE_FAILURES=3)
def test_a_correct_login_after_the_delay_works_and_clears_the_count(referent_a):
    device = totp_device(referent_a)
    for n in range(3):
        _password_step(Client(), "wrong-password", f"203.0.113.{n}")
    # The minute passes.
    LoginDelay.objects.update(until=timezone.now() - dt.timedelta(seconds=1))
    client = Client()
    assert _password_step(client, PASSWORD, "198.51.100.7").status_code == 302
    code = pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()
    done = client.post(reverse("login-otp"), {"otp_token": code}, REMOTE_ADDR="198.51.100.7")
    assert done.status_code == 302
    assert not LoginDelay.objects.filter(pk="referent.a").exists()


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=100, RECUEIL_LOGIN_FREE_FAILURES=2)
def test_wrong_codes_count_towards_the_delay_and_no_code_is_tried_while_it_runs(referent_a):
    totp_device(referent_a)
    client = Client()
    assert _password_step(client, PASSWORD, "198.51.100.7").status_code == 302
    for _ in range(2):
        client.post(reverse("login-otp"), {"otp_token": "000000"}, REMOTE_ADDR="198.51.100.7")
    waiting = client.post(reverse("login-otp"), {"otp_token": "000000"})
    assert "réessayez dans 1 minute" in waiting.content.decode()
    assert LoginDelay.objects.get(pk="referent.a").failures == 2
