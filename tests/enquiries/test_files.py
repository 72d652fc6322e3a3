"""Files: recordings only with written authorisation; type, size and content checked; nothing
stored when refused; checksum checked and download traced."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from cases.models import AuditEvent, Party
from enquiries.models import EnquiryAttachment
from enquiries.services import attachment_add, recording_authorisation_record
from enquiries.services.files import ChecksumMismatch, attachment_read
from tests.enquiries.conftest import TODAY, plan
from tests.people import login

MP3 = b"ID3\x03\x00\x00\x00" + b"\x00" * 32
PDF = b"%PDF-1.4 x %%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def interview(enquiry, commission, alice):
    return plan(enquiry, alice, enquiry.case.parties.get(role=Party.Role.VICTIM), recording=True)


def _add(enquiry, alice, interview, **kw):
    args = {
        "kind": "recording",
        "filename": "e.mp3",
        "content_type": "audio/mpeg",
        "data": MP3,
        "interview": interview,
    }
    args.update(kw)
    return attachment_add(actor=alice, enquiry=enquiry, **args)


@pytest.mark.django_db
def test_a_recording_is_refused_without_a_written_authorisation(enquiry, interview, alice):
    with pytest.raises(ValidationError, match="autorisation écrite"):
        _add(enquiry, alice, interview)
    # Audio passed off as a transcript is a recording all the same.
    with pytest.raises(ValidationError, match="autorisation écrite"):
        _add(enquiry, alice, interview, kind="transcript")
    recording_authorisation_record(actor=alice, interview=interview, granted=False, signed_on=TODAY)
    with pytest.raises(ValidationError, match="autorisation écrite"):
        _add(enquiry, alice, interview)
    assert not EnquiryAttachment.objects.exists()


@pytest.mark.django_db
def test_a_recording_with_authorisation_is_stored_encrypted_with_its_checksum(
    enquiry, interview, alice
):
    recording_authorisation_record(actor=alice, interview=interview, granted=True, signed_on=TODAY)
    stored = _add(enquiry, alice, interview)
    raw = EnquiryAttachment.objects.filter(pk=stored.pk).values_list("content", flat=True).get()
    assert MP3 not in bytes(raw)
    fresh = EnquiryAttachment.objects.get(pk=stored.pk)
    assert fresh.sha256 == hashlib.sha256(MP3).hexdigest()
    assert fresh.scan == EnquiryAttachment.Scan.NOT_SCANNED
    assert attachment_read(actor=alice, attachment=fresh) == MP3


@pytest.mark.django_db
@override_settings(RECUEIL_ENQUIRY_MAX_FILE_BYTES=64)
@pytest.mark.parametrize(
    ("kind", "name", "content_type", "data", "message"),
    [
        ("transcript", "big.pdf", "application/pdf", b"%PDF" + b"0" * 100, "taille maximale"),
        ("transcript", "x.exe", "application/x-msdownload", b"MZ" + b"0" * 10, "pas accepté"),
        ("transcript", "x.docx", "application/vnd.ms-word", b"PK\x03\x04", "pas accepté"),
        ("exhibit", "fake.pdf", "application/pdf", b"MZ not a pdf", "ne correspond pas"),
        ("exhibit", "empty.png", "image/png", b"", "vide"),
        ("recording", "scan.pdf", "application/pdf", PDF, "audio"),
    ],
)
def test_wrong_files_are_refused_with_a_clear_error_and_nothing_stored(
    enquiry, interview, alice, kind, name, content_type, data, message
):
    recording_authorisation_record(actor=alice, interview=interview, granted=True, signed_on=TODAY)
    with pytest.raises(ValidationError, match=message):
        _add(
            enquiry,
            alice,
            interview,
            kind=kind,
            filename=name,
            content_type=content_type,
            data=data,
        )
    assert not EnquiryAttachment.objects.exists()
    assert not AuditEvent.objects.filter(action="enquiry.attachment_added").exists()


@pytest.mark.django_db
@override_settings(RECUEIL_ENQUIRY_MAX_FILE_BYTES=64, RECUEIL_ENQUIRY_MAX_RECORDING_BYTES=128)
def test_the_upload_page_refuses_an_oversized_file_before_keeping_it(enquiry, interview, alice):
    client = login(Client(), alice)
    url = reverse("enquiry-attachment-add", kwargs={"enquiry_id": enquiry.pk})
    too_big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 500, content_type="application/pdf")
    page = client.post(url, {"kind": "transcript", "file": too_big})
    assert page.status_code == 400
    assert "taille maximale" in page.content.decode()
    over_doc_limit = SimpleUploadedFile("mid.pdf", b"%PDF" + b"0" * 100, "application/pdf")
    page = client.post(url, {"kind": "transcript", "file": over_doc_limit})
    assert page.status_code == 400 and "taille maximale" in page.content.decode()
    wrong = SimpleUploadedFile("x.gif", b"GIF89a", content_type="image/gif")
    page = client.post(url, {"kind": "exhibit", "file": wrong})
    assert page.status_code == 400 and "pas accepté" in page.content.decode()
    assert not EnquiryAttachment.objects.exists()
    ok = SimpleUploadedFile("ok.png", PNG, content_type="image/png")
    assert client.post(url, {"kind": "exhibit", "file": ok}).status_code == 302
    assert EnquiryAttachment.objects.count() == 1


def refuse_everything(data: bytes, content_type: str) -> bool:
    return False


def accept_everything(data: bytes, content_type: str) -> bool:
    return True


@pytest.mark.django_db
def test_the_virus_scan_hook_refuses_or_marks_the_file_clean(enquiry, interview, alice):
    with override_settings(RECUEIL_VIRUS_SCANNER=f"{__name__}.refuse_everything"):
        with pytest.raises(ValidationError, match="antivirus"):
            _add(
                enquiry, alice, interview, kind="exhibit", content_type="application/pdf", data=PDF
            )
    with override_settings(RECUEIL_VIRUS_SCANNER=f"{__name__}.accept_everything"):
        stored = _add(
            enquiry, alice, interview, kind="exhibit", content_type="application/pdf", data=PDF
        )
    assert stored.scan == EnquiryAttachment.Scan.CLEAN


@pytest.mark.django_db
def test_a_file_whose_checksum_no_longer_matches_is_never_served(enquiry, interview, alice):
    stored = _add(
        enquiry, alice, interview, kind="exhibit", content_type="application/pdf", data=PDF
    )
    stored.sha256 = "0" * 64
    stored.save(update_fields=["sha256"])
    with pytest.raises(ChecksumMismatch):
        attachment_read(actor=alice, attachment=EnquiryAttachment.objects.get(pk=stored.pk))
    url = reverse(
        "enquiry-attachment", kwargs={"enquiry_id": enquiry.pk, "attachment_id": stored.pk}
    )
    assert login(Client(), alice).get(url).status_code == 404
