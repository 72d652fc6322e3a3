from __future__ import annotations

from typing import cast

import pytest
from django.core.cache import cache

from cases.models import Entity, Role, User
from tests.people import EntityFactory, staff


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


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
