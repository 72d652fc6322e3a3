"""Security test finding 9: every response carries the security headers, redirects too."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.people import PASSWORD, login, login_password_only

pytestmark = pytest.mark.django_db

DISABLED_FEATURES = ("camera", "microphone", "geolocation", "payment")


def assert_security_headers(response) -> None:
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store, max-age=0"
    policy = response["Permissions-Policy"]
    for feature in DISABLED_FEATURES:
        assert f"{feature}=()" in policy


def test_the_redirect_of_an_anonymous_visitor_to_the_login_carries_the_security_headers():
    response = Client().get(reverse("inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert_security_headers(response)


def test_the_redirect_of_a_password_only_user_to_the_code_carries_the_security_headers(
    referent_a,
):
    response = login_password_only(Client(), referent_a).get(reverse("inbox"))
    assert response.status_code == 302 and response["Location"] == reverse("login-otp")
    assert_security_headers(response)


def test_the_login_page_and_a_staff_page_carry_the_security_headers(referent_a):
    assert_security_headers(Client().get(reverse("login")))
    page = login(Client(), referent_a).get(reverse("inbox"))
    assert page.status_code == 200
    assert_security_headers(page)


def test_an_unknown_address_carries_the_security_headers():
    assert_security_headers(Client().get("/no-such-page/"))


def test_the_session_cookie_is_same_site_strict_and_the_password_step_still_works(
    referent_a,
):
    assert settings.SESSION_COOKIE_SAMESITE == "Strict"
    client = Client()
    response = client.post(
        reverse("login"), {"username": referent_a.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Strict"
    # The session follows the user to the second-factor step (same site).
    assert client.get(response["Location"]).status_code == 200  # the enrolment page
