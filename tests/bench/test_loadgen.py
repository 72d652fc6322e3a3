from __future__ import annotations

import datetime as dt
import random
import threading
import uuid
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Count, Model, Q
from viewflow.workflow.models import Task

from bench import loadgen, loadgen_rows
from bench.loadgen import generate_load
from bench.loadgen_procedure import STAGES, stage_pick
from bench.loadgen_rows import BatchWriter, RowWriter, Sealer
from cases.core.audit.services import audit_verify
from cases.core.crypto.datakeys import data_key_cache_clear, data_key_create
from cases.core.crypto.fields import associated_data
from cases.models import (
    AuditEvent,
    Case,
    CaseDeadline,
    CaseGrant,
    CaseSequence,
    Contact,
    Party,
    Role,
    User,
)
from cases.selectors.cases import cases_for
from workflows.models import CaseProcess, OpenTask
from workflows.nodes import CaseTask
from workflows.selectors import claimable_tasks, my_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    return generate_load(cases=120, entities=2, seed=7)


def test_every_generated_case_has_one_process_with_its_finished_and_open_steps(generated):
    assert Case.objects.count() == 120
    assert CaseProcess.objects.count() == 120
    open_per_case = CaseProcess.objects.annotate(
        open=Count("task", filter=~Q(task__status="DONE"))
    ).values_list("case__status", "open")
    for status, open_tasks in open_per_case:
        assert open_tasks == (0 if status == Case.Status.CLOSED else 1)
    open_human_tasks = Task.objects.filter(status__in=("NEW", "ASSIGNED"))
    assert OpenTask.objects.count() == open_human_tasks.count() > 0


def test_generated_tasks_are_real_steps_of_the_case_flow_that_inboxes_show(generated):
    task = Task.objects.filter(status="ASSIGNED").select_related("owner").first()
    assert isinstance(task.flow_task, CaseTask)
    assert task.flow_task.role == Role.REFERENT
    assert my_tasks(task.owner).filter(task=task).exists()
    waiting = Task.objects.filter(status="NEW").first()
    if waiting is not None:
        node = waiting.flow_task
        entity = waiting.process.caseprocess.case.entity
        holder = User.objects.filter(memberships__entity=entity, memberships__role=node.role)[0]
        assert claimable_tasks(holder).filter(task=waiting).exists()


def test_generated_cases_are_visible_to_their_referent_and_their_data_decrypts(generated):
    case = Case.objects.first()
    referent = Task.objects.filter(process__caseprocess__case=case, owner__isnull=False)[0].owner
    assert cases_for(referent).filter(pk=case.pk).exists()
    assert case.narrative.strip()
    assert Contact.objects.filter(case=case).get().narrative.startswith("Premier contact")


def test_generated_load_has_listening_records_deadlines_and_an_intact_audit_chain(generated):
    assert Contact.objects.filter(case__isnull=True).exists()
    assert CaseDeadline.objects.filter(rule="acknowledgement").count() == 120
    assert audit_verify().intact


def test_generated_cases_span_several_years_and_every_step_of_the_flow():
    rng = random.Random(3)
    picked = {stage_pick(rng) for _ in range(2000)}
    assert picked == set(STAGES)
    generate_load(cases=300, entities=1, seed=3)
    years = {c.created_at.year for c in Case.objects.only("created_at")}
    assert len(years) >= 2


def test_generated_confidential_fields_decrypt_with_keys_unwrapped_from_the_database(generated):
    data_key_cache_clear()  # no plaintext key left from the generation: unwrap each one
    for case in Case.objects.all()[:20]:
        assert case.narrative.split()[0]
        for party in Party.objects.filter(case=case):
            assert set(party.identity) == {"first_name", "last_name"}
    listening_only = Contact.objects.filter(case__isnull=True)[:10]
    assert listening_only and all(c.narrative.startswith("Premier contact") for c in listening_only)
    assert all(isinstance(c.identity, dict) for c in listening_only)


def test_sealed_values_are_bound_to_their_row_as_the_field_binds_them(db):
    key = data_key_create()
    case = Case(key=key, reference="X-1", entity_id=1)
    field = Case._meta.get_field("narrative")
    assert (
        Sealer(Case, "narrative").prefix + f"{case.pk}|{key.pk}"
        == associated_data(case, field).decode()
    )


def _stored(model: type[Model], pk: Any, exclude: set[str]) -> dict[str, Any]:
    """A row as the database holds it, column by column, read without the ORM."""
    columns = [f.column for f in model._meta.local_concrete_fields if f.column not in exclude]
    table, quote = model._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)} WHERE id = %s",  # noqa: S608
            [model._meta.pk.get_db_prep_value(pk, connection)],  # type: ignore[union-attr]
        )
        return dict(zip(columns, cursor.fetchone(), strict=True))


def test_rows_written_raw_are_stored_exactly_as_the_orm_stores_them(generated):
    """UUIDs, aware datetimes, dates, JSON, booleans and nulls: the same stored form."""
    case, user = Case.objects.first(), User.objects.filter(username__contains="referent")[0]
    at = dt.datetime(2024, 1, 1, 0, 30, 0, 123456, tzinfo=ZoneInfo("Europe/Paris"))  # 2023 in UTC
    view, decide = Permission.objects.filter(codename__in=["view_case", "decide_case"])
    RowWriter(CaseGrant, loadgen.GRANT_COLUMNS).write([(case.pk, user.pk, decide.pk, at)])
    raw = CaseGrant.objects.get(content_object=case, user=user, permission=decide)
    orm = CaseGrant.objects.create(
        content_object=case, user=user, permission=view, case_created_at=at
    )
    exclude = {"id", "permission_id"}
    assert _stored(CaseGrant, raw.pk, exclude) == _stored(CaseGrant, orm.pk, exclude)

    details = {"what": "case", "fields": ["récit", "état"], "n": 1.5, "none": None}
    values = (10**9, at, "bench.check", "cases.case", str(case.pk), case.entity_id, details)
    RowWriter(AuditEvent, loadgen.AUDIT_COLUMNS).write([(*values, "0" * 64, "a" * 64)])
    orm_values = dict(zip(loadgen.AUDIT_COLUMNS, (*values, "0" * 64, "b" * 64), strict=True))
    AuditEvent.objects.bulk_create([AuditEvent(**{**orm_values, "sequence": 10**9 + 1})])
    events = AuditEvent.objects.filter(action="bench.check").order_by("sequence")
    exclude = {"id", "sequence", "hash"}
    assert _stored(AuditEvent, events[0].pk, exclude) == _stored(AuditEvent, events[1].pk, exclude)
    assert events[0].details == details and events[0].occurred_at == at

    contact = dict(
        key_id=case.key_id,
        entity_id=case.entity_id,
        listener_id=user.pk,
        contacted_on=dt.date(2024, 2, 29),
        channel="phone",
        contact_kind="victim",
        person_status="student",
        anonymous=True,
        orientations=["lawyer", "police"],
        danger=False,
        ongoing=True,
        consent_to_handover=False,
        narrative=None,
        identity=None,
        case_id=None,
    )
    raw_id = uuid.uuid4()
    columns = ("id", "logged_at", *contact)
    RowWriter(Contact, columns).write([(raw_id, at, *contact.values())])
    orm_contact = Contact.objects.create(**contact)  # logged_at: now (auto_now_add)
    exclude = {"id", "logged_at"}
    assert _stored(Contact, raw_id, exclude) == _stored(Contact, orm_contact.pk, exclude)
    assert Contact.objects.get(pk=raw_id).logged_at == at


@pytest.mark.django_db(transaction=True)
def test_batches_written_by_parallel_writers_keep_numbers_chain_and_inboxes(monkeypatch):
    """On PostgreSQL, outside a transaction, batches are written by two threads at once."""
    monkeypatch.setattr(loadgen, "BATCH", 40)
    lanes_used: list[str] = []
    write_in_lane = loadgen_rows._write_in_lane

    def spy(*args: Any) -> None:
        lanes_used.append(threading.current_thread().name)
        write_in_lane(*args)

    monkeypatch.setattr(loadgen_rows, "_write_in_lane", spy)
    report = generate_load(cases=200, entities=2, seed=5)
    if connection.vendor == "postgresql":
        assert len(lanes_used) == 5 and len(set(lanes_used)) == BatchWriter.LANES
    assert report.cases == Case.objects.count() == 200
    assert audit_verify().intact
    per_year = Counter(
        (entity, int(reference.split("-")[-2]))
        for entity, reference in Case.objects.values_list("entity_id", "reference")
    )
    assert {(s.entity_id, s.year): s.last for s in CaseSequence.objects.all()} == per_year
    open_human_tasks = Task.objects.filter(status__in=("NEW", "ASSIGNED"))
    assert OpenTask.objects.count() == open_human_tasks.count() > 0
    owner = OpenTask.objects.filter(owner__isnull=False).first().owner
    assert my_tasks(owner).exists()
    data_key_cache_clear()
    assert Case.objects.order_by("?").first().narrative.strip()
