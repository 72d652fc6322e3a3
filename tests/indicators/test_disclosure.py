"""The disclosure rule, played against an attacker who knows every sum of a view and how
the publisher works, and who enumerates every table consistent with what is shown."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from indicators.disclosure import BAND, SMALL, WITHHELD, ZERO, Sum, publish, shown


def test_zero_is_shown_1_to_4_masked_and_from_5_bands_of_five():
    assert [shown(n).text for n in (0, 1, 4, 5, 9, 10, 14, 303)] == [
        "0",
        "< 5",
        "< 5",
        "5–9",
        "5–9",
        "10–14",
        "10–14",
        "300–304",
    ]


def _feasible(state: str, low: float, high: float) -> range:
    if state == ZERO:
        return range(0, 1)
    if state == SMALL:
        return range(1, 5)
    if state == BAND:
        return range(int(low), int(high) + 1)
    assert state == WITHHELD
    return range(1, 40)  # only a count of at least 1 is withheld


def _attacker_values(entities: int, codes: int, published) -> dict[tuple, set[int]]:
    """Every value each entity cell can take in a table consistent with every published
    figure: entity cells, entity totals, group cells, group total."""
    cells = [(e, c) for e in range(entities) for c in range(codes)]
    choices = [_feasible(*_bounds(published[(e, "c", c)])) for e, c in cells]
    values: dict[tuple, set[int]] = {cell: set() for cell in cells}
    for combo in itertools.product(*choices):
        x = dict(zip(cells, combo, strict=True))
        totals = {e: sum(x[(e, c)] for c in range(codes)) for e in range(entities)}
        group = {c: sum(x[(e, c)] for e in range(entities)) for c in range(codes)}
        checks = [(published[(e, "t", 0)], totals[e]) for e in range(entities)]
        checks += [(published[("all", "c", c)], group[c]) for c in range(codes)]
        checks.append((published[("all", "t", 0)], sum(totals.values())))
        if all(v in _feasible(*_bounds(s)) for s, v in checks):
            for cell, v in x.items():
                values[cell].add(v)
    return values


def _bounds(s) -> tuple[str, float, float]:
    return (s.state, s.low, s.high if s.high != math.inf else 40)


def _publish(table: list[list[int]]):
    counts, sums = _view(table)
    return counts, publish(counts, sums)


def _view(table: list[list[int]]) -> tuple[dict, list[Sum]]:
    """The counts of a table and the sums of its view: entity totals, group cells, total."""
    entities, codes = len(table), len(table[0])
    counts: dict[tuple[object, str, int], int] = {}
    sums: list[Sum] = []
    for e in range(entities):
        for c in range(codes):
            counts[(e, "c", c)] = table[e][c]
        counts[(e, "t", 0)] = sum(table[e])
        sums.append(Sum((e, "t", 0), [(e, "c", c) for c in range(codes)]))
    for c in range(codes):
        counts[("all", "c", c)] = sum(table[e][c] for e in range(entities))
        sums.append(Sum(("all", "c", c), [(e, "c", c) for e in range(entities)]))
    counts[("all", "t", 0)] = sum(counts[(e, "t", 0)] for e in range(entities))
    sums.append(Sum(("all", "t", 0), [(e, "t", 0) for e in range(entities)]))
    sums.append(Sum(("all", "t", 0), [("all", "c", c) for c in range(codes)]))
    return counts, sums


def _assert_no_masked_count_is_recovered(table: list[list[int]]) -> None:
    counts, published = _publish(table)
    values = _attacker_values(len(table), len(table[0]), published)
    for (e, c), seen in values.items():
        true = table[e][c]
        assert true in seen
        if 0 < true < 5:
            assert len(seen) >= 2, (table, (e, c), seen)


def test_the_issue_s_case_group_8_one_school_5_the_other_3_stays_hidden():
    counts, published = _publish([[5], [3]])
    assert published[("all", "c", 0)].text == "5–9"
    assert published[(0, "c", 0)].text == "5–9"
    assert published[(1, "c", 0)].text == "< 5"
    _assert_no_masked_count_is_recovered([[5], [3]])


@pytest.mark.parametrize(
    "table",
    [
        [[1], [1], [1], [1]],  # the group is 4: every school would be pinned to 1
        [[4], [4], [9], [9], [4]],  # the group at the bottom of its band, the rest at the top
        [[4, 5], [0, 9], [2, 2]],
        [[3, 0], [0, 3]],
        [[1, 6], [5, 1]],
    ],
)
def test_sums_that_would_pin_a_masked_count_withhold_a_neighbour(table):
    _assert_no_masked_count_is_recovered(table)


def test_random_small_tables_never_give_a_masked_count_away():
    rng = random.Random(18)
    for _ in range(60):
        entities, codes = rng.choice([(2, 2), (3, 2), (2, 3)])
        table = [
            [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 10]) for _c in range(codes)]
            for _e in range(entities)
        ]
        _assert_no_masked_count_is_recovered(table)


def test_the_grouped_search_picks_the_figure_trying_each_in_turn_would_pick():
    """``_first_freeing`` (the victim's part of the view, figures tested by groups) gives
    the answer of withholding each candidate in turn and reading the whole view."""
    from indicators.disclosure import (
        _NONE,
        WITHHELD_SHOWN,
        _component,
        _first_freeing,
        _pinned,
    )

    rng = random.Random(19)
    compared = 0
    for _ in range(400):
        entities, codes = rng.choice([(2, 2), (3, 2), (3, 3), (4, 3)])
        table = [
            [rng.choice([0, 1, 1, 2, 3, 4, 5, 6, 9]) for _c in range(codes)]
            for _e in range(entities)
        ]
        counts, sums = _view(table)
        # As ``publish`` reads them: a zero is known, so it leaves the sums.
        sums = [Sum(r.total, [p for p in r.parts if counts[p]]) for r in sums if counts[r.total]]
        live = [k for k, v in counts.items() if v]
        small = [k for k in live if counts[k] < 5]
        out = {k: shown(v) for k, v in counts.items()}
        for victim in _pinned(out, live, small, sums):
            candidates = [k for k in live if k != victim]
            rng.shuffle(candidates)
            expected = next(
                (
                    k
                    for k in candidates
                    if victim not in _pinned({**out, k: WITHHELD_SHOWN}, live, small, sums)
                ),
                _NONE,
            )
            keys, linked = _component(victim, sums)
            keys &= set(live)
            split = rng.randint(0, len(candidates))
            found = _first_freeing(
                out,
                victim,
                (keys, linked),
                near=[k for k in candidates[:split] if k in keys],
                far=[k for k in candidates[split:] if k in keys],
            )
            assert found == expected, (table, victim)
            compared += 1
    assert compared >= 20
