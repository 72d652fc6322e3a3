"""The shared form-field include: one id per element, errors tied to their field."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Role
from tests.people import login, staff

pytestmark = pytest.mark.django_db


def test_a_form_with_errors_gives_each_error_list_one_id_that_its_field_points_to(school_a):
    listener = staff(Role.LISTENER, school_a, username="listener.form")
    page = login(Client(), listener).post(reverse("intake"), {"narrative": ""}).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    described = set(re.findall(r'aria-describedby="([^"]+)"', page))
    errors = {i for i in ids if i.endswith("_error")}
    assert errors, "the empty intake form should show errors"
    assert errors <= {part for d in described for part in d.split()}
