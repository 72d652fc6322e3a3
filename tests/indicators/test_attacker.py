"""The attacker: a steering person at headquarters who can open every view — each
school and the group, every year, academic year, custom period and year-to-date (the
page watched month after month), on the page or in a file — and subtracts any two
figures. No masked count can be recovered that way."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from cases.models import Role
from indicators import periods
from indicators.disclosure import SMALL
from indicators.selectors import ALL, lattice
from tests.indicators.helpers import refreshed, report_on
from tests.people import staff

D = dt.date


def _views(entity_ids: list[int]):
    """Every figure of every view: (dimension, code) -> list of (atoms, published)."""
    views: list[tuple[periods.Period, dt.date | None]] = [
        (periods.year(2025), None),
        (periods.year(2024), None),
        (periods.academic(2024), None),
        (periods.academic(2025), None),
    ]
    # Year-to-date, watched at the start of each month of 2025.
    views += [(periods.year(2025), D(2025, m, 1)) for m in range(2, 13)]
    # Every custom period of whole months from January to June 2025.
    for a, b in itertools.combinations_with_replacement(range(1, 7), 2):
        views.append((periods.custom(D(2025, a, 1), D(2025, b, 1)), None))
    figures: dict[tuple[str, str], list[tuple[frozenset, object]]] = {}
    for period, today in views:
        published = lattice(period, today)
        months = period.months[: len([m for m in period.months if m < period.published_end(today)])]
        for (scope, dim, code), shown in published.shown.items():
            entities: list[object] = list(entity_ids) if scope == ALL else [scope]
            if dim == "month":
                atoms = frozenset((e, code) for e in entities)
                key = ("reports", "")
            else:
                atoms = frozenset((e, f"{m:%Y-%m}") for e in entities for m in months)
                key = (dim, code)
            figures.setdefault(key, []).append((atoms, shown))
    return figures


def _recovered(bigger, smaller, masked) -> bool:
    """Whether ``bigger - smaller`` leaves a single value for ``masked`` (1 to 4)."""
    low = bigger.low - smaller.high
    high = bigger.high - smaller.low
    candidates = [v for v in range(1, 5) if low <= v <= high]
    return len(candidates) < 2


@pytest.mark.django_db
def test_no_pair_of_views_gives_a_masked_count_away(school_a, school_b):
    listener_a, listener_b = staff(Role.LISTENER, school_a), staff(Role.LISTENER, school_b)
    # The case: the group 8, school A 5, school B 3 (in March) — and a few more
    # months so that periods overlap: A has 1 in February, B 4 in May and 1 in June.
    for _ in range(5):
        report_on(listener_a, school_a, D(2025, 3, 4))
    report_on(listener_a, school_a, D(2025, 2, 4))
    for _ in range(3):
        report_on(listener_b, school_b, D(2025, 3, 5))
    for _ in range(4):
        report_on(listener_b, school_b, D(2025, 5, 6), channel="email")
    report_on(listener_b, school_b, D(2025, 6, 6))
    refreshed()
    figures = _views([school_a.pk, school_b.pk])
    checked = 0
    for key, items in figures.items():
        by_atoms: dict[frozenset, list] = {}
        for atoms, shown in items:
            by_atoms.setdefault(atoms, []).append(shown)
        # A figure reads the same in every view that shows it.
        for atoms, shows in by_atoms.items():
            assert len({s.text for s in shows}) == 1, (key, sorted(atoms), shows)
        masked = {atoms: s[0] for atoms, s in by_atoms.items() if s[0].state == SMALL}
        for (big, big_shown), (small, small_shown) in itertools.permutations(
            [(a, s[0]) for a, s in by_atoms.items()], 2
        ):
            if small < big and (big - small) in masked:
                checked += 1
                assert not _recovered(big_shown, small_shown, masked[big - small]), (
                    key,
                    sorted(big),
                    sorted(small),
                )
    assert checked > 100  # the attacker did find many pairs to try


@pytest.mark.django_db
def test_the_group_total_does_not_reveal_the_masked_school(school_a, school_b):
    listener_a, listener_b = staff(Role.LISTENER, school_a), staff(Role.LISTENER, school_b)
    for _ in range(5):
        report_on(listener_a, school_a, D(2025, 3, 4))
    for _ in range(3):
        report_on(listener_b, school_b, D(2025, 3, 5))
    refreshed()
    shown = lattice(periods.year(2025)).shown
    assert shown[(ALL, "reports", "")].text == "5–9"
    assert shown[(school_a.pk, "reports", "")].text == "5–9"
    assert shown[(school_b.pk, "reports", "")].text == "< 5"
