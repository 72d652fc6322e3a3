"""The procedure side of generated cases: first contacts, categories, viewflow processes
and tasks at every step of the case flow, due dates and legal deadlines.

Rows are bulk-inserted, shaped like those the real services leave: a process per
case, the finished tasks of the steps already taken and one open task at the
current step (referent steps assigned to the referent in charge, legal and
director steps waiting in their role's queue), a due date beside each open task
so inboxes sort in SQL, and the acknowledgement and feedback deadlines.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.token import Token

from cases.crypto.datakeys import data_keys_new
from cases.models import (
    Case,
    CaseCategory,
    CaseDeadline,
    CaseKey,
    Category,
    Contact,
    Role,
    User,
)
from cases.models.procedure import Channel, ContactKind, Orientation
from workflows.flows import CaseFlow
from workflows.models import OpenTask

BATCH = 2000

# Where generated cases stand, with weights close to a year of a school's activity:
# half are closed, the rest spread over every step of the flow.
STAGES: dict[str, tuple[int, tuple[str, ...]]] = {
    # stage: (weight, steps already done before the open one)
    "acknowledge": (5, ()),
    "triage": (8, ("acknowledge",)),
    "information": (3, ("acknowledge", "triage")),
    "article40": (3, ("acknowledge", "triage")),
    "enquiry": (12, ("acknowledge", "triage")),
    "decision": (5, ("acknowledge", "triage", "enquiry")),
    "disciplinary": (3, ("acknowledge", "triage", "enquiry", "decision")),
    "feedback": (6, ("acknowledge", "triage", "decision")),
    "closure": (5, ("acknowledge", "triage", "feedback")),
    "closed": (50, ("acknowledge", "triage", "enquiry", "decision", "feedback", "closure")),
}
STEP_ROLE = {
    "acknowledge": Role.REFERENT,
    "triage": Role.REFERENT,
    "information": Role.REFERENT,
    "article40": Role.LEGAL,
    "enquiry": Role.REFERENT,
    "decision": Role.DIRECTOR,
    "disciplinary": Role.LEGAL,
    "feedback": Role.REFERENT,
    "closure": Role.REFERENT,
}
PERSON_STATUSES = ("student",) * 6 + ("doctoral", "staff_civil", "staff_contract", "external")
# Listening records kept without a hand-over, per case handed over.
LISTENING_ONLY_RATIO = 0.3


@dataclass
class Placed:
    """A generated case and where it stands."""

    case: Case
    stage: str
    referent: User
    opened: dt.datetime


def stage_pick(rng: random.Random) -> str:
    names = list(STAGES)
    return rng.choices(names, weights=[STAGES[n][0] for n in names])[0]


@contextmanager
def explicit_created_at(*models: type[Model]) -> Iterator[None]:
    """Let bulk inserts keep the creation dates we give (spread over past years).

    ``auto_now_add`` would stamp every generated row with the moment of the load,
    which would make every per-year indicator and every deadline meaningless.
    """
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False)
    ]
    for f in fields:
        f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True  # type: ignore[attr-defined]


def procedure_rows(
    rng: random.Random,
    placed: list[Placed],
    staff: dict[tuple[int, str], list[User]],
    categories: list[Category],
) -> None:
    _contacts(rng, placed, staff, categories)
    _processes(rng, placed, staff)
    _deadlines(placed)


def _contacts(
    rng: random.Random,
    placed: list[Placed],
    staff: dict[tuple[int, str], list[User]],
    categories: list[Category],
) -> None:
    contacts: list[Contact] = []
    links: list[CaseCategory] = []
    listening_only = [item for item in placed if rng.random() < LISTENING_ONLY_RATIO]
    # A listening record without a case has a data key of its own, like the service's.
    own_keys = data_keys_new(len(listening_only))
    CaseKey.objects.bulk_create(own_keys)
    for item in placed:
        chosen = rng.sample(categories, k=rng.choice((1, 1, 1, 2)))
        links.extend(CaseCategory(case=item.case, category=c) for c in chosen)
        contacts.append(_contact(rng, item, staff, item.case.key_id, item.case))
    for item, key in zip(listening_only, own_keys, strict=True):
        contacts.append(_contact(rng, item, staff, key.pk, None))
    with explicit_created_at(Contact):
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
    CaseCategory.objects.bulk_create(links, batch_size=BATCH)
    through = Contact.categories.through
    through.objects.bulk_create(
        [
            through(contact_id=contact.pk, category_id=rng.choice(categories).pk)
            for contact in contacts
        ],
        batch_size=BATCH,
    )


def _contact(
    rng: random.Random,
    item: Placed,
    staff: dict[tuple[int, str], list[User]],
    key_id: uuid.UUID,
    case: Case | None,
) -> Contact:
    anonymous = rng.random() < 0.1
    entity_id, at = item.case.entity_id, item.opened
    return Contact(
        key_id=key_id,
        entity_id=entity_id,
        listener=rng.choice(staff[(entity_id, Role.LISTENER)]),
        logged_at=at,
        contacted_on=timezone.localtime(at).date(),
        channel=rng.choice(Channel.values),
        contact_kind=rng.choice(ContactKind.values),
        person_status=rng.choice(PERSON_STATUSES),
        anonymous=anonymous,
        orientations=rng.sample(Orientation.values, k=rng.randint(0, 2)),
        danger=rng.random() < 0.05,
        ongoing=rng.random() < 0.3,
        consent_to_handover=case is not None,
        narrative="Premier contact : " + " ".join(rng.choices(("propos", "soirée"), k=30)),
        identity={} if anonymous else {"first_name": "Camille", "last_name": "Petit"},
        case=case,
    )


def _processes(
    rng: random.Random, placed: list[Placed], staff: dict[tuple[int, str], list[User]]
) -> None:
    now = timezone.now()
    processes = [
        Process(
            flow_class=CaseFlow,
            status="DONE" if item.stage == "closed" else "NEW",
            created=item.opened,
            finished=now if item.stage == "closed" else None,
            data={"pending": []},
        )
        for item in placed
    ]
    Process.objects.bulk_create(processes, batch_size=BATCH)
    # CaseProcess is a multi-table child of viewflow's Process, which bulk_create
    # refuses: its rows (the parent's id and the case) go in with one executemany.
    table = connection.ops.quote_name("workflows_caseprocess")
    case_pk = Case._meta.pk
    assert case_pk is not None
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (process_ptr_id, case_id) VALUES (%s, %s)",  # noqa: S608
            [
                (p.pk, case_pk.get_db_prep_value(item.case.pk, connection))
                for p, item in zip(processes, placed, strict=True)
            ],
        )
    tasks: list[Task] = []
    open_tasks: list[tuple[Task, Placed]] = []
    for process, item in zip(processes, placed, strict=True):
        at = item.opened
        tasks.append(_task(CaseFlow.start, process, "DONE", item.referent, at, at))
        for step in STAGES[item.stage][1]:
            at += dt.timedelta(days=rng.randint(1, 15))
            tasks.append(_task(getattr(CaseFlow, step), process, "DONE", item.referent, at, at))
        if item.stage == "closed":
            tasks.append(_task(CaseFlow.end, process, "DONE", None, at, at))
            continue
        role = STEP_ROLE[item.stage]
        owner = item.referent if role == Role.REFERENT else None
        task = _task(
            getattr(CaseFlow, item.stage),
            process,
            "ASSIGNED" if owner else "NEW",
            owner,
            at,
            None,
        )
        tasks.append(task)
        open_tasks.append((task, item))
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    today = timezone.localdate()
    OpenTask.objects.bulk_create(
        [
            OpenTask(
                task=task,
                case=item.case,
                entity_id=item.case.entity_id,
                step=task.flow_task.name,
                owner=task.owner,
                status=task.status,
                created=task.created,
                rule=task.flow_task.deadline_rule or "",
                due_on=today + dt.timedelta(days=rng.randint(-10, 40))
                if task.flow_task.deadline_rule
                else None,
            )
            for task, item in open_tasks
        ],
        batch_size=BATCH,
    )


def _task(
    node: object,
    process: Process,
    status: str,
    owner: User | None,
    created: dt.datetime,
    finished: dt.datetime | None,
) -> Task:
    return Task(
        flow_task=node,
        flow_task_type=node.task_type,  # type: ignore[attr-defined]
        process=process,
        status=status,
        owner=owner,
        created=created,
        assigned=created if owner else None,
        started=created if status in ("DONE", "STARTED") else None,
        finished=finished,
        token=Token("start"),
        data={},
    )


def _deadlines(placed: list[Placed]) -> None:
    rows: list[CaseDeadline] = []
    for item in placed:
        start = timezone.localtime(item.opened).date()
        done = STAGES[item.stage][1]
        rows.append(
            CaseDeadline(
                case=item.case,
                rule="acknowledgement",
                start_on=start,
                due_on=start + dt.timedelta(days=9),
                met_on=start + dt.timedelta(days=3) if "acknowledge" in done else None,
            )
        )
        rows.append(
            CaseDeadline(
                case=item.case,
                rule="feedback",
                start_on=start,
                due_on=start + dt.timedelta(days=91),
                met_on=start + dt.timedelta(days=60) if "feedback" in done else None,
            )
        )
    CaseDeadline.objects.bulk_create(rows, batch_size=BATCH)
