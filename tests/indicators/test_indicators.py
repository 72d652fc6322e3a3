"""Steering reads anonymised counts: small numbers hidden, nothing nominative, need to know."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEvent, Entity, Role
from indicators.selectors import Cell, suppress
from tests.people import login, staff
from tests.workflows.conftest import intake

YEAR = timezone.localdate().year


def _shown(cells: list[Cell]) -> list[str]:
    return [c.shown for c in cells]


def test_counts_from_1_to_4_are_hidden_and_zero_and_5_are_shown():
    assert _shown(suppress([Cell("a", 0), Cell("b", 4), Cell("c", 5), Cell("d", 9)])) == [
        "0",
        "< 5",
        "< 5",
        "9",
    ]


def test_a_single_hidden_cell_hides_the_next_smallest_so_the_total_cannot_reveal_it():
    cells = suppress([Cell("a", 2), Cell("b", 7), Cell("c", 6), Cell("d", 30)])
    assert _shown(cells) == ["< 5", "7", "< 5", "30"]
    two_small = suppress([Cell("a", 2), Cell("b", 3), Cell("c", 6)])
    assert _shown(two_small) == ["< 5", "< 5", "6"]


@pytest.fixture
def listener_a(school_a):
    return staff(Role.LISTENER, school_a)


@pytest.fixture
def headquarters(db) -> Entity:
    return Entity.objects.create(
        code="dg", name="Direction générale", kind=Entity.Kind.HEADQUARTERS
    )


@pytest.mark.django_db
def test_steering_sees_counts_per_category_and_small_counts_masked(
    listener_a, school_a, school_b, headquarters
):
    for _ in range(6):
        intake(listener_a, school_a, narrative="CANARY-INDICATOR-NARRATIVE")
    for _ in range(2):
        intake(listener_a, school_a, consent=False)
    steering = staff(Role.STEERING, headquarters)
    client = login(Client(), steering)
    page = client.get(reverse("indicators"), {"entity": school_a.code, "year": YEAR})
    assert page.status_code == 200
    figures = page.context["figures"]
    assert figures.reports.shown == "6"
    assert figures.listening_only.shown == "< 5"
    categories = next(b for b in figures.breakdowns if "catégorie" in b.title)
    assert [c.count for c in categories.cells if c.count] == [6]
    # Breakdowns sum to the shown reports, never to reports + listening records, so the
    # masked listening count cannot be recovered by difference.
    channels = next(b for b in figures.breakdowns if "canal" in b.title)
    assert channels.total == 6
    html = page.content.decode()
    assert "CANARY-INDICATOR-NARRATIVE" not in html and "Léa" not in html
    consolidated = client.get(reverse("indicators"), {"year": YEAR}).context["figures"]
    assert consolidated.reports.count == 6
    assert AuditEvent.objects.filter(action="indicators.read", actor=steering).count() == 2


@pytest.mark.django_db
def test_the_csv_export_carries_the_same_masked_figures_and_is_traced(
    listener_a, school_a, headquarters
):
    for _ in range(5):
        intake(listener_a, school_a, narrative="CANARY-INDICATOR-CSV")
    client = login(Client(), staff(Role.STEERING, headquarters))
    response = client.get(reverse("indicators-export"), {"entity": school_a.code, "year": YEAR})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "Signalements transmis;5" in text
    assert "CANARY-INDICATOR-CSV" not in text
    assert AuditEvent.objects.filter(action="indicators.export").exists()


@pytest.mark.django_db
def test_steering_of_a_school_reads_only_that_school(school_a, school_b):
    client = login(Client(), staff(Role.STEERING, school_a))
    assert client.get(reverse("indicators")).context["figures"].entity_label == school_a.name
    assert client.get(reverse("indicators"), {"entity": school_b.code}).status_code == 404
    assert client.get(reverse("indicators"), {"entity": "all"}).status_code == 200
    assert client.get(reverse("indicators-export"), {"entity": school_b.code}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.REFERENT, Role.LISTENER, Role.DIRECTOR, Role.ENTITY_ADMIN])
def test_indicators_are_refused_to_everyone_but_steering(role, school_a):
    client = login(Client(), staff(role, school_a))
    assert client.get(reverse("indicators")).status_code == 404
    assert client.get(reverse("indicators-export")).status_code == 404


@pytest.mark.django_db
def test_urgent_reports_are_counted_with_small_counts_masked(listener_a, school_a, headquarters):
    for _ in range(5):
        intake(listener_a, school_a, danger=True)
    intake(listener_a, school_a, ongoing=True)
    for _ in range(6):
        intake(listener_a, school_a)
    client = login(Client(), staff(Role.STEERING, headquarters))
    figures = client.get(reverse("indicators"), {"year": YEAR}).context["figures"]
    urgency = next(b for b in figures.breakdowns if "urgents" in b.title)
    assert [c.count for c in urgency.cells] == [5, 1, 6]
    assert [c.shown for c in urgency.cells] == ["< 5", "< 5", "6"]
    assert urgency.total == figures.reports.count
