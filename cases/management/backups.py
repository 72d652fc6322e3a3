"""Dump and restore the two databases (docs/BACKUP.md) with the engine's own tools.

PostgreSQL: ``pg_dump -Fc`` and ``pg_restore`` (the client tools of the server's major
version or newer), connection details from the Django settings, the password passed in
the environment (never on the command line, where ``ps`` shows it). SQLite: the online
backup API of the ``sqlite3`` module, consistent while the application writes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump / pg_restore, arguments from settings only
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import connections

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_STAMPED = re.compile(r"^(main|keys)-(\d{8}T\d{6}Z)\.dump$")


def stamp_now() -> str:
    return datetime.now(tz=UTC).strftime(STAMP_FORMAT)


def stamp_of(path: Path) -> datetime | None:
    match = _STAMPED.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(2), STAMP_FORMAT).replace(tzinfo=UTC)


def _vendor(alias: str) -> str:
    return str(connections[alias].vendor)


def _pg_env(settings: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for name, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings.get(key):
            env[name] = str(settings[key])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} is not installed (apt-get install postgresql-client)")
    return path


def private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def dump(alias: str, target: Path) -> Path:
    """Write a consistent dump of database ``alias`` to ``target`` (0600) and its sha256."""
    settings = connections[alias].settings_dict
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    if _vendor(alias) == "postgresql":
        subprocess.run(  # noqa: S603
            [_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(target), str(settings["NAME"])],
            env=_pg_env(settings),
            check=True,
        )
    elif _vendor(alias) == "sqlite":
        source = sqlite3.connect(str(settings["NAME"]))
        destination = sqlite3.connect(str(target))
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:  # pragma: no cover - the two engines Recueil supports
        raise CommandError(f"no dump for the {_vendor(alias)} engine")
    checksum_write(target)
    return target


def checksum_write(path: Path) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n", encoding="utf-8")


def checksum_check(path: Path) -> None:
    side = path.with_name(path.name + ".sha256")
    if not side.exists():
        raise CommandError(f"{side.name} is missing: cannot check {path.name}")
    expected = side.read_text(encoding="utf-8").split()[0]
    if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
        raise CommandError(f"{path.name} does not match its checksum")


def is_empty(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        return not connections[alias].introspection.table_names(cursor)


def restore(alias: str, source: Path) -> None:
    """Load ``source`` into database ``alias``, which must exist and be empty."""
    settings = connections[alias].settings_dict
    if not is_empty(alias):
        raise CommandError(
            f"the {alias!r} database already has tables: restore into a new, empty database"
        )
    if _vendor(alias) == "postgresql":
        connections[alias].close()
        subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "-d",
                str(settings["NAME"]),
                str(source),
            ],
            env=_pg_env(settings),
            check=True,
        )
    elif _vendor(alias) == "sqlite":
        connections[alias].close()
        source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        destination = sqlite3.connect(str(settings["NAME"]))
        try:
            source_db.backup(destination)
        finally:
            destination.close()
            source_db.close()
    else:  # pragma: no cover
        raise CommandError(f"no restore for the {_vendor(alias)} engine")


def prune(directory: Path, kind: str, keep_days: int, now: datetime) -> list[Path]:
    """Delete ``<kind>-<stamp>.dump`` files (and checksums) older than ``keep_days``."""
    limit = now - timedelta(days=keep_days)
    gone = []
    for path in sorted(directory.glob(f"{kind}-*.dump")):
        taken = stamp_of(path)
        if taken is not None and taken < limit:
            path.unlink()
            path.with_name(path.name + ".sha256").unlink(missing_ok=True)
            gone.append(path)
    return gone
