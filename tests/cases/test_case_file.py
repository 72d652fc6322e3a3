"""Notes, documents and narrative corrections from the case page, for the referent in charge."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from cases.models import Attachment, AuditEvent, Case, CaseNote, NarrativeVersion
from cases.services.access import access_grant
from tests.builders import case_for
from tests.people import login, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(referent_a, school_a) -> Case:
    return case_for(referent_a, school_a, narrative="Premier récit.")


def _url(name: str, case: Case) -> str:
    return reverse(name, kwargs={"case_id": case.pk})


def test_the_referent_adds_an_encrypted_note_shown_with_its_author(client, referent_a, case_a):
    login(client, referent_a)
    response = client.post(_url("case-note-add", case_a), {"body": "Appel de la victime."})
    assert response.status_code == 302
    note = CaseNote.objects.get(case=case_a)
    assert note.author == referent_a
    raw = CaseNote.objects.filter(pk=note.pk).values_list("body", flat=True).get()
    assert b"victime" not in bytes(raw)
    page = client.get(_url("case-detail", case_a)).content.decode()
    assert "Appel de la victime." in page


def test_an_empty_note_is_refused(client, referent_a, case_a):
    login(client, referent_a)
    assert client.post(_url("case-note-add", case_a), {"body": "  "}).status_code == 400
    assert not CaseNote.objects.exists()


def test_a_narrative_correction_keeps_the_previous_text_and_the_reason(client, referent_a, case_a):
    login(client, referent_a)
    assert client.get(_url("case-narrative", case_a)).status_code == 200
    response = client.post(
        _url("case-narrative", case_a),
        {"narrative": "Récit corrigé.", "reason": "Date erronée", "version": case_a.version},
    )
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.narrative == "Récit corrigé."
    old = NarrativeVersion.objects.get(case=case_a)
    assert (old.text, old.reason, old.replaced_by) == ("Premier récit.", "Date erronée", referent_a)
    page = client.get(_url("case-detail", case_a)).content.decode()
    assert "Premier récit." in page and "Date erronée" in page


def test_a_stale_narrative_correction_is_refused_and_nothing_is_overwritten(
    client, referent_a, case_a
):
    login(client, referent_a)
    stale = {"narrative": "B", "reason": "r", "version": case_a.version}
    client.post(_url("case-narrative", case_a), {**stale, "narrative": "A"})
    response = client.post(_url("case-narrative", case_a), stale)
    assert response.status_code == 400
    case_a.refresh_from_db()
    assert case_a.narrative == "A"


def test_the_referent_uploads_a_document_stored_encrypted_and_audited(client, referent_a, case_a):
    login(client, referent_a)
    upload = SimpleUploadedFile("plainte.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(_url("case-attachment-add", case_a), {"file": upload})
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=case_a)
    assert attachment.content == b"%PDF-1.4 test"
    assert AuditEvent.objects.filter(action="case.attachment_added").exists()


def test_a_document_whose_content_does_not_match_its_type_is_refused(client, referent_a, case_a):
    login(client, referent_a)
    upload = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(_url("case-attachment-add", case_a), {"file": upload})
    assert response.status_code == 400
    assert "ne correspond pas" in response.content.decode()
    assert not Attachment.objects.exists()


@override_settings(RECUEIL_MAX_ATTACHMENT_BYTES=1024)
def test_an_oversized_upload_is_refused_before_its_body_is_read(client, referent_a, case_a):
    login(client, referent_a)
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * 200_000, content_type="application/pdf")
    response = client.post(_url("case-attachment-add", case_a), {"file": upload})
    assert response.status_code == 413
    assert not Attachment.objects.exists()


def refuse(data: bytes, content_type: str) -> bool:
    return False


@override_settings(RECUEIL_VIRUS_SCANNER="tests.cases.test_case_file.refuse")
def test_a_document_the_virus_scanner_refuses_is_not_stored(client, referent_a, case_a):
    login(client, referent_a)
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(_url("case-attachment-add", case_a), {"file": upload})
    assert response.status_code == 400
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who", ["referent_b", "listener", "investigator"])
def test_case_file_routes_are_refused_to_anyone_not_in_charge(
    client, who, referent_b, school_a, case_a
):
    user = referent_b if who == "referent_b" else staff(who, school_a)
    if who == "investigator":
        access_grant(
            actor=None, case=case_a, user=user, permissions=["view_case"], reason="appointment"
        )
    login(client, user)
    for name in ("case-note-add", "case-narrative", "case-attachment-add"):
        assert client.get(_url(name, case_a)).status_code == 404, name
    assert client.post(_url("case-note-add", case_a), {"body": "x"}).status_code == 404
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert client.post(_url("case-attachment-add", case_a), {"file": upload}).status_code == 404
    assert (
        client.post(
            _url("case-narrative", case_a), {"narrative": "x", "reason": "y", "version": 1}
        ).status_code
        == 404
    )
    assert not CaseNote.objects.exists() and not Attachment.objects.exists()
