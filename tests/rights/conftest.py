from __future__ import annotations

import pytest

from cases.models import Role, User
from tests.people import staff


@pytest.fixture
def legal_a(school_a) -> User:
    return staff(Role.LEGAL, school_a, username="legal.a")


@pytest.fixture
def legal_b(school_b) -> User:
    return staff(Role.LEGAL, school_b, username="legal.b")


@pytest.fixture
def director_a(school_a) -> User:
    return staff(Role.DIRECTOR, school_a, username="director.a")
