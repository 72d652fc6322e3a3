"""``apply_retention`` over N due cases (cases/s), against a bare erase of the same key rows.

The N cases are prepared for the measure with bulk inserts (a data key, a closed case,
an implicated person with a blind-index entry, a grant and a due retention date each)
inside one transaction that is rolled back at the end: the benchmark database ends as
it started, whatever its scale. Both measures run in the same transaction on the same
rows: the baseline first, in a savepoint rolled back, then the real path.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from cases.core.crypto.datakeys import data_key_cache_clear, data_keys_new
from cases.models import Case, CaseGrant, CaseKey, Entity, Party, PartyIndexEntry, User
from retention.models import CaseRetention, ContactRetention
from retention.services import retention_apply, retention_backfill


class _Rollback(Exception):
    pass


def _prepare(count: int, batch: int = 5000) -> tuple[str, list[uuid.UUID]]:
    entity = Entity.objects.order_by("pk").first()
    user = User.objects.filter(is_active=True).order_by("pk").first()
    assert entity is not None and user is not None, "run generate_load first"
    view = Permission.objects.get(content_type__app_label="cases", codename="view_case")
    run = uuid.uuid4().hex[:8]
    long_ago = timezone.localdate() - dt.timedelta(days=365)
    key_ids: list[uuid.UUID] = []
    for start in range(0, count, batch):
        size = min(batch, count - start)
        keys = data_keys_new(size)
        CaseKey.objects.bulk_create(keys)
        cases = [
            Case(
                key_id=k.id,
                entity=entity,
                reference=f"RET{run}-{start + i}",
                status=Case.Status.CLOSED,
                narrative=None,
            )
            for i, k in enumerate(keys)
        ]
        Case.objects.bulk_create(cases)
        parties = [
            Party(key_id=c.key_id, case=c, role=Party.Role.IMPLICATED, identity=None, account=user)
            for c in cases
        ]
        Party.objects.bulk_create(parties)
        PartyIndexEntry.objects.bulk_create(
            PartyIndexEntry(
                party=p, case_id=p.case_id, entity=entity, kind="name", digest=uuid.uuid4().hex
            )
            for p in parties
        )
        CaseGrant.objects.bulk_create(
            CaseGrant(content_object=c, user=user, permission=view) for c in cases
        )
        CaseRetention.objects.bulk_create(
            CaseRetention(case=c, rule="no_follow_up", start_on=long_ago, due_on=long_ago)
            for c in cases
        )
        key_ids += [k.id for k in keys]
    return f"RET{run}-", key_ids


def _only_prepared_due(prefix: str) -> int:
    """Dates for the database's own closed cases first (``retention_backfill``, as the
    first run would), then every date but the prepared cases' moved past today: the run
    measured anonymises exactly the N prepared cases. Inside the rolled-back transaction."""
    backfilled = retention_backfill()
    later = timezone.localdate() + dt.timedelta(days=3650)
    CaseRetention.objects.filter(applied_at__isnull=True).exclude(
        case__reference__startswith=prefix
    ).update(due_on=later)
    ContactRetention.objects.filter(applied_at__isnull=True).update(due_on=later)
    return backfilled


def apply_retention_speed(count: int = 2000, batch: int = 500) -> dict[str, Any]:
    """Anonymise ``count`` due cases through ``retention_apply`` vs a bare key erase."""
    figures: dict[str, Any] = {}
    try:
        with transaction.atomic():
            start = time.perf_counter()
            prefix, key_ids = _prepare(count)
            figures["prepare_s"] = round(time.perf_counter() - start, 2)
            start = time.perf_counter()
            figures["backfilled"] = _only_prepared_due(prefix)
            figures["backfill_s"] = round(time.perf_counter() - start, 2)

            # Baseline: the same key rows erased, batch by batch, and nothing else.
            with transaction.atomic():
                start = time.perf_counter()
                for i in range(0, len(key_ids), batch):
                    with transaction.atomic():
                        CaseKey.objects.filter(pk__in=key_ids[i : i + batch]).update(
                            wrapped=None, shredded_at=timezone.now()
                        )
                bare = time.perf_counter() - start
                transaction.set_rollback(True)

            data_key_cache_clear()
            start = time.perf_counter()
            report = retention_apply(batch=batch)
            ours = time.perf_counter() - start
            assert report.cases == count, report
            figures.update(cases=report.cases)
            raise _Rollback
    except _Rollback:
        pass
    data_key_cache_clear()
    return {
        "name": "apply_retention",
        "claim": (
            "Anonymise due cases: crypto-shred each key through case_shred, one audit event per "
            "case, wipe index entries, grants and account links in bulk per batch"
        ),
        "cases": count,
        "batch": batch,
        "recueil_cases_per_second": round(count / ours),
        "baseline_cases_per_second": round(count / bare),
        "baseline_label": "the same key rows' wrapped keys erased by one UPDATE per batch",
        "ratio": round(ours / bare, 2),
        **figures,
    }
