"""``apply_retention``: what is due goes (crypto-shredded, identifying metadata wiped), held
cases stay, the dry run changes nothing, one audit entry per case, indicators unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cases.core.crypto.datakeys import KeyShredded, data_key_cache_clear
from cases.core.crypto.fields import EncryptedField
from cases.core.crypto.sealed import SealedModel
from cases.models import (
    AuditEvent,
    Case,
    CaseGrant,
    CaseKey,
    Closure,
    ConflictDeclaration,
    Contact,
    PartyIndexEntry,
)
from cases.services.access import conflict_declare
from indicators import periods
from indicators.selectors import indicators
from indicators.services import counts_refresh
from retention.models import CaseRetention, ContactRetention
from retention.services import (
    legal_hold_lift,
    legal_hold_place,
    procedure_end_record,
    retention_apply,
)
from tests.retention.helpers import closed_case
from tests.workflows.conftest import intake

TODAY = timezone.localdate()
LONG_AGO = TODAY - dt.timedelta(days=120)


def shredded(case: Case) -> bool:
    return Case.objects.get(pk=case.pk).status == Case.Status.SHREDDED


@pytest.mark.django_db
def test_a_due_case_is_shredded_and_one_not_yet_due_is_kept(referent_a, school_a):
    due = closed_case(referent_a, school_a, closed_on=LONG_AGO)
    recent = closed_case(referent_a, school_a, closed_on=TODAY)
    report = retention_apply()
    assert report.cases == 1
    assert shredded(due) and not shredded(recent)
    assert CaseKey.objects.get(pk=due.key_id).wrapped is None
    assert CaseRetention.objects.get(case=due).applied_at is not None


@pytest.mark.django_db
def test_each_rule_branch_is_applied_on_its_date(referent_a, school_a):
    out = closed_case(referent_a, school_a, reason=Closure.Reason.OUT_OF_SCOPE, closed_on=TODAY)
    sanctioned_final = closed_case(
        referent_a, school_a, closed_on=LONG_AGO, sanction_on=TODAY - dt.timedelta(days=62)
    )
    sanctioned_open = closed_case(
        referent_a, school_a, closed_on=LONG_AGO, sanction_on=TODAY - dt.timedelta(days=30)
    )
    judicial = closed_case(referent_a, school_a, closed_on=LONG_AGO, article40=True)
    retention_apply()
    assert shredded(out)
    assert shredded(sanctioned_final)
    assert not shredded(sanctioned_open)  # the appeal period still runs
    assert not shredded(judicial)  # no date until the judicial procedure ends


@pytest.mark.django_db
@pytest.mark.parametrize("follow_up", ["disciplinary_pending", "judicial"])
def test_a_case_awaiting_the_end_of_its_procedure_goes_once_that_end_is_recorded(
    referent_a, legal_a, school_a, follow_up
):
    case = closed_case(
        referent_a,
        school_a,
        closed_on=LONG_AGO,
        disciplinary_decided=follow_up == "disciplinary_pending",
        article40=follow_up == "judicial",
    )
    row = CaseRetention.objects.get(case=case)
    assert (row.rule, row.due_on) == (follow_up, None)
    assert retention_apply().cases == 0  # no date: kept until the end is recorded
    assert not shredded(case)
    ended_on = TODAY - dt.timedelta(days=1)
    row = procedure_end_record(actor=legal_a, case=case, ended_on=ended_on)
    assert (row.rule, row.due_on) == (follow_up, ended_on)
    assert retention_apply().cases == 1
    assert shredded(case)
    event = AuditEvent.objects.get(action="case.shredded", object_id=str(case.pk))
    assert event.details == {"reason": f"retention:{follow_up}"}


@pytest.mark.django_db
def test_a_held_case_is_kept_and_goes_at_the_next_run_once_the_hold_is_lifted(
    referent_a, director_a, school_a
):
    case = closed_case(referent_a, school_a, closed_on=LONG_AGO)
    hold = legal_hold_place(
        actor=director_a, case=case, reason="Recours annoncé", review_on=TODAY + dt.timedelta(30)
    )
    report = retention_apply()
    assert (report.cases, report.held) == (0, 1)
    assert not shredded(case)
    legal_hold_lift(actor=director_a, hold=hold, reason="Pas de recours")
    assert retention_apply().cases == 1
    assert shredded(case)


@pytest.mark.django_db
def test_the_dry_run_lists_with_the_rule_and_changes_nothing(referent_a, school_a):
    case = closed_case(referent_a, school_a, closed_on=LONG_AGO)
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert f"case\t{case.reference}\tno_follow_up" in out.getvalue()
    assert not shredded(case)
    assert CaseKey.objects.get(pk=case.key_id).wrapped is not None
    assert CaseRetention.objects.get(case=case).applied_at is None
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_the_command_anonymises_and_reports_counts(referent_a, school_a):
    closed_case(referent_a, school_a, closed_on=LONG_AGO)
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Anonymised 1 cases" in out.getvalue()


@pytest.mark.django_db
def test_one_audit_entry_per_case_with_the_rule_and_nothing_it_held(referent_a, school_a):
    cases = [closed_case(referent_a, school_a, closed_on=LONG_AGO) for _ in range(3)]
    before = AuditEvent.objects.count()
    retention_apply(batch=2)
    new = AuditEvent.objects.order_by("pk")[before:]
    shreds = [e for e in new if e.action == "case.shredded"]
    assert sorted(e.object_id for e in shreds) == sorted(str(c.pk) for c in cases)
    assert all(e.details == {"reason": "retention:no_follow_up"} for e in shreds)
    # Nothing else is written per case: grants and links are wiped in bulk.
    assert len(new) == len(shreds)


@pytest.mark.django_db
def test_identifying_metadata_in_clear_is_wiped(referent_a, director_a, school_a):
    case = closed_case(referent_a, school_a, closed_on=LONG_AGO, marker="M")
    conflict_declare(actor=referent_a, case=case, user=director_a, reason="named")
    assert PartyIndexEntry.objects.filter(case=case).exists()
    retention_apply()
    assert not PartyIndexEntry.objects.filter(case=case).exists()
    assert not CaseGrant.objects.filter(content_object=case).exists()
    assert not ConflictDeclaration.objects.filter(case=case).exists()
    assert not case.parties.filter(account__isnull=False).exists()
    # The facts the indicators count stay.
    assert case.parties.count() == 2
    assert Closure.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_indicators_give_the_same_figures_before_and_after_anonymisation(
    listener_a, referent_a, school_a
):
    for _ in range(2):
        contact = intake(listener_a, school_a)
        case = contact.case
        Closure(
            key_id=case.key_id, case=case, reason="oriented", detail="", closed_by=referent_a
        ).save(force_insert=True)
        Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
        from workflows.hooks import case_facts_changed

        case_facts_changed(case)
    kept = intake(listener_a, school_a, consent=False, contacted_on=TODAY - dt.timedelta(days=100))
    CaseRetention.objects.update(due_on=TODAY - dt.timedelta(days=1))
    # Published once their month is over, from the counts the timers keep.
    later = (TODAY.replace(day=28) + dt.timedelta(days=10)).replace(day=28) + dt.timedelta(days=10)
    period = periods.year(TODAY.year)
    counts_refresh(full=True)
    before = indicators([school_a], period, "A", today=later)
    report = retention_apply(today=TODAY + dt.timedelta(days=70))
    assert (report.cases, report.contacts) == (2, 1)
    counts_refresh(full=True)
    after = indicators([school_a], period, "A", today=later)
    assert dataclasses.replace(after, refreshed_at=before.refreshed_at) == before
    assert before.reports.count == 2
    assert ContactRetention.objects.get(contact=kept).applied_at is not None


@pytest.mark.django_db
def test_a_listening_record_never_handed_over_is_shredded_with_one_audit_entry(
    listener_a, school_a
):
    contact = intake(
        listener_a, school_a, consent=False, contacted_on=TODAY - dt.timedelta(days=90)
    )
    before = AuditEvent.objects.count()
    assert retention_apply().contacts == 1
    assert CaseKey.objects.get(pk=contact.key_id).wrapped is None
    data_key_cache_clear()
    with pytest.raises(KeyShredded):
        _ = Contact.objects.get(pk=contact.pk).narrative
    (event,) = AuditEvent.objects.order_by("pk")[before:]
    assert (event.action, event.details) == ("retention.contact_anonymised", {"rule": "listening"})


def _sealed_models():
    return [m for m in apps.get_models() if issubclass(m, SealedModel)]


@pytest.mark.django_db
def test_a_canary_written_into_a_case_is_unreadable_from_every_table_after_shredding(
    referent_a, school_a
):
    canary = f"CANARY{uuid.uuid4().hex}"
    case = closed_case(referent_a, school_a, closed_on=LONG_AGO, marker=canary)
    assert canary in case.narrative
    retention_apply()
    data_key_cache_clear()
    # Raw rows: no table holds the canary in clear (every column of every table).
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    raw = (
                        bytes(value)
                        if isinstance(value, bytes | memoryview)
                        else str(value).encode()
                    )
                    assert canary.encode() not in raw, model._meta.label
    # And every encrypted field under the case's key is now unreadable.
    checked = 0
    for model in _sealed_models():
        fields = [f for f in model._meta.fields if isinstance(f, EncryptedField)]
        for obj in model.objects.filter(key_id=case.key_id):
            for f in fields:
                if obj.__dict__.get(f.attname) is None:
                    continue
                with pytest.raises(KeyShredded):
                    getattr(obj, f.name)
                checked += 1
    assert checked >= 6  # narrative, two identities, note, attachment name, digest, content


@pytest.mark.django_db
def test_a_case_closed_before_retention_existed_is_listed_by_the_dry_run_then_dated_and_shredded(
    referent_a, school_a
):
    case = closed_case(referent_a, school_a, closed_on=LONG_AGO)
    CaseRetention.objects.filter(case=case).delete()  # as if closed before this app
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert f"case\t{case.reference}\tno_follow_up" in out.getvalue()
    assert not CaseRetention.objects.filter(case=case).exists()
    assert retention_apply().cases == 1
    assert shredded(case)


def test_celery_beat_applies_retention_nightly():
    from config.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "retention.tasks.apply_retention" in tasks


@pytest.mark.django_db
def test_every_row_of_a_case_is_under_the_case_key_so_one_shred_covers_it(referent_a, school_a):
    case = closed_case(referent_a, school_a, marker="K", sanction_on=TODAY)
    for model in _sealed_models():
        names = {f.name for f in model._meta.fields}
        if "case" in names:
            keys = set(model.objects.filter(case=case).values_list("key_id", flat=True))
            assert keys <= {case.key_id}, model._meta.label


@pytest.mark.django_db
def test_the_listener_sees_an_anonymised_record_in_the_list_but_can_no_longer_open_it(
    listener_a, school_a
):
    from django.test import Client
    from django.urls import reverse

    from tests.people import login

    contact = intake(
        listener_a, school_a, consent=False, contacted_on=TODAY - dt.timedelta(days=90)
    )
    retention_apply()
    data_key_cache_clear()
    client = login(Client(), listener_a)
    listing = client.get(reverse("contacts"))
    assert listing.status_code == 200
    assert "anonymisée" in listing.content.decode()
    detail = reverse("contact-detail", kwargs={"contact_id": contact.pk})
    assert client.get(detail).status_code == 404
