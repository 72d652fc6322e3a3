"""The attacker: a steering person at headquarters who can open every view — each
school and the group, every year, academic year, custom period and year-to-date (the
page watched month after month), on the page or in a file — and subtracts any two
figures. No masked count can be recovered that way."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest

from cases.models import Role
from indicators import periods
from indicators.disclosure import SMALL
from indicators.facts import DEADLINE_STATES
from indicators.selectors import ALL, DISJOINT, lattice
from tests.indicators.helpers import refreshed, report_on
from tests.people import staff

D = dt.date


def _attacked_views() -> list[tuple[periods.Period, dt.date | None]]:
    """The views the attacker opens: (period, the day it is opened)."""
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
        period = periods.custom(D(2025, a, 1), D(2025, b, 1))
        assert period is not None
        views.append((period, None))
    return views


def _views(entity_ids: list[int]):
    """Every figure of every view: (dimension, code) -> list of (atoms, published)."""
    views = _attacked_views()
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


# --- The joint attacker: every published figure at once -------------------------------

INF = math.inf


def _propagate(nodes: dict, relations: list[tuple[object, list]]) -> dict:
    """Interval bounds of every node under ``total = sum(parts)`` for every relation,
    tightened to a fixed point (the attacker's reasoning, written apart from the
    publisher's ``squeeze`` on purpose). Counts are integers: bounds are rounded inward."""
    b = dict(nodes)
    for _round in range(200):
        changed = False
        for total, parts in relations:
            lows = [b[p][0] for p in parts]
            highs = [b[p][1] for p in parts]
            s_lo, s_hi = sum(lows), sum(highs)
            t_lo, t_hi = b[total]
            nt = (max(t_lo, s_lo), min(t_hi, s_hi))
            if nt != (t_lo, t_hi):
                b[total], changed = nt, True
                t_lo, t_hi = nt
            for p, lo, hi in zip(parts, lows, highs, strict=True):
                new_lo = max(lo, t_lo - (s_hi - hi))
                new_hi = min(hi, t_hi - (s_lo - lo))
                if (new_lo, new_hi) != (lo, hi):
                    b[p], changed = (new_lo, new_hi), True
                    s_lo += new_lo - lo
                    s_hi += new_hi - hi
        if not changed:
            return b
    raise AssertionError("the attacker's propagation did not settle")


def _joint_attack(views, entity_ids: list[int]):
    """Every figure of every view as an interval constraint on a sum of atoms — one atom
    per entity, month, dimension and code — plus what anyone knows of the atoms: the
    reports of an entity in a month are the sum of each disjoint breakdown, a deadline's
    total the sum of its states, protection requests the sum of their decisions. Returns
    the feasible range of every masked figure and the figures themselves."""
    nodes: dict = {}
    relations: list[tuple[object, list]] = []
    masked: dict = {}
    codes_seen: dict[str, set[str]] = {}
    months_seen: set[str] = set()

    def atom(e: object, m: str, dim: str, code: str) -> tuple:
        key = ("atom", e, m, dim, code)
        nodes.setdefault(key, (0, INF))
        return key

    for period, today in views:
        lat = lattice(period, today)
        end = period.published_end(today)
        months = [f"{m:%Y-%m}" for m in period.months if m < end]
        months_seen.update(months)
        for dim, codes in lat.codes.items():
            codes_seen.setdefault(dim, set()).update(codes)
        for (scope, dim, code), shown in lat.shown.items():
            entities: list[object] = list(entity_ids) if scope == ALL else [scope]
            if dim == "month":
                parts = [atom(e, code, "reports", "") for e in entities]
            elif dim == "due":
                parts = [
                    atom(e, m, "deadline", f"{code}:{s}")
                    for e in entities
                    for m in months
                    for s in DEADLINE_STATES
                ]
            elif dim == "protection_total":
                parts = [
                    atom(e, m, "protection", c)
                    for e in entities
                    for m in months
                    for c in lat.codes["protection"]
                ]
            else:
                parts = [atom(e, m, dim, code) for e in entities for m in months]
            node = ("figure", frozenset(parts))
            lo, hi = nodes.get(node, (0, INF))
            nodes[node] = (max(lo, shown.low), min(hi, shown.high))
            relations.append((node, parts))
            if shown.state == SMALL:
                masked[node] = (period, today, scope, dim, code)
    for e in entity_ids:
        for m in months_seen:
            total = atom(e, m, "reports", "")
            for dim in DISJOINT:
                relations.append((total, [atom(e, m, dim, c) for c in codes_seen[dim]]))
    relations = list({(t, tuple(p)): (t, list(p)) for t, p in relations}.values())
    reach = _propagate(nodes, relations)
    return {node: (reach[node], where) for node, where in masked.items()}


@pytest.mark.django_db
def test_no_masked_count_is_pinned_by_all_the_views_together(school_a, school_b):
    """Sums of three or more views: five months at the top of their masked range that add
    up to the bottom of a band, four single months of one report that add up to a masked
    four... The attacker solves every view at once; no masked figure has one value left."""
    listener_a, listener_b = staff(Role.LISTENER, school_a), staff(Role.LISTENER, school_b)
    # The case again, so that the group and the entities overlap.
    for _ in range(5):
        report_on(listener_a, school_a, D(2025, 3, 4))
    for _ in range(3):
        report_on(listener_b, school_b, D(2025, 3, 5))
    # Four letters to school B, one a month from January to April: each month is masked,
    # January to April is masked too (4) — each month would be pinned to 1.
    for month in range(1, 5):
        report_on(listener_b, school_b, D(2025, month, 10), channel="letter")
    # Four walk-ins a month at school A from January to May: each month masked (at most
    # 4), January to May 20 ("20–24") — each month would be pinned to 4.
    for month in range(1, 6):
        for _ in range(4):
            report_on(listener_a, school_a, D(2025, month, 12), channel="walk_in")
    refreshed()
    found = _joint_attack(_attacked_views(), [school_a.pk, school_b.pk])
    assert len(found) > 50  # the attacker did see many masked figures
    pinned = [where for (low, high), where in found.values() if low == high]
    assert not pinned, pinned[:5]
