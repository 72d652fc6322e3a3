"""Security test finding 6: no free text of a case record is stored in clear.

Every text-like field (CharField, TextField, JSONField and their subclasses) of every
model of the case-record apps is either encrypted or listed in ``PUBLIC`` with the
reason it may stay clear. A new field in clear fails here until someone decides.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

from cases.core.crypto.fields import EncryptedField
from cases.models import Article40Referral
from tests.builders import case_for

CASE_RECORD_APPS = (
    "cases",
    "workflows",
    "enquiries",
    "templates_legal",
    "rights",
    "portal",
    "threads",
    "retention",
)

ENUM = "one of the field's choices (a code)"
HASH = "a SHA-256 digest"
# (model label, field name): why it may stay in clear.
PUBLIC: dict[tuple[str, str], str] = {
    ("cases.AuditEvent", "action"): "action code",
    (
        "portal.ReceiptCode",
        "prefix",
    ): "the receipt code's public lookup group (20 bits; the 80 secret bits are only hashed)",
    (
        "portal.RateCounter",
        "bucket",
    ): "what a rate limit counts (an action, an entity id, a code prefix)",
    ("cases.AuditEvent", "object_type"): "model label",
    ("cases.AuditEvent", "object_id"): "row id",
    ("cases.AuditEvent", "details"): "references and field names only (T7), sealed in the chain",
    ("cases.AuditEvent", "previous_hash"): HASH,
    ("cases.AuditEvent", "hash"): HASH,
    ("cases.AuditChainHead", "hash"): HASH,
    ("cases.CaseKey", "master_key_id"): "id of the master key that wraps the data key",
    ("cases.Entity", "code"): "the school's public code",
    ("cases.Entity", "name"): "the school's public name",
    ("cases.Entity", "kind"): ENUM,
    ("cases.Entity", "postal_address"): "the school's public address (letterhead)",
    ("cases.Entity", "city"): "the school's public city (letterhead)",
    ("cases.User", "password"): "a salted password hash",
    ("cases.User", "username"): "staff account login, not case content",
    ("cases.User", "first_name"): "staff member's name, shown on every page they act on",
    ("cases.User", "last_name"): "staff member's name, shown on every page they act on",
    ("cases.User", "email"): "staff member's work address, for reminders",
    ("cases.User", "title"): "staff member's public function, printed under their signature",
    ("cases.RoleMembership", "role"): ENUM,
    (
        "cases.LoginDelay",
        "username",
    ): "login name typed at the password step, as django-axes keeps it",
    ("cases.SessionRecord", "session_key"): "the session's id, as Django's session table keeps it",
    ("cases.SessionRecord", "device"): "browser and system names read from the User-Agent",
    ("cases.Case", "reference"): "the case's neutral reference (entity-year-number)",
    ("cases.Case", "status"): ENUM,
    ("rights.SubjectRequest", "kind"): ENUM,
    ("rights.SubjectRequest", "status"): ENUM,
    ("rights.AccessExport", "status"): ENUM,
    ("rights.ExportPassage", "source"): ENUM,
    ("rights.ExportPassage", "decision"): ENUM,
    ("rights.ExportPassage", "case_reference"): "the case's public reference (as on letters)",
    ("cases.Party", "role"): ENUM,
    ("cases.Party", "status"): ENUM,
    ("cases.PartyIndexEntry", "kind"): ENUM,
    ("cases.PartyIndexEntry", "digest"): "keyed HMAC of a name (blind index), not reversible",
    ("cases.Attachment", "content_type"): "a MIME type out of a fixed accepted list",
    ("cases.Category", "code"): "category code",
    ("cases.Category", "label_fr"): "category label, the same for every case",
    ("cases.Category", "label_en"): "category label, the same for every case",
    ("cases.Contact", "channel"): ENUM,
    ("cases.ContactFollowUp", "channel"): ENUM,
    ("cases.SupportResource", "kind"): ENUM,
    ("cases.ProtectiveMeasure", "kind"): ENUM,
    ("cases.SupportResource", "name"): "a public support service's name (entity directory)",
    ("cases.SupportResource", "contact"): "a public support service's number or address",
    ("cases.Contact", "contact_kind"): ENUM,
    ("cases.Contact", "person_status"): "status code from the intake form's fixed list",
    ("cases.Contact", "orientations"): "codes of the orientations offered, for indicators",
    ("cases.Handover", "from_stage"): ENUM,
    ("cases.Handover", "to_stage"): ENUM,
    ("cases.Handover", "basis"): ENUM,
    ("cases.Acknowledgement", "means"): ENUM,
    ("cases.TriageDecision", "outcomes"): "codes of the triage outcomes (routing)",
    ("cases.OutcomeDecision", "outcomes"): "codes of OutcomeDecision.Outcome (routing)",
    ("cases.OutcomeDecision", "disciplinary_track"): "code of DisciplinaryHearing.Track",
    ("cases.DisciplinaryHearing", "track"): ENUM,
    ("cases.Feedback", "means"): ENUM,
    ("cases.Meeting", "mode"): ENUM,
    ("cases.Closure", "reason"): ENUM,
    ("cases.DisciplinaryOutcome", "scale"): ENUM,
    ("cases.DisciplinaryOutcome", "sanction"): "a code of cases.models.discipline.SANCTIONS",
    ("cases.CaseDeadline", "rule"): "name of the deadline rule (workflows.deadlines)",
    ("cases.ProtectionRequest", "decision"): ENUM,
    ("cases.ProtectionMeasure", "kind"): ENUM,
    ("cases.Suspension", "status"): ENUM,
    ("cases.Suspension", "rule"): "name of the deadline rule (workflows.deadlines)",
    ("workflows.CaseProcess", "flow_class"): "dotted path of the flow class",
    ("workflows.CaseProcess", "status"): ENUM,
    ("workflows.CaseProcess", "data"): "routing flags only, never content (house rule 4)",
    ("workflows.OpenTask", "step"): "name of the flow step",
    ("workflows.OpenTask", "status"): "viewflow task status code",
    ("workflows.OpenTask", "rule"): "name of the deadline rule",
    ("enquiries.Enquiry", "status"): ENUM,
    ("enquiries.Enquiry", "decision_authority"): ENUM,
    ("enquiries.CommissionAppointment", "decision_authority"): ENUM,
    ("enquiries.LetterDue", "step"): ENUM,
    ("enquiries.LetterDue", "kind"): "letter kind code",
    ("enquiries.LetterDue", "letter_ref"): "reference of the letter row",
    ("enquiries.Interview", "status"): ENUM,
    ("enquiries.Interview", "mode"): ENUM,
    ("enquiries.ConfidentialityCommitment", "signer"): ENUM,
    ("enquiries.Minutes", "status"): ENUM,
    ("enquiries.MinutesVersion", "status"): ENUM,
    ("enquiries.EnquiryAttachment", "kind"): ENUM,
    ("enquiries.EnquiryAttachment", "content_type"): "a MIME type out of a fixed accepted list",
    ("enquiries.EnquiryAttachment", "scan"): ENUM,
    ("enquiries.EnquiryReport", "status"): ENUM,
    ("enquiries.EnquiryReport", "recommendations"): "codes of Recommendation (indicators)",
    ("enquiries.InvestigatorProfile", "gender"): ENUM,
    ("enquiries.InvestigatorProfile", "languages"): "language codes of a staff member",
    ("enquiries.InvestigatorProfile", "team"): "a staff member's service, not case content",
    ("templates_legal.LetterTemplate", "kind"): "letter kind code",
    ("templates_legal.LetterTemplate", "language"): "language code",
    ("templates_legal.LetterTemplate", "sha256"): HASH,
    ("templates_legal.Letter", "kind"): "letter kind code",
    ("templates_legal.Letter", "language"): "language code",
    ("templates_legal.Letter", "template_sha256"): HASH,
    ("templates_legal.Letter", "status"): ENUM,
    ("templates_legal.Letter", "pdf_status"): ENUM,
    ("templates_legal.Letter", "signed_title"): "the signer's public function, for the register",
    ("templates_legal.Letter", "origin"): "reference of the row that called for the letter",
    ("threads.ReporterMessage", "kind"): ENUM,
    ("threads.ReporterMessage", "author_kind"): ENUM,
    ("threads.ReporterAttachment", "content_type"): "a MIME type out of a fixed accepted list",
    ("retention.CaseRetention", "rule"): "retention rule code (retention.rules.RULES)",
    ("retention.ContactRetention", "rule"): "retention rule code (retention.rules.RULES)",
    ("rights.SubjectRequest", "retention_rule"): "retention rule code (retention.rules.RULES)",
}

TEXT_LIKE = (models.CharField, models.TextField, models.JSONField)


def clear_text_fields() -> set[tuple[str, str]]:
    found = set()
    for app in CASE_RECORD_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, TEXT_LIKE) and not isinstance(field, EncryptedField):
                    found.add((model._meta.label, field.name))
    return found


def test_every_text_field_of_the_case_records_is_encrypted_or_declared_public():
    undeclared = clear_text_fields() - set(PUBLIC)
    assert not undeclared, f"text fields in clear, neither encrypted nor declared: {undeclared}"


def test_the_public_list_names_only_fields_that_exist_in_clear():
    assert not set(PUBLIC) - clear_text_fields(), "stale entries in PUBLIC"


def test_the_prosecutors_office_of_an_article_40_referral_is_encrypted():
    field = Article40Referral._meta.get_field("prosecutor_office")
    assert isinstance(field, EncryptedField)


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_prosecutors_office_of_existing_referrals(referent_a, school_a):
    case = case_for(referent_a, school_a)
    before = [("cases", "0009_user_roles_version")]
    after = [("cases", "0010_article40_prosecutor_office_sealed")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("cases", "Article40Referral")
    row = old.objects.create(
        key_id=case.key_id,
        case_id=case.pk,
        sent_on=dt.date(2026, 1, 5),
        prosecutor_office="Parquet de Clearville",
        recorded_by_id=referent_a.pk,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    raw = Article40Referral.objects.filter(pk=row.pk).values_list("prosecutor_office", flat=True)
    assert b"Clearville" not in bytes(raw.get())
    assert Article40Referral.objects.get(pk=row.pk).prosecutor_office == "Parquet de Clearville"
