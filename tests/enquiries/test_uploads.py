"""Uploads to an enquiry: who may upload is checked before the body is read; the request
is capped as a whole (declared length, then while streaming) and carries one file."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile, StopUpload
from django.http.multipartparser import MultiPartParser
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from cases.models import Party
from enquiries import uploads
from enquiries.models import EnquiryAttachment
from enquiries.uploads import BoundedMemoryUploadHandler, request_cap
from tests.enquiries.conftest import plan
from tests.people import login, login_password_only

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def interview(enquiry, commission, alice):
    return plan(enquiry, alice, enquiry.case.parties.get(role=Party.Role.VICTIM), recording=True)


@pytest.fixture
def parses(monkeypatch) -> list[object]:
    """Every multipart body Django parses during the test (none means none was read)."""
    calls: list[object] = []
    real = MultiPartParser.parse

    def spying_parse(self: MultiPartParser) -> object:
        calls.append(self)
        return real(self)

    monkeypatch.setattr(MultiPartParser, "parse", spying_parse)
    return calls


def _url(enquiry) -> str:
    return reverse("enquiry-attachment-add", kwargs={"enquiry_id": enquiry.pk})


def _large() -> SimpleUploadedFile:
    return SimpleUploadedFile("big.png", PNG + b"\x00" * (2 * 1024 * 1024), "image/png")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["director_a", "referent_a"])
def test_a_person_without_the_conduct_permission_is_refused_before_the_body_is_read(
    request, enquiry, interview, parses, who
):
    client = login(Client(enforce_csrf_checks=True), request.getfixturevalue(who))
    fields = {"kind": "exhibit", "file": _large(), "file2": _large(), "file3": _large()}
    response = client.post(_url(enquiry), fields)
    assert response.status_code == 404
    assert parses == []
    assert not EnquiryAttachment.objects.exists()


@pytest.mark.django_db
def test_without_the_second_factor_the_body_is_not_read(enquiry, interview, alice, parses):
    client = login_password_only(Client(enforce_csrf_checks=True), alice)
    response = client.post(_url(enquiry), {"kind": "exhibit", "file": _large()})
    assert response.status_code == 302
    assert parses == []
    assert not EnquiryAttachment.objects.exists()


@pytest.mark.django_db
@override_settings(RECUEIL_ENQUIRY_MAX_FILE_BYTES=64, RECUEIL_ENQUIRY_MAX_RECORDING_BYTES=128)
def test_a_request_over_the_cap_is_refused_unread_with_a_clear_message(
    enquiry, interview, alice, parses
):
    client = login(Client(), alice)
    response = client.post(_url(enquiry), {"kind": "exhibit", "file": _large()})
    assert response.status_code == 413
    assert "taille maximale" in response.content.decode()
    assert parses == []
    assert not EnquiryAttachment.objects.exists()


@pytest.mark.django_db
def test_more_than_one_file_is_refused_and_nothing_stored(enquiry, interview, alice):
    client = login(Client(), alice)
    two = {
        "kind": "exhibit",
        "file": SimpleUploadedFile("a.png", PNG, "image/png"),
        "other": SimpleUploadedFile("b.png", PNG, "image/png"),
    }
    response = client.post(_url(enquiry), two)
    assert response.status_code == 400
    assert "Un seul fichier par envoi" in response.content.decode()
    assert not EnquiryAttachment.objects.exists()


@pytest.mark.django_db
def test_csrf_is_still_checked_for_a_member_of_the_commission(enquiry, interview, alice):
    client = login(Client(enforce_csrf_checks=True), alice)
    ok = SimpleUploadedFile("ok.png", PNG, content_type="image/png")
    response = client.post(_url(enquiry), {"kind": "exhibit", "file": ok})
    assert response.status_code == 403
    assert not EnquiryAttachment.objects.exists()


def _handler(limit: int) -> BoundedMemoryUploadHandler:
    handler = BoundedMemoryUploadHandler(RequestFactory().post("/"), limit)
    handler.new_file("file", "a.png", "image/png", None)
    return handler


def test_the_handler_refuses_a_declared_length_over_the_cap_without_reading():
    handler = BoundedMemoryUploadHandler(RequestFactory().post("/"), 100)
    body = io.BytesIO(b"x" * 10)
    post, files = handler.handle_raw_input(body, {}, request_cap(100) + 1, "b")
    assert (dict(post), dict(files), handler.too_large, body.tell()) == ({}, {}, True, 0)
    assert handler.handle_raw_input(body, {}, request_cap(100), "b") is None


def test_the_handler_drops_a_file_past_its_limit_and_keeps_none_of_it():
    handler = _handler(limit=100)
    handler.receive_data_chunk(b"x" * 100, 0)
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x", 100)
    assert handler.too_large and handler.buffer.getvalue() == b""


def test_the_handler_stops_at_the_second_file():
    handler = _handler(limit=100)
    with pytest.raises(StopUpload):
        handler.new_file("other", "b.png", "image/png", None)
    assert handler.too_many


def test_the_handler_stops_the_request_once_the_streamed_total_passes_the_cap(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILES", 2)
    handler = _handler(limit=uploads.FIELDS_MARGIN)
    handler.receive_data_chunk(b"x" * uploads.FIELDS_MARGIN, 0)
    handler.new_file("other", "b.png", "image/png", None)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * uploads.FIELDS_MARGIN + b"x", 0)
    assert handler.too_large and handler.buffer.getvalue() == b""
