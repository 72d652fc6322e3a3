"""Realistic volumes, fast: bulk inserts with really encrypted fields.

Used by ``manage.py generate_load``. Deterministic for a given seed. The shapes
follow what a deployment sees: a handful of entities, a few dozen staff each,
cases spread over several years and states, two or three parties per case,
per-case grants for the staff working on them, and the audit rows those actions
leave behind.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from bench.loadgen_procedure import Placed, explicit_created_at, procedure_rows, stage_pick
from cases.categories import ensure_default_categories
from cases.crypto import blind_index
from cases.crypto.datakeys import data_keys_new
from cases.models import (
    AuditChainHead,
    AuditEvent,
    Case,
    CaseGrant,
    CaseKey,
    CaseSequence,
    Category,
    Entity,
    Party,
    PartyIndexEntry,
    Role,
    RoleMembership,
    User,
)
from cases.services.audit import _canonical, chain_hash

FIRST_NAMES = [
    "Camille",
    "Dominique",
    "Alex",
    "Sacha",
    "Claude",
    "Maxime",
    "Lou",
    "Noa",
    "Yanis",
    "Inès",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
]
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
    ensure_default_categories()
    categories = list(Category.objects.all())
    made = 0
    while made < cases:
        size = min(BATCH, cases - made)
        with transaction.atomic():
            _batch(rng, entity_rows, staff, perms, categories, size)
        made += size
        if progress:
            progress(size)
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


def _staff(
    entities: list[Entity], seed: int, cases_per_entity: int
) -> dict[tuple[int, str], list[User]]:
    staff: dict[tuple[int, str], list[User]] = {}
    for entity in entities:
        for role in STAFF_PER_ROLE:
            count = staff_count(role, cases_per_entity)
            users = []
            for n in range(count):
                user, created = User.objects.get_or_create(
                    username=f"{entity.code}.{role}.{n}",
                    defaults={"first_name": role, "last_name": f"{entity.code}-{n}"},
                )
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                RoleMembership.objects.get_or_create(user=user, entity=entity, role=role)
                users.append(user)
            staff[(entity.pk, role)] = users
    return staff


def _permissions() -> dict[str, Permission]:
    ctype = ContentType.objects.get_for_model(Case)
    return {p.codename: p for p in Permission.objects.filter(content_type=ctype)}


def _batch(
    rng: random.Random,
    entities: list[Entity],
    staff: dict[tuple[int, str], list[User]],
    perms: dict[str, Permission],
    categories: list[Category],
    size: int,
) -> None:
    keys = data_keys_new(size)
    CaseKey.objects.bulk_create(keys)
    now = timezone.now()
    case_rows: list[Case] = []
    placed: list[Placed] = []
    sequences: dict[tuple[int, int], CaseSequence] = {}
    for key in keys:
        entity = rng.choice(entities)
        # Spread over the last three years, the newest cases still in progress.
        opened = now - dt.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        stage = stage_pick(rng)
        if stage != "closed":
            opened = now - dt.timedelta(minutes=rng.randint(0, 200 * 24 * 60))
        year = timezone.localtime(opened).year
        if (entity.pk, year) not in sequences:
            sequences[(entity.pk, year)] = CaseSequence.objects.select_for_update().get_or_create(
                entity=entity, year=year
            )[0]
        sequence = sequences[(entity.pk, year)]
        sequence.last += 1
        case = Case(
            key=key,
            entity=entity,
            reference=f"{entity.code.upper()}-{year}-{sequence.last:06d}",
            status=Case.Status.CLOSED if stage == "closed" else Case.Status.OPEN,
            narrative=_narrative(rng),
            created_at=opened,
        )
        case_rows.append(case)
        referent = rng.choice(staff[(case.entity_id, Role.REFERENT)])
        placed.append(Placed(case=case, stage=stage, referent=referent, opened=opened))
    with explicit_created_at(Case):
        Case.objects.bulk_create(case_rows)
    CaseSequence.objects.bulk_update(sequences.values(), ["last"])
    parties: list[Party] = []
    index_rows: list[PartyIndexEntry] = []
    grants: list[CaseGrant] = []
    for item in placed:
        case = item.case
        for role in (Party.Role.REPORTING, Party.Role.IMPLICATED, Party.Role.WITNESS)[
            : rng.randint(1, 3)
        ]:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            party = Party(
                key_id=case.key_id,
                case=case,
                role=role,
                status=rng.choice(Party.Status.values),
                identity={"first_name": first, "last_name": last},
            )
            parties.append(party)
            digest = blind_index.name_digest(f"{first} {last}")
            if digest:
                index_rows.append(
                    PartyIndexEntry(
                        party=party, case=case, entity_id=case.entity_id, kind="name", digest=digest
                    )
                )
        referent = item.referent
        for codename in ("view_case", "change_case", "triage_case", "view_case_history"):
            grants.append(
                CaseGrant(
                    content_object=case,
                    user=referent,
                    permission=perms[codename],
                    case_created_at=case.created_at,
                )
            )
        if rng.random() < 0.4:
            investigator = rng.choice(staff[(case.entity_id, Role.INVESTIGATOR)])
            for codename in ("view_case", "investigate_case"):
                grants.append(
                    CaseGrant(
                        content_object=case,
                        user=investigator,
                        permission=perms[codename],
                        case_created_at=case.created_at,
                    )
                )
    Party.objects.bulk_create(parties, batch_size=BATCH)
    PartyIndexEntry.objects.bulk_create(index_rows, batch_size=BATCH)
    CaseGrant.objects.bulk_create(grants, batch_size=BATCH)
    procedure_rows(rng, placed, staff, categories)
    _audit_rows(case_rows)


def _narrative(rng: random.Random) -> str:
    words = ["propos", "répétés", "message", "soirée", "cours", "couloir", "réseau", "insistant"]
    return " ".join(rng.choice(words) for _ in range(rng.randint(40, 160)))


def _audit_rows(cases: list[Case]) -> None:
    """Creation and first-read events, chained exactly as ``audit_record`` would."""
    head = AuditChainHead.objects.select_for_update().get(singleton=1)
    sequence, previous = head.sequence, head.hash
    rows = []
    at = timezone.now()
    for case in cases:
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
                    object_id=str(case.pk),
                    entity_id=case.entity_id,
                    details=details,
                ),
            )
            rows.append(
                AuditEvent(
                    sequence=sequence,
                    occurred_at=at,
                    action=action,
                    object_type="cases.case",
                    object_id=str(case.pk),
                    entity_id=case.entity_id,
                    details=details,
                    previous_hash=previous,
                    hash=digest,
                )
            )
            previous = digest
    AuditEvent.objects.bulk_create(rows, batch_size=BATCH)
    AuditChainHead.objects.filter(singleton=1).update(sequence=sequence, hash=previous)
