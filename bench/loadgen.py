"""Realistic volumes, fast: raw bulk writes with really encrypted fields.

Used by ``manage.py generate_load``. Deterministic for a given seed. The shapes
follow what a deployment sees: a handful of entities, a few dozen staff each,
cases spread over several years and states, two or three parties per case,
per-case grants for the staff working on them, and the audit rows those actions
leave behind.

Rows are built as plain tuples and written with COPY (PostgreSQL) or one
``executemany`` (SQLite), not with ``bulk_create``: ``bench.loadgen_rows`` says why
and how values are stored exactly as the models' fields would store them.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from bench.loadgen_procedure import Placed, Staff, procedure_rows, stage_pick
from bench.loadgen_rows import (
    BatchWriter,
    DataKey,
    Row,
    RowWriter,
    Sealer,
    Tables,
    new_data_keys,
)
from cases.categories import ensure_default_categories
from cases.core.audit.services import _canonical, chain_hash
from cases.core.crypto import blind_index
from cases.models import (
    AuditChainHead,
    AuditEvent,
    Case,
    CaseGrant,
    CaseSequence,
    Category,
    Entity,
    Party,
    PartyIndexEntry,
    Role,
    RoleMembership,
    User,
)

FIRST_NAMES = [
    "Camille", "Dominique", "Alex", "Sacha", "Claude", "Maxime", "Lou", "Noa", "Yanis", "Inès",
    "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Louis", "Emma", "Nathan", "Jade", "Enzo",
    "Sarah", "Théo", "Zoé", "Adam", "Lina", "Rayan", "Louise", "Gabriel", "Alice", "Arthur",
    "Juliette", "Jules", "Anna", "Raphaël", "Rose", "Paul", "Mila", "Tom", "Ambre", "Noah",
    "Clara", "Mohamed", "Eva", "Sofiane", "Yasmine", "Kevin", "Mathilde", "Antoine", "Lola", "Victor",
]  # fmt: skip
_SURNAME_HEADS = [
    "Mar", "Ber", "Du", "Tho", "Ro", "Ri", "Pe", "Le", "Mo", "Lau", "Si", "Mi", "Fa", "Ga",
    "Bo", "Che", "Fon", "Gi", "Mer", "Cha", "Be", "Lam", "Vi", "Cou", "Ar", "Bru", "Da", "Ma",
    "Ren", "Fou",
]  # fmt: skip
_SURNAME_MIDDLES = [
    "",
    "ti",
    "ra",
    "lo",
    "be",
    "ca",
    "mi",
    "no",
    "du",
    "ge",
    "va",
    "sa",
    "ri",
    "lan",
]
_SURNAME_TAILS = [
    "rand", "tin", "nard", "bois", "mas", "bert", "chard", "tit", "roy", "reau", "mon", "chel",
    "vre", "cia", "nel", "ault", "lier", "ssier", "nier", "guet",
]  # fmt: skip
# 30 × 14 × 20 = 8 400 surnames and 50 first names: 420 000 names. A person is then cited
# in a handful of cases of an entity even at a million cases, as in a school, where the
# generator once drew from 10 × 10 names and found each in thousands (docs/PERFORMANCE.md).
LAST_NAMES = [h + m + t for h in _SURNAME_HEADS for m in _SURNAME_MIDDLES for t in _SURNAME_TAILS]
# Staff of each role per entity: (at least, one more per so many cases of the entity).
# A referent holds about a hundred cases at the largest scales, as a busy referent
# would over several years; a load with three referents holding 30 000 cases each
# would measure a shape no deployment has.
STAFF_PER_ROLE = {
    "listener": (4, 500),
    "referent": (3, 200),
    "investigator": (8, 100),
    "legal": (2, 1000),
    "director": (2, 5000),
    "entity_admin": (1, 0),
    "steering": (1, 0),
}


def staff_count(role: str, cases_per_entity: int) -> int:
    least, per = STAFF_PER_ROLE[role]
    return max(least, cases_per_entity // per) if per else least


BATCH = 2000


@dataclass
class LoadReport:
    cases: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def generate_load(
    *, cases: int, entities: int, seed: int, progress: Callable[[int], None] | None = None
) -> LoadReport:
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    started = time.perf_counter()
    entity_rows = _entities(entities)
    staff = _staff(entity_rows, seed, cases // max(1, entities))
    perms = _permissions()
    ensure_default_categories(Category)
    categories = list(Category.objects.values_list("pk", flat=True))
    numbers = CaseNumbers()
    made = 0
    with BatchWriter() as writer:
        while made < cases:
            size = min(BATCH, cases - made)
            batch = _batch(rng, entity_rows, staff, perms, categories, numbers, size)
            then = partial(progress, size) if progress else None
            writer.submit(batch.tables.write, batch.write_in_order, then)
            made += size
    # Fresh planner statistics, as autovacuum would gather them on a live database:
    # without them PostgreSQL plans the first queries on the new rows with seq scans.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return LoadReport(cases=made, seconds=time.perf_counter() - started)


def _entities(count: int) -> list[Entity]:
    rows = []
    for n in range(count):
        entity, _ = Entity.objects.get_or_create(
            code=f"load{n:02d}", defaults={"name": f"École de charge {n:02d}"}
        )
        rows.append(entity)
    return rows


# Accounts created per transaction. One commit per statement (the ORM's autocommit)
# waits for a WAL flush each time; one transaction for thousands of accounts piles up
# versions of the audit chain's head row that every later append walks through (each
# account appends two events): the 3 642 accounts of an entity at a million cases took
# 97 s in one transaction, 61 s in transactions of 50.
STAFF_PER_TRANSACTION = 50


def _staff(entities: list[Entity], seed: int, cases_per_entity: int) -> Staff:
    """Staff accounts and their roles, through the ORM so that their audit events are
    recorded as the admin would record them (only the missing ones are created)."""
    staff: Staff = {}
    for entity in entities:
        mine = User.objects.filter(username__startswith=f"{entity.code}.")
        users = dict(mine.values_list("username", "pk"))
        members = set(RoleMembership.objects.filter(entity=entity).values_list("user_id", "role"))
        wanted = [
            (role, n) for role in STAFF_PER_ROLE for n in range(staff_count(role, cases_per_entity))
        ]
        for start in range(0, len(wanted), STAFF_PER_TRANSACTION):
            with transaction.atomic():
                for role, n in wanted[start : start + STAFF_PER_TRANSACTION]:
                    user_id = _staff_member(entity, role, n, users, members)
                    staff.setdefault((entity.pk, role), []).append(user_id)
    return staff


def _staff_member(
    entity: Entity, role: str, n: int, users: dict[str, int], members: set[tuple[int, str]]
) -> int:
    """The account's id, created with its role if missing (``users`` and ``members``:
    what the entity already has, completed here)."""
    username = f"{entity.code}.{role}.{n}"
    if username not in users:
        users[username] = User.objects.create(
            username=username,
            first_name=role,
            last_name=f"{entity.code}-{n}",
            password=make_password(None),  # unusable, as set_unusable_password() sets it
        ).pk
    if (users[username], role) not in members:
        RoleMembership.objects.create(user_id=users[username], entity=entity, role=role)
    return users[username]


def _permissions() -> dict[str, int]:
    ctype = ContentType.objects.get_for_model(Case)
    return dict(Permission.objects.filter(content_type=ctype).values_list("codename", "pk"))


CASE_COLUMNS = ("id", "key_id", "entity_id", "reference", "status", "created_at", "narrative")
PARTY_COLUMNS = ("id", "key_id", "case_id", "role", "status", "identity")
INDEX_COLUMNS = ("party_id", "case_id", "entity_id", "kind", "digest")
GRANT_COLUMNS = ("content_object_id", "user_id", "permission_id", "case_created_at")
AUDIT_COLUMNS = (
    "sequence",
    "occurred_at",
    "action",
    "object_type",
    "object_id",
    "entity_id",
    "details",
    "previous_hash",
    "hash",
)
PARTY_ROLES = tuple(
    r.value for r in (Party.Role.REPORTING, Party.Role.IMPLICATED, Party.Role.WITNESS)
)
# Read once: an enum's ``values`` is rebuilt at every access.
PARTY_STATUSES = Party.Status.values
REFERENT_GRANTS = ("view_case", "change_case", "triage_case", "view_case_history")
INVESTIGATOR_GRANTS = ("view_case", "investigate_case")
_case_narrative = Sealer(Case, "narrative")
_party_identity = Sealer(Party, "identity")


class CaseNumbers:
    """Per-entity, per-year case numbers, counted here and saved with each batch.

    Counted in memory because the next batch is numbered while the last one is still
    being written; a case numbered meanwhile by someone else would make the batch fail
    on the unique reference rather than go unnoticed.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[int, int], CaseSequence] = {}
        self._touched: set[tuple[int, int]] = set()

    def next(self, entity: Entity, year: int) -> int:
        key = (entity.pk, year)
        if key not in self._rows:
            self._rows[key] = CaseSequence.objects.get_or_create(entity=entity, year=year)[0]
        self._rows[key].last += 1
        self._touched.add(key)
        return self._rows[key].last

    def taken(self) -> dict[int, int]:
        """The last number of each counter used since the previous call, by row id."""
        taken = {self._rows[key].pk: self._rows[key].last for key in self._touched}
        self._touched.clear()
        return taken


@dataclass
class Batch:
    """The rows of a batch of cases, built before any is written."""

    tables: Tables
    placed: list[Placed]
    numbers: dict[int, int]  # CaseSequence id: last number taken

    def write_in_order(self) -> None:
        """What must follow the previous batch: its case numbers and audit events."""
        for pk, last in self.numbers.items():
            CaseSequence.objects.filter(pk=pk).update(last=last)
        _audit_rows(self.placed)


def _batch(
    rng: random.Random,
    entities: list[Entity],
    staff: Staff,
    perms: dict[str, int],
    categories: list[int],
    numbers: CaseNumbers,
    size: int,
) -> Batch:
    tables = Tables()
    keys = new_data_keys(tables, size)
    placed = _cases(rng, tables, entities, staff, numbers, keys)
    _parties_and_grants(rng, tables, placed, staff, perms)
    procedure_rows(rng, tables, placed, staff, categories)
    return Batch(tables, placed, numbers.taken())


def _cases(
    rng: random.Random,
    tables: Tables,
    entities: list[Entity],
    staff: Staff,
    numbers: CaseNumbers,
    keys: list[DataKey],
) -> list[Placed]:
    now = timezone.now()
    rows: list[Row] = []
    placed: list[Placed] = []
    for key in keys:
        entity = rng.choice(entities)
        # Spread over the last three years, the newest cases still in progress.
        opened = now - dt.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        stage = stage_pick(rng)
        if stage != "closed":
            opened = now - dt.timedelta(minutes=rng.randint(0, 200 * 24 * 60))
        year = timezone.localtime(opened).year
        number = numbers.next(entity, year)
        case_id = uuid.uuid4()
        rows.append(
            (
                case_id,
                key.id,
                entity.pk,
                f"{entity.code.upper()}-{year}-{number:06d}",
                Case.Status.CLOSED.value if stage == "closed" else Case.Status.OPEN.value,
                opened,
                _case_narrative(key.plain, case_id, key.id, _narrative(rng)),
            )
        )
        referent = rng.choice(staff[(entity.pk, Role.REFERENT)])
        placed.append(Placed(case_id, key, entity.pk, stage, referent, opened))
    tables.add(Case, CASE_COLUMNS, rows)
    return placed


def _parties_and_grants(
    rng: random.Random, tables: Tables, placed: list[Placed], staff: Staff, perms: dict[str, int]
) -> None:
    parties: list[Row] = []
    index_rows: list[Row] = []
    grants: list[Row] = []
    digests: dict[str, str | None] = {}  # each name digested once
    for item in placed:
        for role in PARTY_ROLES[: rng.randint(1, 3)]:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            party_id = uuid.uuid4()
            status = rng.choice(PARTY_STATUSES)
            identity = {"first_name": first, "last_name": last}
            sealed = _party_identity(item.key.plain, party_id, item.key.id, identity)
            parties.append((party_id, item.key.id, item.case_id, role, status, sealed))
            name = f"{first} {last}"
            if name not in digests:
                digests[name] = blind_index.name_digest(name)
            digest = digests[name]
            if digest:
                index_rows.append((party_id, item.case_id, item.entity_id, "name", digest))
        grants.extend(_grants(rng, item, staff, perms))
    tables.add(Party, PARTY_COLUMNS, parties)
    tables.add(PartyIndexEntry, INDEX_COLUMNS, index_rows)
    tables.add(CaseGrant, GRANT_COLUMNS, grants)


def _grants(rng: random.Random, item: Placed, staff: Staff, perms: dict[str, int]) -> list[Row]:
    """The referent's grants, and an investigator's for four cases in ten."""
    rows = [(item.case_id, item.referent_id, perms[c], item.opened) for c in REFERENT_GRANTS]
    if rng.random() < 0.4:
        investigator = rng.choice(staff[(item.entity_id, Role.INVESTIGATOR)])
        rows.extend(
            (item.case_id, investigator, perms[c], item.opened) for c in INVESTIGATOR_GRANTS
        )
    return rows


def _narrative(rng: random.Random) -> str:
    words = ["propos", "répétés", "message", "soirée", "cours", "couloir", "réseau", "insistant"]
    return " ".join(rng.choice(words) for _ in range(rng.randint(40, 160)))


def _audit_rows(placed: list[Placed]) -> None:
    """Creation and first-read events, chained exactly as ``audit_record`` would.

    Chained when the batch is written, under the lock of the chain's head.
    """
    head = AuditChainHead.objects.select_for_update().get(singleton=1)
    sequence, previous = head.sequence, head.hash
    rows: list[Row] = []
    at = timezone.now()
    for item in placed:
        object_id = str(item.case_id)
        for action in ("case.created", "case.read"):
            sequence += 1
            details = {"what": "case"} if action == "case.read" else {}
            digest = chain_hash(
                previous,
                _canonical(
                    sequence=sequence,
                    occurred_at=at,
                    actor_id=None,
                    action=action,
                    object_type="cases.case",
                    object_id=object_id,
                    entity_id=item.entity_id,
                    details=details,
                ),
            )
            rows.append(
                (
                    sequence,
                    at,
                    action,
                    "cases.case",
                    object_id,
                    item.entity_id,
                    details,
                    previous,
                    digest,
                )
            )
            previous = digest
    RowWriter(AuditEvent, AUDIT_COLUMNS).write(rows)
    AuditChainHead.objects.filter(singleton=1).update(sequence=sequence, hash=previous)
