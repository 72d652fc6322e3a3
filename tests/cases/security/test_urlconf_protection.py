"""Every route but the login steps refuses a visitor and a password-only user."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.core.security.middleware import SECOND_FACTOR_URL_NAMES, url_name_is_public
from tests.people import login_password_only

SAMPLE_BY_CONVERTER = {
    "int": "1",
    "slug": "school-a",
    "str": "x",
    "uuid": str(uuid.uuid4()),
    "path": "x/y",
}


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str | None]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + _fill(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield (
                prefix + _fill(entry.pattern),
                (f"{namespace}{entry.name}" if entry.name else entry.name),
            )


def _fill(pattern) -> str:
    route = str(pattern)
    converters = getattr(pattern, "converters", {})
    for name, converter in converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        sample = SAMPLE_BY_CONVERTER.get(kind, "1")
        for token in (f"<{kind}:{name}>", f"<{name}>"):
            route = route.replace(token, sample)
    return route.lstrip("^").rstrip("$")


def protected_routes() -> list[str]:
    routes = []
    for route, name in _walk(get_resolver().url_patterns):
        if url_name_is_public(name) or name in SECOND_FACTOR_URL_NAMES:
            continue
        routes.append("/" + route)
    return sorted(set(routes))


def test_the_walk_finds_the_staff_routes():
    routes = protected_routes()
    assert "/" in routes
    assert "/entities/school-a/accounts/" in routes


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_protected_route_sends_a_visitor_to_login(client, method):
    login_url = reverse("login")
    for route in protected_routes():
        response = getattr(client, method)(route)
        assert response.status_code == 302, route
        assert response["Location"].startswith(login_url), route


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_protected_route_asks_a_password_only_user_for_the_second_factor(
    client, referent_a, method
):
    login_password_only(client, referent_a)
    for route in protected_routes():
        response = getattr(client, method)(route)
        assert response.status_code == 302, route
        assert response["Location"] == reverse("login-otp"), route


@pytest.mark.django_db
def test_staff_pages_are_never_cached(client):
    response = client.get(reverse("login"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
