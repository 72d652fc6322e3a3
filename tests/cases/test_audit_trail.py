"""django-auditlog records changes with confidential values masked, sealed into the chain."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from cases.core.audit.registry import MASK, auditlog_verify
from cases.models import AuditEvent, Case
from tests.builders import case_for


@pytest.mark.django_db
def test_a_narrative_change_is_logged_masked_with_a_constant(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="SECRET NARRATIVE")
    fresh = Case.objects.get(pk=case.pk)
    fresh.narrative = "ANOTHER SECRET"
    fresh.save()
    entry = LogEntry.objects.get_for_object(fresh).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes["narrative"] == [MASK, MASK]
    assert entry.object_repr == case.reference
    assert "SECRET" not in str(entry.changes)


@pytest.mark.django_db
def test_an_unchanged_narrative_is_not_reported_as_changed(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="same")
    fresh = Case.objects.get(pk=case.pk)
    fresh.narrative = "same"
    fresh.save()
    updates = LogEntry.objects.get_for_object(fresh).filter(action=LogEntry.Action.UPDATE)
    assert all("narrative" not in (e.changes or {}) for e in updates)


@pytest.mark.django_db
def test_every_auditlog_entry_is_sealed_into_the_hash_chain(referent_a, school_a):
    case = case_for(referent_a, school_a)
    entry = LogEntry.objects.get_for_object(case).get(action=LogEntry.Action.CREATE)
    sealed = AuditEvent.objects.get(action="change.create", object_id=str(case.pk))
    assert sealed.details["logentry"] == entry.pk
    assert auditlog_verify() == []


@pytest.mark.django_db
def test_editing_an_auditlog_entry_is_detected(referent_a, school_a):
    case = case_for(referent_a, school_a)
    entry = LogEntry.objects.get_for_object(case).get(action=LogEntry.Action.CREATE)
    LogEntry.objects.filter(pk=entry.pk).update(actor=None, changes={"status": ["x", "y"]})
    assert auditlog_verify() == [entry.pk]
    with pytest.raises(SystemExit):
        call_command("verify_audit")


def test_every_action_the_code_records_has_a_plain_language_label():
    import re
    from pathlib import Path

    from cases.core.audit.labels import ACTION_LABELS

    root = Path(__file__).resolve().parents[2]
    recorded: set[str] = set()
    for package in ("cases", "workflows", "enquiries", "templates_legal"):
        for path in (root / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            recorded |= set(re.findall(r'action="([a-z_0-9]+\.[a-z_.]+)"', text))
            if "def audit(" in text or "audit(" in text:
                recorded |= set(re.findall(r'"(enquiry\.[a-z_]+)"', text))
    # Account, key, template and roster events are not about a case: no case history shows them.
    not_case = (
        "account.",
        "keys.",
        "role.",
        "security.",
        "roster.",
        "letter_template.",
        "indicators.",
        "entity.",
    )
    recorded -= {a for a in recorded if a.startswith(not_case)}
    recorded -= {"letter.register_read"}
    missing = sorted(a for a in recorded if a not in ACTION_LABELS)
    assert not missing, missing
