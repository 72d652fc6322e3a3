"""Ids in paths go through ``<uuid:>`` converters: a malformed id matches no URL, so it is
a 404 before any view (or hand-written parser) runs."""

from __future__ import annotations

import uuid

import pytest
from django.urls import Resolver404, resolve

GOOD = str(uuid.uuid4())
PATHS = [
    "/cases/{id}/",
    "/cases/{id}/history/",
    f"/cases/{GOOD}/attachments/{{id}}/",
    f"/cases/{GOOD}/parties/{{id}}/elsewhere/",
    "/cases/{id}/letters/new/",
    f"/cases/{GOOD}/letters/{{id}}/",
    f"/cases/{GOOD}/letters/{{id}}/download/pdf/",
    "/enquiries/{id}/",
    "/enquiries/{id}/attachments/new/",
    f"/enquiries/{GOOD}/interviews/{{id}}/",
    f"/enquiries/{GOOD}/interviews/{{id}}/minutes/",
    f"/enquiries/{GOOD}/attachments/{{id}}/",
    "/enquiries/{id}/report/",
]


@pytest.mark.parametrize("path", PATHS)
def test_a_well_formed_id_resolves(path):
    assert resolve(path.format(id=GOOD)).kwargs


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("bad", ["not-a-uuid", "1", f"{GOOD}x"])
def test_a_malformed_id_matches_no_url(path, bad):
    with pytest.raises(Resolver404):
        resolve(path.format(id=bad))
