"""A closed data-subject request is kept for its rule's period, then ``apply_retention``
destroys its data key: who asked, what, the answer and the export become unreadable,
the right exercised, the dates and the outcome stay; one audit entry, never content."""

from __future__ import annotations

import datetime as dt
import uuid
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import rights.exports
from cases.core.audit.models import AuditEvent
from cases.core.crypto.datakeys import KeyShredded, data_key_cache_clear
from cases.core.crypto.fields import EncryptedField
from cases.models import CaseKey, Party
from cases.services.cases import party_add
from retention.rules import RULES
from retention.services import retention_apply, retention_due
from rights.deadlines import months_after
from rights.exports import access_export_build, access_export_release, access_match_confirm
from rights.models import (
    AccessExport,
    ExportPassage,
    MatchedReading,
    SubjectRequest,
    SubjectRequestMatch,
)
from rights.retention import RULE
from rights.services import subject_request_close, subject_request_record
from tests.builders import case_for, implicated
from tests.people import login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DUE = months_after(TODAY, 24)  # the default period, counted from the closure (today)


@pytest.fixture
def canary() -> str:
    return f"CANARY-{uuid.uuid4().hex}"


def _request(legal, school, canary, kind=SubjectRequest.Kind.ACCESS) -> SubjectRequest:
    return subject_request_record(
        actor=legal,
        entity=school,
        kind=kind,
        requester_name=f"Jean Dupont {canary}",
        requester_contact="jean.dupont@example.invalid",
        relation="personne mise en cause",
        details=f"Copie de mes données {canary}",
        received_on=TODAY,
    )


def _close(legal, request, canary) -> SubjectRequest:
    return subject_request_close(
        actor=legal,
        request=request,
        status=SubjectRequest.Status.ANSWERED,
        note=f"Répondu {canary}",
        version=SubjectRequest.objects.get(pk=request.pk).version,
    )


@pytest.fixture
def answered(referent_a, legal_a, school_a, canary, monkeypatch):
    """An access request matched in a case, its export released, then closed."""
    case = case_for(referent_a, school_a, narrative=f"Jean Dupont a suivi Alice. {canary}")
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.REPORTING,
        status=Party.Status.STUDENT,
        identity={"first_name": "Alice", "last_name": "Martin"},
    )
    implicated(case, referent_a, first="Jean", last="Dupont")
    request = _request(legal_a, school_a, canary)
    access_match_confirm(actor=legal_a, request=request, name="Jean Dupont", email="")
    monkeypatch.setattr(rights.exports, "docx_to_pdf", lambda docx: f"%PDF {canary}".encode())
    export = access_export_build(actor=legal_a, request=request, name="Jean Dupont", email="")
    decisions = {p.pk: "keep" for p in export.passages.filter(flagged=True)}
    access_export_release(actor=legal_a, export=export, decisions=decisions, version=1)
    return _close(legal_a, request, canary)


def test_the_rule_the_register_applies_is_the_one_retention_cites_and_bounds():
    rule = RULES[RULE]
    assert rule.bound is not None
    assert rule.bound.setting == "RECUEIL_RETENTION_SUBJECT_REQUEST_MONTHS"
    assert (rule.bound.minimum, rule.bound.maximum) == (12, 60)


def test_an_open_request_has_no_retention_date_and_is_never_due(legal_a, school_a, canary):
    request = _request(legal_a, school_a, canary)
    assert request.retention_due_on is None and request.retention_rule == ""
    assert not [d for d in retention_due(months_after(TODAY, 120)) if d.kind == RULE]
    retention_apply(today=months_after(TODAY, 120))
    data_key_cache_clear()
    kept = SubjectRequest.objects.get(pk=request.pk)
    assert kept.shredded_at is None
    assert canary in kept.requester["name"]


def test_closing_a_request_stores_its_rule_and_date(legal_a, school_a, canary):
    closed = _close(legal_a, _request(legal_a, school_a, canary), canary)
    assert (closed.retention_rule, closed.retention_due_on) == ("subject_request", DUE)


@override_settings(RECUEIL_RETENTION_SUBJECT_REQUEST_MONTHS=12)
def test_a_deployment_may_choose_its_period_within_the_bounds(legal_a, school_a, canary):
    closed = _close(legal_a, _request(legal_a, school_a, canary), canary)
    assert closed.retention_due_on == months_after(TODAY, 12)


def test_the_dry_run_lists_a_due_request_with_its_rule_and_changes_nothing(
    answered, legal_a, school_a, canary
):
    not_yet = _close(legal_a, _request(legal_a, school_a, canary), canary)
    SubjectRequest.objects.filter(pk=not_yet.pk).update(retention_due_on=months_after(TODAY, 36))
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("apply_retention", "--dry-run", f"--today={DUE.isoformat()}", stdout=out)
    listed = out.getvalue()
    assert f"subject_request\tsubject-request:{answered.pk}\tsubject_request\t{DUE}" in listed
    assert str(not_yet.pk) not in listed
    assert canary not in listed and "Dupont" not in listed
    assert AuditEvent.objects.count() == events
    assert CaseKey.objects.get(pk=answered.key_id).wrapped is not None
    assert SubjectRequest.objects.get(pk=answered.pk).shredded_at is None


def test_the_day_before_its_date_a_request_is_kept(answered):
    retention_apply(today=DUE - dt.timedelta(days=1))
    assert SubjectRequest.objects.get(pk=answered.pk).shredded_at is None


def test_on_its_date_the_request_is_crypto_shredded_and_its_facts_stay(answered, legal_a, canary):
    out = StringIO()
    call_command("apply_retention", f"--today={DUE.isoformat()}", stdout=out)
    assert "1 subject_request" in out.getvalue()
    data_key_cache_clear()
    request = SubjectRequest.objects.get(pk=answered.pk)
    assert request.shredded_at is not None
    # What stays: the right exercised, the dates, the outcome, the export's counts.
    assert (request.kind, request.status, request.closed_on) == ("access", "answered", TODAY)
    export = AccessExport.objects.get(request=request)
    assert (export.status, export.cases_count) == ("released", 1)
    # Every encrypted field under the request's key is unreadable.
    checked = 0
    for obj in (request, export):
        for f in obj._meta.fields:
            if isinstance(f, EncryptedField) and obj.__dict__.get(f.attname) is not None:
                with pytest.raises(KeyShredded):
                    getattr(obj, f.name)
                checked += 1
    assert checked >= 4  # requester, details, closing note, PDF
    # What said in clear which cases the person appears in is gone.
    assert not SubjectRequestMatch.objects.filter(request=request).exists()
    assert not ExportPassage.objects.filter(export__request=request).exists()
    assert not MatchedReading.objects.exists()  # the reading already ended at the release


def test_one_audit_entry_per_request_with_its_rule_and_nothing_it_held(
    answered, legal_a, school_a, canary
):
    second = _close(legal_a, _request(legal_a, school_a, canary), canary)
    before = AuditEvent.objects.count()
    retention_apply(today=DUE)
    new = list(AuditEvent.objects.order_by("pk")[before:])
    shredded = [e for e in new if e.action == "rights.request_shredded"]
    assert {e.object_id for e in shredded} == {str(answered.pk), str(second.pk)}
    assert all(e.details == {"rule": "subject_request"} and e.actor is None for e in shredded)
    assert canary not in repr([(e.action, e.details) for e in new])


def test_a_request_closed_before_the_rule_existed_is_listed_then_dated_and_shredded(
    legal_a, school_a, canary
):
    closed = _close(legal_a, _request(legal_a, school_a, canary), canary)
    SubjectRequest.objects.filter(pk=closed.pk).update(retention_rule="", retention_due_on=None)
    listed = [d for d in retention_due(DUE) if d.kind == "subject_request"]
    assert [(d.pk, d.rule, d.due_on) for d in listed] == [(closed.pk, "subject_request", DUE)]
    assert SubjectRequest.objects.get(pk=closed.pk).retention_due_on is None  # read only
    report = retention_apply(today=DUE)
    assert report.others == {"subject_request": 1}
    after = SubjectRequest.objects.get(pk=closed.pk)
    assert (after.retention_rule, after.retention_due_on) == ("subject_request", DUE)
    assert after.shredded_at is not None


def test_the_request_page_shows_its_retention_date_and_rule(client, answered, legal_a):
    login(client, legal_a)
    page = client.get(reverse("rights-request", args=[answered.pk])).content.decode()
    assert "Conservation de la demande" in page
    assert DUE.strftime("%Y") in page
    assert "RGPD, art. 5.1.e" in page and "à confirmer" in page


def test_an_open_request_page_says_the_clock_starts_at_closure(client, legal_a, school_a, canary):
    request = _request(legal_a, school_a, canary)
    login(client, legal_a)
    page = client.get(reverse("rights-request", args=[request.pk])).content.decode()
    assert "elle court à partir de la clôture de la demande" in page


def test_once_shredded_the_pages_show_the_facts_only_and_the_pdf_is_gone(
    client, answered, legal_a, canary
):
    retention_apply(today=DUE)
    data_key_cache_clear()
    login(client, legal_a)
    page = client.get(reverse("rights-request", args=[answered.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Demande anonymisée" in body and "Anonymisé le" in body
    assert canary not in body and "Dupont" not in body
    listing = client.get(reverse("rights-requests")).content.decode()
    assert "Demande anonymisée" in listing and canary not in listing
    assert client.get(reverse("rights-export-pdf", args=[answered.pk])).status_code == 404


def test_a_shredded_request_stays_404_to_another_school(client, answered, legal_b):
    retention_apply(today=DUE)
    login(client, legal_b)
    assert client.get(reverse("rights-request", args=[answered.pk])).status_code == 404


def test_a_draft_export_of_a_shredded_request_cannot_be_released(
    referent_a, legal_a, school_a, canary
):
    case = case_for(referent_a, school_a, narrative="Jean Dupont.")
    implicated(case, referent_a, first="Jean", last="Dupont")
    request = _request(legal_a, school_a, canary)
    access_match_confirm(actor=legal_a, request=request, name="Jean Dupont", email="")
    export = access_export_build(actor=legal_a, request=request, name="Jean Dupont", email="")
    _close(legal_a, request, canary)
    retention_apply(today=DUE)
    data_key_cache_clear()
    with pytest.raises(ValidationError, match="anonymisée"):
        access_export_release(actor=legal_a, export=export, decisions={}, version=1)
