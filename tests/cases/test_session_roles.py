"""A session keeps the account's roles until one changes; a change counts at the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.core.accounts.services import role_grant, role_revoke
from cases.models import Role, RoleMembership
from tests.people import login, staff


def _membership_reads(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    reads = sum(1 for q in captured.captured_queries if 'FROM "cases_rolemembership"' in q["sql"])
    return reads, response.content.decode()


@pytest.mark.django_db
def test_roles_are_read_once_then_kept_in_the_session(referent_a):
    client = login(Client(), referent_a)
    first, _ = _membership_reads(client, reverse("inbox"))
    again, _ = _membership_reads(client, reverse("inbox"))
    assert first == 1
    assert again == 0


@pytest.mark.django_db
def test_a_revoked_role_is_gone_at_the_next_request(admin_a, school_a):
    listener = staff(Role.LISTENER, school_a)
    client = login(Client(), listener)
    assert client.get(reverse("intake")).status_code == 200
    _, html = _membership_reads(client, reverse("inbox"))
    assert reverse("intake") in html  # "Nouveau contact" in the menu
    role_revoke(actor=admin_a, membership=RoleMembership.objects.get(user=listener))
    reads, html = _membership_reads(client, reverse("inbox"))
    assert reads >= 1
    assert reverse("intake") not in html
    assert client.get(reverse("intake")).status_code == 404


@pytest.mark.django_db
def test_a_granted_role_shows_at_the_next_request(admin_a, school_a):
    listener = staff(Role.LISTENER, school_a)
    client = login(Client(), listener)
    _, html = _membership_reads(client, reverse("inbox"))
    assert reverse("enquiry-list") not in html
    role_grant(actor=admin_a, user=listener, entity=school_a, role=Role.REFERENT)
    _, html = _membership_reads(client, reverse("inbox"))
    assert reverse("enquiry-list") in html


@pytest.mark.django_db
def test_another_accounts_session_never_reuses_these_roles(referent_a, school_a):
    client = login(Client(), referent_a)
    client.get(reverse("inbox"))
    listener = staff(Role.LISTENER, school_a)
    login(client, listener)  # a new login on the same browser
    _, html = _membership_reads(client, reverse("inbox"))
    assert reverse("enquiry-list") not in html
    assert reverse("intake") in html
