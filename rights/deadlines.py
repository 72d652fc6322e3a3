"""The answer period of a data-subject request (RGPD art. 12.3).

"The controller shall provide information on action taken … without undue delay and in
any event within one month of receipt of the request. That period may be extended by
two further months where necessary, taking into account the complexity and number of
the requests", the person being told of the extension and its reasons within the first
month. Periods in months follow Regulation (EEC, Euratom) No 1182/71, art. 3.2(c): the
period ends on the same date of the last month, or on that month's last day when it
has no such date.
"""

from __future__ import annotations

import calendar
import datetime as dt

ANSWER_MONTHS = 1
EXTENSION_MONTHS_MAX = 2


def months_after(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_due(received_on: dt.date) -> dt.date:
    return months_after(received_on, ANSWER_MONTHS)


def extended_due(received_on: dt.date, months: int) -> dt.date:
    if not 1 <= months <= EXTENSION_MONTHS_MAX:
        raise ValueError("the extension is one or two months (RGPD art. 12.3)")
    return months_after(received_on, ANSWER_MONTHS + months)
