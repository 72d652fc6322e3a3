from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Role
from tests.people import login, staff
from tests.workflows.conftest import intake

pytestmark = pytest.mark.django_db


def test_a_listener_sees_their_own_contacts_newest_first_paged_by_25(listener_a, school_a):
    for n in range(26):
        intake(listener_a, school_a, consent=n % 2 == 0)
    colleague = staff(Role.LISTENER, school_a)
    intake(colleague, school_a)
    client = login(Client(), listener_a)
    first = client.get(reverse("contacts"))
    assert first.status_code == 200
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].paginator.count == 26
    assert "Page 1 sur 2 (26 fiches)" in first.content.decode()
    second = client.get(reverse("contacts"), {"page": 2})
    assert len(second.context["page"].object_list) == 1
    shown = {c.pk for c in first.context["page"]} | {c.pk for c in second.context["page"]}
    assert all(c.listener_id == listener_a.pk for c in first.context["page"])
    assert len(shown) == 26


def test_the_contacts_page_is_refused_to_staff_who_are_not_listeners(referent_a):
    client = login(Client(), referent_a)
    assert client.get(reverse("contacts")).status_code == 404
