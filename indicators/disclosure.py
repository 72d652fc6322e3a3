"""What may be shown of a count: the disclosure policy of docs/INDICATORS.md.

Every count, in every view (entity or group, any period, page, chart, CSV, XLSX, PDF),
is published the same way:

- 0 is shown as 0;
- 1 to 4 (``min_count() - 1``) is masked: "< 5";
- from 5 up, the count is shown as its band of five, "5–9", "10–14"...

Bands make any *pair* of views safe, whatever the periods and scopes: the difference of
two figures is known within at least eight units, which always leaves at least two
values for a masked count (the proof is in docs/INDICATORS.md). Within one view, sums
(a group over its entities, a breakdown over its total, a deadline over its states, a
year over its months) are read by ``publish`` as an attacker would — bounds propagated
to a fixed point — and while a masked count would be pinned to one value, one more
figure is withheld ("masquée"), the smallest band in the sums that pinned it.

Across periods, sums of three or more views (months that add up to a period) are caught
by publishing a period *knowing its months*: ``publish(..., fixed=...)`` takes the figures
of its one-month views as already published, never withholds them, and withholds figures
of the period until no masked count is pinned (``selectors.compute_lattice``).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

ZERO, SMALL, BAND, WITHHELD = "zero", "small", "band", "withheld"
VALUE = "value"  # not a count (a median in days): shown as is


def min_count() -> int:
    return int(settings.RECUEIL_INDICATOR_MIN_COUNT)


@dataclass(frozen=True)
class Shown:
    """A published count: its state and the bounds anyone can read from it."""

    state: str
    low: float
    high: float

    @property
    def text(self) -> str:
        if self.state == ZERO:
            return "0"
        if self.state == SMALL:
            return f"< {min_count()}"
        if self.state == WITHHELD:
            return _("masqué")
        if self.state == VALUE:
            return str(int(self.low))
        return f"{int(self.low)}–{int(self.high)}"

    @property
    def masked(self) -> bool:
        return self.state in (SMALL, WITHHELD)

    @property
    def middle(self) -> float:
        """For a chart bar: the band's middle; 0 for a masked count (drawn as masked)."""
        return 0 if self.masked else (self.low + self.high) / 2


def shown(count: int) -> Shown:
    """The primary rule alone: zero, masked small count, or band of five."""
    width = min_count()
    if count <= 0:
        return Shown(ZERO, 0, 0)
    if count < width:
        return Shown(SMALL, 1, width - 1)
    low = (count // width) * width
    return Shown(BAND, low, low + width - 1)


# Only a count of at least 1 is ever withheld: anyone can know that much.
WITHHELD_SHOWN = Shown(WITHHELD, 1, math.inf)


@dataclass(frozen=True)
class Sum:
    """A published relation: ``total`` is the sum of ``parts`` (figure keys)."""

    total: Hashable
    parts: Sequence[Hashable]


def squeeze(
    bounds: dict[Hashable, tuple[float, float]], sums: Sequence[Sum]
) -> dict[Hashable, tuple[float, float]]:
    """The bounds an attacker reaches from the published ones and the sums they know.

    A work list: a sum is read again only when one of its figures moved, so that the
    thousands of sums of a period read with its months settle quickly."""
    b = dict(bounds)
    rels = [r for r in sums if r.total in b and all(p in b for p in r.parts)]
    touching: dict[Hashable, list[int]] = defaultdict(list)
    for i, rel in enumerate(rels):
        for k in (rel.total, *rel.parts):
            touching[k].append(i)
    queue = deque(range(len(rels)))
    queued = set(queue)
    budget = 50 * len(rels) + 100
    while queue and budget:
        budget -= 1
        i = queue.popleft()
        queued.discard(i)
        rel = rels[i]
        moved: list[Hashable] = []
        lows = [b[p][0] for p in rel.parts]
        highs = [b[p][1] for p in rel.parts]
        s_lo, s_hi = sum(lows), sum(highs)
        t_lo, t_hi = b[rel.total]
        new_t = (max(t_lo, s_lo), min(t_hi, s_hi))
        if new_t != (t_lo, t_hi):
            b[rel.total] = new_t
            moved.append(rel.total)
            t_lo, t_hi = new_t
        for p, lo, hi in zip(rel.parts, lows, highs, strict=True):
            new = (max(lo, t_lo - (s_hi - hi)), min(hi, t_hi - (s_lo - lo)))
            if new != (lo, hi):
                b[p] = new
                moved.append(p)
        for k in moved:
            for j in touching[k]:
                if j != i and j not in queued:
                    queue.append(j)
                    queued.add(j)
    return b


def _pinned(
    out: dict[Any, Shown], live: Sequence[Any], small: Sequence[Any], sums: Sequence[Sum]
) -> list[Any]:
    """The masked counts (``small``: 1 to 4, masked or withheld) that the sums pin."""
    reach = squeeze({k: (out[k].low, out[k].high) for k in live}, sums)
    return [k for k in small if reach[k][0] == reach[k][1]]


def _component(victim: Any, sums: Sequence[Sum]) -> tuple[set[Any], list[Sum]]:
    """The figures and sums linked to ``victim`` through shared figures.

    Bounds only travel along sums, so whether ``victim`` is pinned depends on this
    part of the view alone, and withholding a figure outside it cannot free it."""
    by_key: dict[Any, list[int]] = defaultdict(list)
    for i, rel in enumerate(sums):
        for k in (rel.total, *rel.parts):
            by_key[k].append(i)
    keys, seen, todo = {victim}, set(), [victim]
    while todo:
        for i in by_key[todo.pop()]:
            if i in seen:
                continue
            seen.add(i)
            for k in (sums[i].total, *sums[i].parts):
                if k not in keys:
                    keys.add(k)
                    todo.append(k)
    return keys, [sums[i] for i in sorted(seen)]


_NONE = object()


def _first_freeing(
    out: dict[Any, Shown],
    victim: Any,
    part: tuple[set[Any], Sequence[Sum]],
    *,
    near: list[Any],
    far: list[Any],
) -> Any:
    """The first of ``near`` then ``far`` that, withheld alone, leaves ``victim``
    unpinned, or _NONE: the answer of trying each in turn, in fewer readings.

    ``near`` (the figures of the victim's own sums, a handful) are tried one by one.
    ``far`` (everything else, thousands) are tested by groups: withholding only widens
    bounds, so if a group withheld together leaves the victim pinned, no figure of it
    frees the victim alone, and one reading clears the group; a group that frees it is
    split in two, the first half searched first."""
    keys, sums = part

    def frees(group: list[Any]) -> bool:
        trial = {**out, **dict.fromkeys(group, WITHHELD_SHOWN)}
        return not _still_pinned(trial, victim, keys, sums)

    def search(group: list[Any]) -> Any:
        if not group or not frees(group):
            return _NONE
        if len(group) == 1:
            return group[0]
        half = len(group) // 2
        first = search(group[:half])
        return first if first is not _NONE else search(group[half:])

    for k in near:
        if frees([k]):
            return k
    return search(far)


def _still_pinned(out: dict[Any, Shown], victim: Any, keys: set[Any], sums: Sequence[Sum]) -> bool:
    reach = squeeze({k: (out[k].low, out[k].high) for k in keys}, sums)
    return reach[victim][0] == reach[victim][1]


def publish(
    counts: Mapping[Any, int],
    sums: Sequence[Sum],
    fixed: Mapping[Any, Shown] | None = None,
) -> dict[Any, Shown]:
    """Publish every figure of one view by the rule above, then withhold, one by one,
    what would let its sums pin a masked count: the smallest band beside it that frees
    it (classic complementary suppression), else the sum that pins it.

    ``fixed`` are figures already published elsewhere (a period's months, as their own
    one-month views publish them): the attacker knows them, so they take part in the
    sums and are protected like the others, but they are never withheld here."""
    fixed = fixed or {}
    out = {k: fixed[k] if k in fixed else shown(v) for k, v in counts.items()}
    # A zero reads "0" in every view and is never withheld: the sums are read without it.
    sums = [
        Sum(rel.total, [p for p in rel.parts if counts.get(p, 1)])
        for rel in sums
        if counts.get(rel.total, 1)
    ]
    live = [k for k, v in counts.items() if v]
    small = [k for k in live if counts[k] < min_count()]
    for _round in range(len(out) + 1):
        pinned = _pinned(out, live, small, sums)
        if not pinned:
            return out
        victim = pinned[0]
        related = [rel for rel in sums if victim in rel.parts or victim == rel.total]
        members = {k for rel in related for k in (rel.total, *rel.parts)} - {victim}
        bands = sorted(
            (k for k in members if out[k].state == BAND and k not in fixed),
            key=lambda k: (counts[k], str(k)),
        )
        masked = sorted(
            (k for k in members if out[k].state == SMALL and k not in fixed),
            key=lambda k: (-counts[k], str(k)),
        )
        # A pin can come down a chain of sums: failing a neighbour, any figure that frees it.
        rest = sorted(
            (
                k
                for k, v in out.items()
                if k not in members and k != victim and k not in fixed and v.state in (BAND, SMALL)
            ),
            key=lambda k: (out[k].state != BAND, counts[k], str(k)),
        )
        own = [victim] if victim not in fixed else []
        tried = bands + masked + own + rest
        if not tried:  # pragma: no cover - a fixed figure is pinned by fixed ones only
            return out
        # The first figure of ``tried`` whose withholding frees the victim, as if each
        # were tried in turn, but reading only the victim's part of the view (see
        # ``_component``) and testing figures by groups (``_first_freeing``): sparse
        # counts made this loop the whole cost (80 cases: 498 s to refresh).
        keys, linked = _component(victim, sums)
        keys &= set(live)
        found = _first_freeing(
            out,
            victim,
            (keys, linked),
            near=[k for k in bands + masked + own if k in keys],
            far=[k for k in rest if k in keys],
        )
        choice = tried[0] if found is _NONE else found
        out[choice] = WITHHELD_SHOWN
    return out
