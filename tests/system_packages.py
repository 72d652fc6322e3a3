"""Tests that need a system package are skipped, not failed, where it is missing, and
``make test`` ends by naming them with the command that installs what they need
(``pytest_terminal_summary`` in ``tests/conftest.py``)."""

from __future__ import annotations

import shutil

import pytest

from templates_legal import rendering

MISSING = "missing system package"


def missing(package: str, install: str) -> str:
    """The skip reason the summary recognises: what is missing and how to install it."""
    return f"{MISSING} {package} (install: sudo apt-get install {install})"


needs_soffice = pytest.mark.skipif(
    rendering.soffice_path() is None,
    reason=missing("LibreOffice", "libreoffice-writer-nogui fonts-dejavu"),
)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason=missing("poppler-utils", "poppler-utils")
)
needs_haproxy = pytest.mark.skipif(
    shutil.which("haproxy") is None, reason=missing("HAProxy", "haproxy")
)
needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason=missing("Redis", "redis-server")
)
needs_pgbouncer = pytest.mark.skipif(
    shutil.which("pgbouncer") is None, reason=missing("PgBouncer", "pgbouncer")
)
