from __future__ import annotations

from typing import cast

import pytest
from django.core.cache import cache

from cases.categories import ensure_default_categories
from cases.core.audit.anchors import anchor_path
from cases.models import Category, Entity, Role, User
from tests.people import EntityFactory, staff
from tests.system_packages import MISSING


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_anchor_left():
    """Anchors belong to one test's chain: the next test's database starts afresh."""
    yield
    anchor_path().unlink(missing_ok=True)


@pytest.fixture
def school_a(db) -> Entity:
    return cast(Entity, EntityFactory(code="school-a", name="École A"))


@pytest.fixture
def school_b(db) -> Entity:
    return cast(Entity, EntityFactory(code="school-b", name="École B"))


@pytest.fixture
def admin_a(school_a) -> User:
    return staff(Role.ENTITY_ADMIN, school_a, username="admin.a")


@pytest.fixture
def admin_b(school_b) -> User:
    return staff(Role.ENTITY_ADMIN, school_b, username="admin.b")


@pytest.fixture
def referent_a(school_a) -> User:
    return staff(Role.REFERENT, school_a, username="referent.a")


@pytest.fixture
def referent_b(school_b) -> User:
    return staff(Role.REFERENT, school_b, username="referent.b")


@pytest.fixture(autouse=True)
def _seeded_rows(request):
    """Transactional tests flush the database, migration-seeded rows included: re-seed
    the default categories for every database test (idempotent, one query when present)."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if uses_db:
        request.getfixturevalue("transactional_db" if _transactional(request, marker) else "db")
        ensure_default_categories(Category)
    yield


def _transactional(request, marker) -> bool:
    return (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name every test skipped for a missing system package, and how to install it."""
    by_reason: dict[str, list[str]] = {}
    for report in terminalreporter.stats.get("skipped", []):
        _, _, reason = report.longrepr if isinstance(report.longrepr, tuple) else ("", 0, "")
        reason = reason.removeprefix("Skipped: ")
        if reason.startswith(MISSING):
            by_reason.setdefault(reason, []).append(report.nodeid)
    for reason, tests in by_reason.items():
        terminalreporter.write_line(f"{len(tests)} tests skipped: {reason}", yellow=True)
        for nodeid in tests:
            terminalreporter.write_line(f"    {nodeid}")
