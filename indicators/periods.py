"""Periods of the indicators: whole months, stopped at the end of the last complete month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

YEAR, ACADEMIC, CUSTOM = "year", "academic", "custom"
# A custom period spans three years at most (36 bars in a chart, one query either way).
CUSTOM_MAX_MONTHS = 36


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def cutoff(today: dt.date | None = None) -> dt.date:
    """Figures stop at the end of the last complete month: the first of this month,
    excluded. Watching the page day after day then shows nothing a month view does not."""
    return (today or timezone.localdate()).replace(day=1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date  # first day of the first month
    end: dt.date  # first day of the month after the last one

    @property
    def months(self) -> list[dt.date]:
        out, month = [], self.start
        while month < self.end:
            out.append(month)
            month = add_months(month, 1)
        return out

    def published_end(self, today: dt.date | None = None) -> dt.date:
        return min(self.end, max(self.start, cutoff(today)))

    def previous(self) -> Period:
        """The same months a year earlier (year on year)."""
        return Period(self.kind, add_months(self.start, -12), add_months(self.end, -12))

    @property
    def label(self) -> str:
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == ACADEMIC:
            return _("année universitaire %(a)s-%(b)s") % {
                "a": self.start.year,
                "b": self.start.year + 1,
            }
        last = add_months(self.end, -1)
        return _("de %(a)s à %(b)s") % {
            "a": formats.date_format(self.start, "F Y"),
            "b": formats.date_format(last, "F Y"),
        }

    @property
    def slug(self) -> str:
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == ACADEMIC:
            return f"{self.start.year}-{self.start.year + 1}"
        return f"{self.start:%Y-%m}_{add_months(self.end, -1):%Y-%m}"


def year(y: int) -> Period:
    return Period(YEAR, dt.date(y, 1, 1), dt.date(y + 1, 1, 1))


def academic(y: int) -> Period:
    """September of ``y`` to August of ``y + 1``."""
    return Period(ACADEMIC, dt.date(y, 9, 1), dt.date(y + 1, 9, 1))


def custom(first: dt.date, last: dt.date) -> Period | None:
    """From the month of ``first`` to the month of ``last``, both included; None when the
    range is empty or too long."""
    start, end = first.replace(day=1), add_months(last.replace(day=1), 1)
    months = (end.year - start.year) * 12 + end.month - start.month
    if months < 1 or months > CUSTOM_MAX_MONTHS:
        return None
    return Period(CUSTOM, start, end)
