"""Whole numbers read from the query string, with care (bad input is never a 500).

A page number or a year comes from a URL anyone can edit: ``?page=99999999999999999999``
overflowed the database's integer, ``?year=0`` the date arithmetic. Every view reads
such numbers through these two functions instead of calling ``int()`` itself.
"""

from __future__ import annotations

import re

from django.http import HttpRequest

# ASCII digits only (``int()`` also accepts "²"-like Unicode digits and "+1_000"), and
# few enough of them that no value can overflow anything downstream.
_DIGITS = re.compile(r"[0-9]{1,9}")
# Far beyond any real listing (50 rows a page: 50 million rows), far below any overflow.
LAST_PAGE = 1_000_000


def query_int(request: HttpRequest, name: str, *, low: int, high: int) -> int | None:
    """The number ``name`` of the query string if it is a whole number in [low, high], else None.

    An absent or blank parameter is None too: the caller applies its default and,
    when the parameter was given (``name in request.GET``), says why it did.
    """
    text = request.GET.get(name, "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def query_page(request: HttpRequest, name: str = "page", *, last: int = LAST_PAGE) -> int:
    """A page number: 1 when absent or not a number, ``last`` when beyond it."""
    text = request.GET.get(name, "").strip()
    if not text.isascii() or not text.isdigit():
        return 1
    if len(text) > len(str(last)) or int(text) > last:
        return last
    return max(1, int(text))
