"""Compare the key store with the main database's case keys (docs/BACKUP.md).

Reports (counts only): live keys whose secret is missing (their cases cannot be read:
an error), secrets of shredded keys (a deletion interrupted after its shredding
committed), and orphan secrets (a key whose creation rolled back). ``--repair``
deletes the last two kinds; orphans younger than an hour are left alone, since their
key may belong to a transaction still running. ``backup_create`` runs it with
``--repair`` before every dump.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.core.audit.services import audit_record
from cases.core.crypto.datakeys import SCHEME_2
from cases.core.crypto.keystore import store_alias
from cases.models import CaseKey, CaseKeySecret

ORPHAN_GRACE = timedelta(hours=1)


class Command(BaseCommand):
    help = "Check the key store against the case keys; --repair deletes leftover secrets."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--repair", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        store = CaseKeySecret.objects.using(store_alias())
        secrets = dict(store.values_list("key_id", "created_at").iterator(chunk_size=5000))
        keys = CaseKey.objects.order_by()
        shredded = set(
            keys.filter(wrapped__isnull=True).values_list("id", flat=True).iterator(5000)
        )
        live = set(
            keys.filter(wrapped__isnull=False, scheme=SCHEME_2)
            .values_list("id", flat=True)
            .iterator(5000)
        )
        missing = len(live - secrets.keys())
        leftover = [k for k in secrets if k in shredded]
        old = timezone.now() - ORPHAN_GRACE
        orphans = [
            k for k, made in secrets.items() if k not in live and k not in shredded and made < old
        ]
        young = sum(
            1 for k, made in secrets.items() if k not in live and k not in shredded and made >= old
        )
        deleted = 0
        if options["repair"] and (leftover or orphans):
            doomed = leftover + orphans
            for start in range(0, len(doomed), 1000):
                deleted += store.filter(pk__in=doomed[start : start + 1000]).delete()[0]
            audit_record(
                actor=None,
                action="keys.store_repaired",
                details={"shredded": len(leftover), "orphans": len(orphans)},
            )
        self.stdout.write(
            f"key store: {len(secrets)} secrets; {len(live)} live keys, {missing} without secret; "
            f"{len(leftover)} secrets of shredded keys, {len(orphans)} orphans "
            f"(+{young} younger than an hour); {deleted} deleted."
        )
        if missing:
            raise CommandError(
                f"{missing} live case keys have no secret in the key store: their cases "
                "cannot be read (a key-store backup older than the main database?)"
            )
        if not options["repair"] and (leftover or orphans):
            raise CommandError("leftover secrets: run key_store_check --repair")
