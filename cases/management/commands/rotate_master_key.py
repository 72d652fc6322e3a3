"""Re-wrap every case data key under the active master key and its key-store secret.

Only the small wrapped data keys are rewritten, never the case data itself. Keys made
before the key store existed (scheme 1) get their secret and move to scheme 2 on the
way (docs/BACKUP.md). Each batch commits on its own, so an interrupted run resumes
where it stopped; once it reports nothing left under an old key, that key can be
removed from the ring.

A key whose secret is gone from the key store while the main database still holds it
wrapped (a main dump restored after a shredding) can never be opened again: it is
marked shredded, and counted.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from cases.core.audit.services import audit_record
from cases.core.crypto.datakeys import (
    SCHEME_2,
    data_key_rewrap,
    data_key_secrets,
    data_keys_shred,
    data_keys_write,
)
from cases.core.crypto.keyring import key_ring
from cases.models import CaseKey


class Command(BaseCommand):
    help = (
        "Re-wrap all case data keys under RECUEIL_ACTIVE_MASTER_KEY and the key store (resumable)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--check", action="store_true", help="only report how many keys are left to re-wrap"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        active = key_ring().active_id
        pending = CaseKey.objects.filter(wrapped__isnull=False).filter(
            ~Q(master_key_id=active) | ~Q(scheme=SCHEME_2)
        )
        total = pending.count()
        if options["check"] or total == 0:
            self.stdout.write(f"{total} data keys still to re-wrap (older master key or scheme).")
            return
        started = time.perf_counter()
        done = lost = 0
        with tqdm(total=total, unit="key", disable=None) as bar:
            while True:
                with transaction.atomic():
                    batch = list(
                        pending.select_for_update().order_by("id")[: options["batch_size"]]
                    )
                    if not batch:
                        break
                    secrets = data_key_secrets(batch)
                    gone = [r.id for r in batch if r.scheme == SCHEME_2 and r.id not in secrets]
                    data_keys_shred(gone)
                    changed = [
                        record
                        for record in batch
                        if record.id in secrets and data_key_rewrap(record, secrets[record.id])
                    ]
                    data_keys_write(changed)
                done += len(batch)
                lost += len(gone)
                bar.update(len(batch))
        elapsed = time.perf_counter() - started
        audit_record(
            actor=None,
            action="keys.rotated",
            details={"count": done, "to": active, "without_secret": lost},
        )
        rate = done / elapsed if elapsed else float(done)
        self.stdout.write(
            f"Re-wrapped {done - lost} data keys under {active!r} in {elapsed:.1f}s "
            f"({rate:.0f} keys/s); {lost} without a key-store secret marked shredded."
        )
