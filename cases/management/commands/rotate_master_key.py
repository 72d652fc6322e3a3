"""Re-wrap every case data key under the active master key.

Only the small wrapped data keys are rewritten, never the case data itself. Each
batch commits on its own, so an interrupted run resumes where it stopped; once it
reports nothing left under an old key, that key can be removed from the ring.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from cases.core.audit.services import audit_record
from cases.core.crypto.datakeys import data_key_rewrap, data_keys_write
from cases.core.crypto.keyring import key_ring
from cases.models import CaseKey


class Command(BaseCommand):
    help = "Re-wrap all case data keys under RECUEIL_ACTIVE_MASTER_KEY (resumable)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--check", action="store_true", help="only report how many keys are left to re-wrap"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        active = key_ring().active_id
        pending = CaseKey.objects.filter(wrapped__isnull=False).exclude(master_key_id=active)
        total = pending.count()
        if options["check"] or total == 0:
            self.stdout.write(f"{total} data keys still wrapped under an older master key.")
            return
        started = time.perf_counter()
        done = 0
        with tqdm(total=total, unit="key", disable=None) as bar:
            while True:
                with transaction.atomic():
                    batch = list(
                        pending.select_for_update().order_by("id")[: options["batch_size"]]
                    )
                    if not batch:
                        break
                    changed = [record for record in batch if data_key_rewrap(record)]
                    data_keys_write(changed)
                done += len(batch)
                bar.update(len(batch))
        elapsed = time.perf_counter() - started
        audit_record(actor=None, action="keys.rotated", details={"count": done, "to": active})
        rate = done / elapsed if elapsed else float(done)
        self.stdout.write(
            f"Re-wrapped {done} data keys under {active!r} in {elapsed:.1f}s ({rate:.0f} keys/s)."
        )
