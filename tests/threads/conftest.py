from __future__ import annotations

import pytest
from django.utils import timezone

from cases.models import Case, Contact, Role, User
from tests.builders import case_for
from tests.people import staff
from threads.files import IncomingFile
from threads.models import ReporterThread
from threads.services import thread_open
from workflows.steps.intake import IntakeData, portal_question_receive

PDF = b"%PDF-1.4 a small statement %%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "piece.pdf", data: bytes = PDF) -> IncomingFile:
    return IncomingFile(filename=name, content_type="application/pdf", data=data)


@pytest.fixture
def listener_a(school_a) -> User:
    return staff(Role.LISTENER, school_a, username="listener.a")


@pytest.fixture
def listener_b(school_b) -> User:
    return staff(Role.LISTENER, school_b, username="listener.b")


@pytest.fixture
def investigator_a(school_a) -> User:
    return staff(Role.INVESTIGATOR, school_a, username="investigator.a")


@pytest.fixture
def case_a(referent_a, school_a) -> Case:
    return case_for(referent_a, school_a)


@pytest.fixture
def thread_a(case_a) -> ReporterThread:
    return thread_open(case=case_a, notify_address="someone@example.invalid")


@pytest.fixture
def question_a(listener_a, school_a) -> Contact:
    """A question asked through the portal: a listening record with no listener, no case."""
    return portal_question_receive(
        entity=school_a,
        data=IntakeData(
            contacted_on=timezone.localdate(),
            channel="portal",
            contact_kind="victim",
            person_status="unknown",
            categories=[],
            narrative="Puis-je en parler sans être nommée ?",
            anonymous=True,
        ),
    )


@pytest.fixture
def question_thread_a(question_a) -> ReporterThread:
    return thread_open(contact=question_a)
