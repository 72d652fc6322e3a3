"""The answer period of a data-subject request: one month, extendable by two (RGPD art. 12.3)."""

from __future__ import annotations

import datetime as dt

import pytest

from rights.deadlines import answer_due, extended_due


def test_a_request_received_on_a_date_is_due_on_the_same_date_next_month():
    assert answer_due(dt.date(2026, 3, 14)) == dt.date(2026, 4, 14)
    assert answer_due(dt.date(2026, 12, 5)) == dt.date(2027, 1, 5)


def test_a_month_without_that_date_ends_on_its_last_day():
    assert answer_due(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert answer_due(dt.date(2028, 1, 31)) == dt.date(2028, 2, 29)


def test_the_extension_adds_one_or_two_months_to_the_receipt_and_no_more():
    assert extended_due(dt.date(2026, 1, 31), 2) == dt.date(2026, 4, 30)
    assert extended_due(dt.date(2026, 1, 31), 1) == dt.date(2026, 3, 31)
    with pytest.raises(ValueError):
        extended_due(dt.date(2026, 1, 31), 3)
