from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Category, Contact, Role, User
from tests.people import staff
from workflows.steps.intake import IntakeData, contact_log


@pytest.fixture
def listener_a(school_a) -> User:
    return staff(Role.LISTENER, school_a, username="listener.a")


@pytest.fixture
def legal_a(school_a) -> User:
    return staff(Role.LEGAL, school_a, username="legal.a")


@pytest.fixture
def director_a(school_a) -> User:
    return staff(Role.DIRECTOR, school_a, username="director.a")


def intake(
    listener: User, entity, *, categories=("harcelement-sexuel",), consent=True, **extra
) -> Contact:
    data = IntakeData(
        contacted_on=extra.pop("contacted_on", timezone.localdate() - dt.timedelta(days=1)),
        channel=extra.pop("channel", "phone"),
        contact_kind=extra.pop("contact_kind", "victim"),
        person_status=extra.pop("person_status", "student"),
        categories=list(Category.objects.filter(code__in=categories)),
        narrative=extra.pop("narrative", "Des messages insistants depuis la rentrée."),
        identity=extra.pop("identity", {"first_name": "Léa", "last_name": "Martin"}),
        consent_to_handover=consent,
        **extra,
    )
    return contact_log(actor=listener, entity=entity, data=data)
