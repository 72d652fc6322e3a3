"""The case page reads only the sections that hold something, and never hides one that does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.selectors.case_page import SECTIONS, case_sections
from tests.builders import case_for, full_case
from tests.people import login
from threads.services import thread_open
from workflows.steps.measures import measure_add


def _truth(case: Case) -> frozenset[str]:
    def holds(name: str) -> bool:
        relation = Case._meta.get_field(name)
        if relation.one_to_one:  # a reverse one-to-one: one row or none
            return relation.related_model._default_manager.filter(  # type: ignore[union-attr]
                **{relation.field.name: case}  # type: ignore[union-attr]
            ).exists()
        return getattr(case, name).exists()

    return frozenset(name for name in SECTIONS if holds(name))


@pytest.mark.django_db
def test_a_new_case_has_no_optional_section(referent_a, school_a):
    case = case_for(referent_a, school_a)
    assert case_sections(case) == _truth(case) == frozenset()


@pytest.mark.django_db
def test_the_probe_finds_every_section_a_case_holds(referent_a, school_a):
    case = full_case(referent_a, school_a, "SECTIONS")
    today = timezone.localdate()
    measure_add(
        actor=referent_a,
        case=case,
        description="Changement de groupe de TD",
        beneficiary="La personne ayant signalé",
        decided_by_name="La directrice des études",
        decided_on=today,
        review_on=today + dt.timedelta(days=30),
    )
    thread_open(case=case)
    found = case_sections(case)
    assert found == _truth(case)
    assert {"notes", "attachments", "protective_measures", "reporter_thread"} <= found


@pytest.mark.django_db
def test_the_case_page_shows_notes_measures_and_attachments_when_there_are_some(
    referent_a, school_a
):
    case = full_case(referent_a, school_a, "SHOWN")
    client = login(Client(), referent_a)
    html = client.get(reverse("case-detail", kwargs={"case_id": case.pk})).content.decode()
    assert "SHOWN-note" in html
    assert "SHOWN-filename.pdf" in html


@pytest.mark.django_db
def test_an_empty_case_page_skips_the_reads_of_its_empty_sections(referent_a, school_a):
    empty = case_for(referent_a, school_a)
    full = full_case(referent_a, school_a, "FULL")
    client = login(Client(), referent_a)

    def statements(case: Case) -> list[str]:
        client.get(reverse("case-detail", kwargs={"case_id": case.pk}))  # warm the data key
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(reverse("case-detail", kwargs={"case_id": case.pk})).status_code == 200
            )
        return [q["sql"] for q in captured.captured_queries]

    def reads(sql: list[str], table: str) -> int:
        # A read of the table's rows (the presence probe only asks EXISTS).
        return sum(1 for q in sql if q.startswith(f'SELECT "{table}".'))

    on_empty, on_full = statements(empty), statements(full)
    for table in ("cases_casenote", "cases_attachment"):
        assert reads(on_empty, table) == 0, table
        assert reads(on_full, table) == 1, table
