"""Dump the main database and the key store, each to its own directory (docs/BACKUP.md).

Order matters: the key store is checked and repaired first (no secret of a shredded key
goes into a dump), the main database is dumped before the key store (a key made between
the two dumps then has its secret in the key-store dump; the reverse order would lose
it). Then each directory is pruned: key-store dumps older than
``RECUEIL_KEY_STORE_BACKUP_DAYS`` — the window during which a shredded case is still
recoverable — and main dumps older than ``RECUEIL_MAIN_BACKUP_DAYS``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from cases.core.audit.services import audit_record
from cases.core.crypto.keystore import store_alias, store_is_separate
from cases.management.backups import STAMP_FORMAT, dump, private_dir, prune, stamp_now


class Command(BaseCommand):
    help = "Back up the main database and the key store apart, and prune old dumps."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--main-dir", type=Path, required=True)
        parser.add_argument("--keys-dir", type=Path, required=True)
        parser.add_argument("--keep-main-days", type=int, default=settings.RECUEIL_MAIN_BACKUP_DAYS)
        parser.add_argument(
            "--keep-keys-days", type=int, default=settings.RECUEIL_KEY_STORE_BACKUP_DAYS
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not store_is_separate():
            raise CommandError(
                "the key store is in the main database (RECUEIL_KEY_STORE_URL is not set): "
                "a dump would hold both halves of every key and shredding would not hold"
            )
        main_dir, keys_dir = options["main_dir"].resolve(), options["keys_dir"].resolve()
        if main_dir == keys_dir:
            raise CommandError(
                "--main-dir and --keys-dir must differ (and sit on different storage)"
            )
        call_command("key_store_check", repair=True, stdout=self.stdout)
        stamp = stamp_now()
        main = dump(DEFAULT_DB_ALIAS, private_dir(main_dir) / f"main-{stamp}.dump")
        keys = dump(store_alias(), private_dir(keys_dir) / f"keys-{stamp}.dump")
        now = datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC)
        gone_keys = prune(keys_dir, "keys", options["keep_keys_days"], now)
        gone_main = prune(main_dir, "main", options["keep_main_days"], now)
        audit_record(
            actor=None,
            action="backup.created",
            details={
                "stamp": stamp,
                "main_bytes": main.stat().st_size,
                "keys_bytes": keys.stat().st_size,
                "pruned_main": len(gone_main),
                "pruned_keys": len(gone_keys),
            },
        )
        self.stdout.write(f"{main}\n{keys}")
        self.stdout.write(
            f"pruned {len(gone_keys)} key-store dumps older than {options['keep_keys_days']} days, "
            f"{len(gone_main)} main dumps older than {options['keep_main_days']} days"
        )
