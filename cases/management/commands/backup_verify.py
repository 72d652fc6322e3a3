"""After a restore: can every case be read? Counts only, never content (T7).

For each case, its data key is unwrapped (key ring + main database + key store) and its
narrative decrypted. Reports cases readable, cases shredded (status or key nulled),
cases whose key has no secret in the key store (shredded after the main dump was
taken, or a key-store dump older than the case: unreadable by design), and failures
(a wrong key ring, a tampered row). Exits non-zero on failures; ``--case`` names one
case the answer must include as readable.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cases.core.crypto.aead import DecryptionError
from cases.core.crypto.datakeys import (
    KeyShredded,
    KeyWithoutSecret,
    data_key_cache_clear,
    data_keys_preload,
)
from cases.core.crypto.keyring import KeyRingError
from cases.models import Case


class Command(BaseCommand):
    help = "Decrypt every case's key and narrative after a restore; print counts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--case", type=uuid.UUID, action="append", default=[])
        parser.add_argument("--json", action="store_true", help="counts as one JSON line")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        data_key_cache_clear()
        counts = {"readable": 0, "shredded": 0, "without_secret": 0, "failed": 0}
        state: dict[uuid.UUID, str] = {}
        ids = list(Case.objects.order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), options["batch_size"]):
            batch = list(Case.objects.filter(pk__in=ids[start : start + options["batch_size"]]))
            data_keys_preload(c.key_id for c in batch)
            for case in batch:
                outcome = self._read(case)
                counts[outcome] += 1
                state[case.pk] = outcome
        wanted = {str(c): state.get(c, "absent") for c in options["case"]}
        if options["json"]:
            self.stdout.write(json.dumps({**counts, "cases": wanted}, sort_keys=True))
        else:
            self.stdout.write(
                "cases: {readable} readable, {shredded} shredded, {without_secret} without "
                "a key-store secret (shredded since the dump, or a key store older than the "
                "case), {failed} failed".format(**counts)
            )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} cases failed to decrypt: wrong key ring?")
        not_readable = [c for c, outcome in wanted.items() if outcome != "readable"]
        if not_readable:
            raise CommandError(f"not readable: {', '.join(not_readable)}")

    @staticmethod
    def _read(case: Case) -> str:
        if case.status == Case.Status.SHREDDED:
            return "shredded"
        try:
            case.narrative  # noqa: B018 - decrypting is the check
        except KeyWithoutSecret:
            return "without_secret"
        except KeyShredded:
            return "shredded"
        except (DecryptionError, KeyRingError):
            return "failed"
        return "readable"
