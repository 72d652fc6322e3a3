"""Case and measure ids in the procedure's URLs are parsed by the URL converter, never by hand."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.people import login


@pytest.mark.parametrize("name", ["case-reopen", "measure-add"])
def test_a_case_url_only_takes_a_uuid(name):
    assert reverse(name, kwargs={"case_id": uuid.uuid4()})
    with pytest.raises(NoReverseMatch):
        reverse(name, kwargs={"case_id": "not-a-uuid"})


def test_a_measure_url_only_takes_uuids():
    with pytest.raises(NoReverseMatch):
        reverse("measure-lift", kwargs={"case_id": uuid.uuid4(), "measure_id": "12"})


@pytest.mark.django_db
def test_a_malformed_case_id_is_a_404_for_a_referent(referent_a):
    client = login(Client(), referent_a)
    url = reverse("case-reopen", kwargs={"case_id": uuid.uuid4()})
    assert client.get(url).status_code == 404  # no such case
    malformed = url.replace(url.split("/")[-3], "abc")
    assert client.get(malformed).status_code == 404
