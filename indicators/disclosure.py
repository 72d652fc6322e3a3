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
"""

from __future__ import annotations

import math
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
    """The bounds an attacker reaches from the published ones and the sums they know."""
    b = dict(bounds)
    for _round in range(50):
        changed = False
        for rel in sums:
            if rel.total not in b or any(p not in b for p in rel.parts):
                continue
            lows = [b[p][0] for p in rel.parts]
            highs = [b[p][1] for p in rel.parts]
            t_lo, t_hi = b[rel.total]
            new_t = (max(t_lo, sum(lows)), min(t_hi, sum(highs)))
            if new_t != (t_lo, t_hi):
                b[rel.total], changed = new_t, True
            t_lo, t_hi = b[rel.total]
            for i, p in enumerate(rel.parts):
                others_lo = sum(lows[:i]) + sum(lows[i + 1 :])
                others_hi = sum(highs[:i]) + sum(highs[i + 1 :])
                lo, hi = b[p]
                new = (max(lo, t_lo - others_hi), min(hi, t_hi - others_lo))
                if new != (lo, hi):
                    b[p], changed = new, True
        if not changed:
            break
    return b


def _pinned(out: dict[Any, Shown], counts: Mapping[Any, int], sums: Sequence[Sum]) -> list[Any]:
    reach = squeeze({k: (s.low, s.high) for k, s in out.items()}, sums)
    small = range(1, min_count())
    return [
        k for k, s in out.items() if s.masked and counts[k] in small and reach[k][0] == reach[k][1]
    ]


def publish(counts: Mapping[Any, int], sums: Sequence[Sum]) -> dict[Any, Shown]:
    """Publish every figure of one view by the rule above, then withhold, one by one,
    what would let its sums pin a masked count: the smallest band beside it that frees
    it (classic complementary suppression), else the sum that pins it."""
    out = {k: shown(v) for k, v in counts.items()}
    for _round in range(len(out) + 1):
        pinned = _pinned(out, counts, sums)
        if not pinned:
            return out
        victim = pinned[0]
        related = [rel for rel in sums if victim in rel.parts or victim == rel.total]
        members = {k for rel in related for k in (rel.total, *rel.parts)} - {victim}
        bands = sorted(
            (k for k in members if out[k].state == BAND), key=lambda k: (counts[k], str(k))
        )
        masked = sorted(
            (k for k in members if out[k].state == SMALL), key=lambda k: (-counts[k], str(k))
        )
        # A pin can come down a chain of sums: failing a neighbour, any figure that frees it.
        rest = sorted(
            (
                k
                for k, v in out.items()
                if k not in members and k != victim and v.state in (BAND, SMALL)
            ),
            key=lambda k: (out[k].state != BAND, counts[k], str(k)),
        )
        candidates = bands + masked
        choice = candidates[0] if candidates else victim
        for k in candidates + rest:
            trial = {**out, k: WITHHELD_SHOWN}
            if victim not in _pinned(trial, counts, sums):
                choice = k
                break
        out[choice] = WITHHELD_SHOWN
    return out
