"""The access export: one person's data across the cases the handler holds, flagged passages
reviewed before release, the reporting person never revealed (RGPD art. 15.4, Sapin II art. 9)."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.core.audit.models import AuditEvent
from cases.models import Party
from cases.services.access import access_grant
from cases.services.cases import party_add
from rights.exports import access_export_build, access_export_release, export_docx
from rights.models import AccessExport, ExportPassage, SubjectRequest
from rights.services import subject_request_record
from tests.builders import case_for, implicated
from tests.people import login
from tests.system_packages import needs_pdftotext, needs_soffice

pytestmark = pytest.mark.django_db


@pytest.fixture
def canary() -> str:
    return f"CANARY-{uuid.uuid4().hex}"


@pytest.fixture
def held_case(referent_a, legal_a, school_a, canary):
    case = case_for(
        referent_a,
        school_a,
        narrative=f"Alice Martin (alice.martin@example.invalid) dit que Jean Dupont l'a suivie. {canary}",
    )
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.REPORTING,
        status=Party.Status.STUDENT,
        identity={
            "first_name": "Alice",
            "last_name": "Martin",
            "email": "alice.martin@example.invalid",
        },
    )
    implicated(case, referent_a, first="Jean", last="Dupont", email="jean.dupont@example.invalid")
    access_grant(actor=None, case=case, user=legal_a, permissions=["view_case"], reason="letter")
    return case


@pytest.fixture
def access_request(legal_a, school_a):
    return subject_request_record(
        actor=legal_a,
        entity=school_a,
        kind=SubjectRequest.Kind.ACCESS,
        requester_name="Jean Dupont",
        requester_contact="jean.dupont@example.invalid",
        relation="personne mise en cause",
        details="Copie de mes données",
        received_on=timezone.localdate(),
    )


def _text_of(export: AccessExport) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(export_docx(export))).paragraphs)


def test_the_implicated_persons_export_finds_them_and_never_names_the_reporting_person(
    held_case, legal_a, access_request
):
    export = access_export_build(
        actor=legal_a, request=access_request, name="jean DUPONT", email=""
    )
    passages = list(export.passages.all())
    assert export.cases_count == 1
    assert [p.source for p in passages] == ["identity", "role", "narrative"]
    assert "Jean" in passages[0].text and "Dupont" in passages[0].text
    assert [p.flagged for p in passages] == [False, False, True]
    for passage in passages:
        assert "Alice" not in passage.text and "Martin" not in passage.text
        assert "alice.martin" not in passage.text
    for p in passages:
        if p.flagged:
            p.decision = ExportPassage.Decision.KEEP
            p.save()
    released_text = _text_of(export)
    assert "Alice" not in released_text and "Martin" not in released_text
    assert "[tiers]" in released_text


def test_a_person_found_only_in_cases_the_handler_does_not_hold_gives_an_empty_export(
    referent_a, legal_a, school_a, access_request
):
    case = case_for(referent_a, school_a, narrative="Pas détenu")
    implicated(case, referent_a, first="Jean", last="Dupont")
    export = access_export_build(
        actor=legal_a, request=access_request, name="Jean Dupont", email=""
    )
    assert export.cases_count == 0 and not export.passages.exists()


def test_the_release_refuses_an_undecided_flagged_passage(held_case, legal_a, access_request):
    export = access_export_build(
        actor=legal_a, request=access_request, name="", email="jean.dupont@example.invalid"
    )
    with pytest.raises(ValidationError, match="passage"):
        access_export_release(actor=legal_a, export=export, decisions={}, version=1)
    assert AccessExport.objects.get().status == "draft"


def test_a_withdrawn_passage_is_replaced_in_the_released_document(
    held_case, legal_a, access_request, canary
):
    export = access_export_build(
        actor=legal_a, request=access_request, name="Jean Dupont", email=""
    )
    for p in export.passages.filter(flagged=True):
        p.decision = ExportPassage.Decision.REDACT
        p.save()
    text = _text_of(export)
    assert canary not in text and "RGPD art. 15.4" in text


def test_a_canary_in_the_export_draft_is_never_stored_in_clear(
    held_case, legal_a, access_request, canary
):
    access_export_build(actor=legal_a, request=access_request, name="Jean Dupont", email="")
    assert ExportPassage.objects.filter(flagged=True).get().text.endswith(canary)
    with connection.cursor() as cursor:
        rows = []
        for table in ("rights_exportpassage", "rights_accessexport", "cases_auditevent"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            rows += cursor.fetchall()
    raw = repr(rows).encode() + b"".join(
        bytes(v) for row in rows for v in row if isinstance(v, bytes | memoryview)
    )
    assert canary.encode() not in raw
    event = AuditEvent.objects.get(action="rights.export_built")
    assert event.details == {"cases": 1, "passages": 3, "flagged": 1}
    read = AuditEvent.objects.get(action="case.read", details__what="rights_export")
    assert read.object_id == str(held_case.pk)


@needs_soffice
@needs_pdftotext
def test_the_reviewed_export_is_released_as_a_pdf_traced_and_downloaded(
    client, held_case, legal_a, access_request, tmp_path
):
    import subprocess

    login(client, legal_a)
    client.post(
        reverse("rights-export-build", args=[access_request.pk]),
        {"name": "Jean Dupont", "email": ""},
    )
    export = AccessExport.objects.get()
    flagged = export.passages.get(flagged=True)
    response = client.post(
        reverse("rights-export-release", args=[access_request.pk]),
        {"version": export.version, f"passage-{flagged.pk}": "keep"},
    )
    assert response.status_code == 302
    pdf = client.get(reverse("rights-export-pdf", args=[access_request.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "export.pdf"
    path.write_bytes(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    text = subprocess.run(  # noqa: S603 - fixed command, a path of ours
        ["pdftotext", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Dupont" in text and "Alice" not in text and "Martin" not in text
    event = AuditEvent.objects.get(action="rights.export_released")
    assert event.details == {"kept": 1, "withdrawn": 0, "passages": 3}
    assert AuditEvent.objects.filter(action="rights.export_downloaded").count() == 1


@pytest.mark.parametrize(
    "name", ["rights-export-build", "rights-export-release", "rights-export-pdf"]
)
def test_the_export_routes_answer_404_to_another_school_or_role(
    client, held_case, legal_a, legal_b, referent_a, access_request, name
):
    access_export_build(actor=legal_a, request=access_request, name="Jean Dupont", email="")
    url = reverse(name, args=[access_request.pk])
    for outsider in (legal_b, referent_a):
        login(client, outsider)
        answer = (
            client.get(url) if name.endswith("pdf") else client.post(url, {"name": "Jean Dupont"})
        )
        assert answer.status_code == 404
    assert AccessExport.objects.get().status == "draft"
