"""Restore a main dump and a key-store dump into the configured, empty databases.

Point ``DATABASE_URL`` and ``RECUEIL_KEY_STORE_URL`` at two new databases, then run
this, then ``backup_verify`` (docs/BACKUP.md). Each dump is checked against its
``.sha256`` first; a key-store dump older than the main dump is refused unless
``--accept-older-keys`` (cases created in between could not be read).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from cases.core.audit.services import audit_record
from cases.core.crypto.keystore import store_alias, store_is_separate
from cases.management.backups import checksum_check, restore, stamp_of


class Command(BaseCommand):
    help = "Restore the main database and the key store from their dumps (empty targets)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--main", type=Path, required=True, help="main-<stamp>.dump")
        parser.add_argument("--keys", type=Path, required=True, help="keys-<stamp>.dump")
        parser.add_argument("--accept-older-keys", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not store_is_separate():
            raise CommandError("RECUEIL_KEY_STORE_URL is not set: nowhere to restore the key store")
        main, keys = options["main"], options["keys"]
        for path in (main, keys):
            if not path.is_file():
                raise CommandError(f"{path} does not exist")
            checksum_check(path)
        main_taken, keys_taken = stamp_of(main), stamp_of(keys)
        if main_taken is None or keys_taken is None:
            raise CommandError("dump names must be main-<stamp>.dump and keys-<stamp>.dump")
        if keys_taken < main_taken and not options["accept_older_keys"]:
            raise CommandError(
                "the key-store dump is older than the main dump: cases created in between "
                "would be unreadable (pick a newer key-store dump, or --accept-older-keys)"
            )
        restore(DEFAULT_DB_ALIAS, main)
        restore(store_alias(), keys)
        audit_record(
            actor=None,
            action="backup.restored",
            details={"main": main.name, "keys": keys.name},
        )
        self.stdout.write(f"restored {main.name} and {keys.name}: now run backup_verify")
