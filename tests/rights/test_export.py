"""The access export: the handler confirms the person's match in the entity's cases (reading
on exactly those, while the request is open), flagged passages reviewed before release, the
reporting person never revealed (RGPD art. 15.4, Sapin II art. 9)."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.core.audit.models import AuditEvent
from cases.models import CaseGrant, Party, Role
from cases.services.cases import party_add
from cases.services.grant_reasons import stale_grants
from rights.exports import (
    access_export_build,
    access_export_release,
    access_match_confirm,
    export_docx,
)
from rights.models import AccessExport, ExportPassage, SubjectRequest, SubjectRequestMatch
from rights.services import subject_request_close, subject_request_record
from tests.builders import case_for, implicated
from tests.people import login, staff
from tests.system_packages import needs_pdftotext, needs_soffice
from tests.workflows.conftest import intake
from tests.workflows.journey import open_task
from workflows import engine

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


def _matched(legal, request, name="Jean Dupont", email=""):
    access_match_confirm(actor=legal, request=request, name=name, email=email)


def _text_of(export: AccessExport) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(export_docx(export))).paragraphs)


def test_the_implicated_persons_export_finds_them_and_never_names_the_reporting_person(
    held_case, legal_a, access_request
):
    _matched(legal_a, access_request, name="jean DUPONT")
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


def test_without_a_confirmed_match_the_export_covers_no_case(
    referent_a, legal_a, school_a, access_request
):
    case = case_for(referent_a, school_a, narrative="Pas détenu")
    implicated(case, referent_a, first="Jean", last="Dupont")
    export = access_export_build(
        actor=legal_a, request=access_request, name="Jean Dupont", email=""
    )
    assert export.cases_count == 0 and not export.passages.exists()
    assert not CaseGrant.objects.filter(user=legal_a).exists()


def test_a_legal_officer_who_holds_nothing_gets_the_persons_cases_after_confirming_the_match(
    client, held_case, referent_a, legal_a, school_a, access_request
):
    other = case_for(referent_a, school_a, narrative="Jean Dupont témoin.")
    implicated(other, referent_a, first="Jean", last="Dupont")
    unrelated = case_for(referent_a, school_a, narrative="Rien à voir.")
    implicated(unrelated, referent_a, first="Paul", last="Durand")
    assert not CaseGrant.objects.filter(user=legal_a).exists()
    login(client, legal_a)
    url = reverse("rights-export-build", args=[access_request.pk])
    refused = client.post(url, {"name": "Jean Dupont", "email": ""})
    assert refused.status_code == 400  # the match must be confirmed
    assert not CaseGrant.objects.filter(user=legal_a).exists()
    answer = client.post(url, {"name": "Jean Dupont", "email": "", "confirm": "on"})
    assert answer.status_code == 302
    held = set(
        CaseGrant.objects.filter(user=legal_a).values_list(
            "content_object_id", "permission__codename"
        )
    )
    assert held == {(held_case.pk, "view_case"), (other.pk, "view_case")}
    export = AccessExport.objects.get()
    assert export.cases_count == 2
    assert {p.case_reference for p in export.passages.all()} == {
        held_case.reference,
        other.reference,
    }
    page = client.get(reverse("rights-request", args=[access_request.pk]))
    assert "Trouvée dans 2 dossiers de l'entité." in page.content.decode()


def test_another_schools_cases_are_never_matched(
    held_case, referent_b, legal_a, school_b, access_request
):
    elsewhere = case_for(referent_b, school_b, narrative="Jean Dupont, autre école.")
    implicated(elsewhere, referent_b, first="Jean", last="Dupont")
    matches = access_match_confirm(
        actor=legal_a, request=access_request, name="Jean Dupont", email=""
    )
    assert [m.case_id for m in matches] == [held_case.pk]
    assert not CaseGrant.objects.filter(user=legal_a, content_object=elsewhere).exists()
    export = access_export_build(
        actor=legal_a, request=access_request, name="Jean Dupont", email=""
    )
    assert {p.case_reference for p in export.passages.all()} == {held_case.reference}


def _procedure_case(listener_a, referent_a, school_a):
    """A case in the procedure (governed by the workflows), the person implicated in it."""
    case = intake(listener_a, school_a).case
    engine.task_claim(actor=referent_a, task=open_task(case, "acknowledge"))
    implicated(case, referent_a, first="Jean", last="Dupont")
    return case


@pytest.mark.parametrize("end", ["answered", "refused", "released"])
def test_closing_the_request_or_releasing_its_export_ends_the_reading_on_every_matched_case(
    school_a, referent_a, legal_a, access_request, monkeypatch, end
):
    listener = staff(Role.LISTENER, school_a)
    cases = [_procedure_case(listener, referent_a, school_a) for _ in range(2)]
    _matched(legal_a, access_request)
    assert set(
        CaseGrant.objects.filter(user=legal_a).values_list("content_object_id", flat=True)
    ) == {c.pk for c in cases}
    assert all(stale_grants(c) == [] for c in cases)  # the grants have their reason
    if end == "released":
        import rights.exports

        monkeypatch.setattr(rights.exports, "docx_to_pdf", lambda docx: b"%PDF-1.4 stand-in")
        export = access_export_build(
            actor=legal_a, request=access_request, name="Jean Dupont", email=""
        )
        decisions = {p.pk: "redact" for p in export.passages.filter(flagged=True)}
        access_export_release(actor=legal_a, export=export, decisions=decisions, version=1)
    else:
        subject_request_close(
            actor=legal_a, request=access_request, status=end, note="Répondu.", version=1
        )
    assert not CaseGrant.objects.filter(user=legal_a).exists()
    assert all(stale_grants(c) == [] for c in cases)
    revoked = AuditEvent.objects.filter(action="access.revoked", details__user=legal_a.pk)
    assert revoked.count() == 2
    cause = "subject_request_released" if end == "released" else "subject_request_closed"
    assert {e.details["reason_code"] for e in revoked} == {cause}
    # The referent's own rights on those cases (their open step) are untouched.
    assert all(CaseGrant.objects.filter(content_object=c, user=referent_a).exists() for c in cases)


def test_a_new_match_ends_the_reading_on_the_cases_no_longer_matched(
    school_a, referent_a, legal_a, access_request
):
    listener = staff(Role.LISTENER, school_a)
    first = _procedure_case(listener, referent_a, school_a)
    second = intake(listener, school_a).case
    implicated(second, referent_a, first="Jeanne", last="Dupont")
    _matched(legal_a, access_request)
    _matched(legal_a, access_request, name="Jeanne Dupont")
    held = set(CaseGrant.objects.filter(user=legal_a).values_list("content_object_id", flat=True))
    assert held == {second.pk}
    assert list(SubjectRequestMatch.objects.values_list("case_id", flat=True)) == [second.pk]
    assert not CaseGrant.objects.filter(user=legal_a, content_object=first).exists()


def test_the_match_is_audited_with_ids_and_counts_only(held_case, legal_a, access_request):
    _matched(legal_a, access_request)
    event = AuditEvent.objects.get(action="rights.match_confirmed")
    assert event.details == {"cases": 1, "granted": 1, "conflicts": 0}
    granted = AuditEvent.objects.get(action="access.granted", details__user=legal_a.pk)
    assert granted.details == {
        "user": legal_a.pk,
        "permissions": ["view_case"],
        "reason_code": "subject_request",
    }
    assert "Jean" not in repr(list(AuditEvent.objects.values_list("details", flat=True)))


def test_the_release_refuses_an_undecided_flagged_passage(held_case, legal_a, access_request):
    _matched(legal_a, access_request)
    export = access_export_build(
        actor=legal_a, request=access_request, name="", email="jean.dupont@example.invalid"
    )
    with pytest.raises(ValidationError, match="passage"):
        access_export_release(actor=legal_a, export=export, decisions={}, version=1)
    assert AccessExport.objects.get().status == "draft"


def test_a_withdrawn_passage_is_replaced_in_the_released_document(
    held_case, legal_a, access_request, canary
):
    _matched(legal_a, access_request)
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
    _matched(legal_a, access_request)
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
        {"name": "Jean Dupont", "email": "", "confirm": "on"},
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
    client, held_case, legal_a, legal_b, referent_a, director_a, access_request, name
):
    _matched(legal_a, access_request)
    access_export_build(actor=legal_a, request=access_request, name="Jean Dupont", email="")
    url = reverse(name, args=[access_request.pk])
    for outsider in (legal_b, referent_a, director_a):
        login(client, outsider)
        answer = (
            client.get(url)
            if name.endswith("pdf")
            else client.post(url, {"name": "Jean Dupont", "confirm": "on"})
        )
        assert answer.status_code == 404
    assert AccessExport.objects.get().status == "draft"
    assert SubjectRequestMatch.objects.get().handler == legal_a
    assert not CaseGrant.objects.filter(user__in=(legal_b, director_a)).exists()


@pytest.mark.parametrize("end", ["answered", "refused", "released"])
def test_the_reading_ends_with_the_request_on_a_case_created_outside_the_procedure(
    held_case, legal_a, access_request, monkeypatch, end
):
    # ``held_case`` has no viewflow process: no reason source governs its grants, so the
    # generic reconciliation alone would leave the legal officer's reading in place.
    _matched(legal_a, access_request)
    assert CaseGrant.objects.filter(user=legal_a, content_object=held_case).exists()
    if end == "released":
        import rights.exports

        monkeypatch.setattr(rights.exports, "docx_to_pdf", lambda docx: b"%PDF-1.4 stand-in")
        export = access_export_build(
            actor=legal_a, request=access_request, name="Jean Dupont", email=""
        )
        decisions = {p.pk: "redact" for p in export.passages.filter(flagged=True)}
        access_export_release(actor=legal_a, export=export, decisions=decisions, version=1)
    else:
        subject_request_close(
            actor=legal_a, request=access_request, status=end, note="Répondu.", version=1
        )
    assert not CaseGrant.objects.filter(user=legal_a, content_object=held_case).exists()
    cause = "subject_request_released" if end == "released" else "subject_request_closed"
    revoked = AuditEvent.objects.get(action="access.revoked", details__user=legal_a.pk)
    assert revoked.details["reason_code"] == cause


def test_a_reading_given_by_hand_before_the_match_is_left_as_given(
    held_case, legal_a, access_request
):
    from cases.services.access import access_grant

    access_grant(
        actor=None, case=held_case, user=legal_a, permissions=["view_case"], reason="assignment"
    )
    _matched(legal_a, access_request)  # adds nothing: the officer already reads the case
    subject_request_close(
        actor=legal_a, request=access_request, status="answered", note="Répondu.", version=1
    )
    assert CaseGrant.objects.filter(user=legal_a, content_object=held_case).exists()


def test_a_reading_ends_when_another_officer_takes_the_match_over_outside_the_procedure(
    held_case, legal_a, school_a, access_request
):
    other = staff(Role.LEGAL, school_a, username="legal.a2")
    _matched(legal_a, access_request)
    _matched(other, access_request)
    assert not CaseGrant.objects.filter(user=legal_a, content_object=held_case).exists()
    assert CaseGrant.objects.filter(user=other, content_object=held_case).exists()
    subject_request_close(
        actor=other, request=access_request, status="answered", note="Répondu.", version=1
    )
    assert not CaseGrant.objects.filter(content_object=held_case, user__in=[legal_a, other])


def test_a_reading_two_open_requests_justify_lasts_until_the_second_one_closes(
    held_case, legal_a, school_a, access_request
):
    second = subject_request_record(
        actor=legal_a,
        entity=school_a,
        kind=SubjectRequest.Kind.ACCESS,
        requester_name="Jean Dupont",
        requester_contact="jean.dupont@example.invalid",
        relation="",
        details="Deuxième demande",
        received_on=timezone.localdate(),
    )
    _matched(legal_a, access_request)
    _matched(legal_a, second)
    subject_request_close(
        actor=legal_a, request=access_request, status="answered", note="Répondu.", version=1
    )
    assert CaseGrant.objects.filter(user=legal_a, content_object=held_case).exists()
    subject_request_close(
        actor=legal_a, request=second, status="answered", note="Répondu.", version=1
    )
    assert not CaseGrant.objects.filter(user=legal_a, content_object=held_case).exists()
