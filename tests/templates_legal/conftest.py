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


@pytest.fixture
def fake_pdf(monkeypatch):
    """LibreOffice takes seconds per letter: most tests use a stand-in converter.

    The PDF it returns embeds the DOCX's size, so a test can tell it came from this letter.
    """
    from templates_legal.letters import services as letters

    calls: list[int] = []

    def convert(docx: bytes, **_kwargs: object) -> bytes:
        calls.append(len(docx))
        return b"%PDF-1.4 stand-in for a letter of " + str(len(docx)).encode() + b" bytes %%EOF"

    monkeypatch.setattr(letters, "docx_to_pdf", convert)
    return calls
