"""The procedure side of generated cases: first contacts, categories, viewflow processes
and tasks at every step of the case flow, due dates and legal deadlines.

Rows are built as plain tuples (``bench.loadgen_rows``), shaped like those the real
services leave: a process per case, the finished tasks of the steps already taken
and one open task at the current step (referent steps assigned to the referent in
charge, legal and director steps waiting in their role's queue), its ``OpenTask``
row with the due date so inboxes sort in SQL, and the acknowledgement and feedback
deadlines.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from viewflow.workflow.models import Process, Task

from bench.loadgen_rows import DataKey, Row, Sealer, Tables, allocate_ids, new_data_keys
from cases.models import CaseCategory, CaseDeadline, Contact, Role
from cases.models.procedure import Channel, ContactKind, Orientation
from workflows.flows import CaseFlow
from workflows.models import CaseProcess, OpenTask
from workflows.status import ASSIGNED, DONE, STARTED, UNASSIGNED

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


# Staff user ids by (entity id, role).
Staff = dict[tuple[int, str], list[int]]


@dataclass
class Placed:
    """A generated case and where it stands."""

    case_id: uuid.UUID
    key: DataKey
    entity_id: int
    stage: str
    referent_id: int
    opened: dt.datetime


def stage_pick(rng: random.Random) -> str:
    names = list(STAGES)
    return rng.choices(names, weights=[STAGES[n][0] for n in names])[0]


def procedure_rows(
    rng: random.Random, tables: Tables, placed: list[Placed], staff: Staff, categories: list[int]
) -> None:
    _contacts(rng, tables, placed, staff, categories)
    _processes(rng, tables, placed)
    _deadlines(tables, placed)


CONTACT_COLUMNS = (
    "id",
    "key_id",
    "entity_id",
    "listener_id",
    "logged_at",
    "contacted_on",
    "channel",
    "contact_kind",
    "person_status",
    "anonymous",
    "orientations",
    "danger",
    "ongoing",
    "consent_to_handover",
    "narrative",
    "identity",
    "case_id",
)
# Read once: an enum's ``values`` is rebuilt at every access.
CHANNELS, CONTACT_KINDS, ORIENTATIONS = Channel.values, ContactKind.values, Orientation.values
_contact_narrative = Sealer(Contact, "narrative")
_contact_identity = Sealer(Contact, "identity")


def _contacts(
    rng: random.Random, tables: Tables, placed: list[Placed], staff: Staff, categories: list[int]
) -> None:
    contacts: list[Row] = []
    links: list[Row] = []
    listening_only = [item for item in placed if rng.random() < LISTENING_ONLY_RATIO]
    # A listening record without a case has a data key of its own, like the service's.
    own_keys = new_data_keys(tables, len(listening_only))
    for item in placed:
        chosen = rng.sample(categories, k=rng.choice((1, 1, 1, 2)))
        links.extend((item.case_id, category) for category in chosen)
        contacts.append(_contact(rng, item, staff, item.key, item.case_id))
    for item, key in zip(listening_only, own_keys, strict=True):
        contacts.append(_contact(rng, item, staff, key, None))
    tables.add(Contact, CONTACT_COLUMNS, contacts)
    tables.add(CaseCategory, ("case_id", "category_id"), links)
    tables.add(
        Contact.categories.through,
        ("contact_id", "category_id"),
        [(contact[0], rng.choice(categories)) for contact in contacts],
    )


def _contact(
    rng: random.Random, item: Placed, staff: Staff, key: DataKey, case_id: uuid.UUID | None
) -> Row:
    """A first contact's row, its random draws in the order the generator always made them."""
    contact_id = uuid.uuid4()
    anonymous = rng.random() < 0.1
    entity_id, at = item.entity_id, item.opened
    listener = rng.choice(staff[(entity_id, Role.LISTENER)])
    channel = rng.choice(CHANNELS)
    contact_kind = rng.choice(CONTACT_KINDS)
    person_status = rng.choice(PERSON_STATUSES)
    orientations = rng.sample(ORIENTATIONS, k=rng.randint(0, 2))
    danger = rng.random() < 0.05
    ongoing = rng.random() < 0.3
    narrative = "Premier contact : " + " ".join(rng.choices(("propos", "soirée"), k=30))
    identity = {} if anonymous else {"first_name": "Camille", "last_name": "Petit"}
    return (
        contact_id,
        key.id,
        entity_id,
        listener,
        at,
        timezone.localtime(at).date(),
        channel,
        contact_kind,
        person_status,
        anonymous,
        orientations,
        danger,
        ongoing,
        case_id is not None,
        _contact_narrative(key.plain, contact_id, key.id, narrative),
        _contact_identity(key.plain, contact_id, key.id, identity),
        case_id,
    )


PROCESS_COLUMNS = ("id", "flow_class", "status", "created", "finished", "data")
TASK_COLUMNS = (
    "id",
    "flow_task",
    "flow_task_type",
    "process_id",
    "status",
    "owner_id",
    "created",
    "assigned",
    "started",
    "finished",
)
OPEN_TASK_COLUMNS = (
    "task_id",
    "case_id",
    "entity_id",
    "step",
    "owner_id",
    "status",
    "created",
    "rule",
    "due_on",
)


@dataclass(frozen=True)
class _Node:
    """A step of the case flow as task rows store it."""

    name: str
    ref: str  # what viewflow's TaskReferenceField stores
    task_type: str
    rule: str  # the deadline rule of the step's open task, "" if none


def _node(name: str) -> _Node:
    node: Any = getattr(CaseFlow, name)
    ref = Task._meta.get_field("flow_task").get_prep_value(node)  # type: ignore[union-attr]
    return _Node(name, ref, node.task_type, getattr(node, "deadline_rule", None) or "")


def _processes(rng: random.Random, tables: Tables, placed: list[Placed]) -> None:
    now = timezone.now()
    flow_ref = Process._meta.get_field("flow_class").get_prep_value(CaseFlow)  # type: ignore[union-attr]
    process_ids = allocate_ids(Process, len(placed))
    tables.add(
        Process,
        PROCESS_COLUMNS,
        [
            (
                pid,
                flow_ref,
                DONE if item.stage == "closed" else UNASSIGNED,
                item.opened,
                now if item.stage == "closed" else None,
                {"pending": []},
            )
            for pid, item in zip(process_ids, placed, strict=True)
        ],
    )
    # CaseProcess is a multi-table child of viewflow's Process: its own table holds
    # the parent's id and the case.
    tables.add(
        CaseProcess,
        ("process_ptr_id", "case_id"),
        ((pid, item.case_id) for pid, item in zip(process_ids, placed, strict=True)),
    )
    tasks: list[list[Any]] = []
    open_tasks: list[tuple[list[Any], _Node, Placed, int | None, str, dt.datetime]] = []
    nodes = {name: _node(name) for name in ("start", "end", *STEP_ROLE)}
    for pid, item in zip(process_ids, placed, strict=True):
        at = item.opened
        tasks.append(_task(nodes["start"], pid, DONE, item.referent_id, at, at))
        for step in STAGES[item.stage][1]:
            at += dt.timedelta(days=rng.randint(1, 15))
            tasks.append(_task(nodes[step], pid, DONE, item.referent_id, at, at))
        if item.stage == "closed":
            tasks.append(_task(nodes["end"], pid, DONE, None, at, at))
            continue
        owner = item.referent_id if STEP_ROLE[item.stage] == Role.REFERENT else None
        status = ASSIGNED if owner else UNASSIGNED
        task = _task(nodes[item.stage], pid, status, owner, at, None)
        tasks.append(task)
        open_tasks.append((task, nodes[item.stage], item, owner, status, at))
    # Task ids are drawn before writing: each open task's OpenTask row points to it.
    for task, task_id in zip(tasks, allocate_ids(Task, len(tasks)), strict=True):
        task[0] = task_id
    tables.add(Task, TASK_COLUMNS, (tuple(task) for task in tasks))
    today = timezone.localdate()
    tables.add(
        OpenTask,
        OPEN_TASK_COLUMNS,
        [
            (
                task[0],  # its id, drawn above
                item.case_id,
                item.entity_id,
                node.name,
                owner,
                status,
                created,
                node.rule,
                today + dt.timedelta(days=rng.randint(-10, 40)) if node.rule else None,
            )
            for task, node, item, owner, status, created in open_tasks
        ],
    )


def _task(
    node: _Node,
    process_id: int,
    status: str,
    owner: int | None,
    created: dt.datetime,
    finished: dt.datetime | None,
) -> list[Any]:
    """A task row in ``TASK_COLUMNS`` order, its id (first) still to draw."""
    return [
        None,
        node.ref,
        node.task_type,
        process_id,
        status,
        owner,
        created,
        created if owner else None,
        created if status in (DONE, STARTED) else None,
        finished,
    ]


def _deadlines(tables: Tables, placed: list[Placed]) -> None:
    rows: list[Row] = []
    for item in placed:
        start = timezone.localtime(item.opened).date()
        done = STAGES[item.stage][1]
        met_ack = start + dt.timedelta(days=3) if "acknowledge" in done else None
        met_feedback = start + dt.timedelta(days=60) if "feedback" in done else None
        rows.append((item.case_id, "acknowledgement", start, start + dt.timedelta(days=9), met_ack))
        rows.append((item.case_id, "feedback", start, start + dt.timedelta(days=91), met_feedback))
    tables.add(CaseDeadline, ("case_id", "rule", "start_on", "due_on", "met_on"), rows)
