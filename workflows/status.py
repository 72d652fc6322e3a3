"""The statuses of a human task, once for the whole code base.

viewflow's ``STATUS`` values, as plain strings; an open task waits in an inbox:
unassigned (``NEW``, claimable) or in someone's hands (``ASSIGNED``, ``STARTED``).
"""

from __future__ import annotations

from viewflow.workflow.status import STATUS

UNASSIGNED: str = STATUS.NEW.value
ASSIGNED: str = STATUS.ASSIGNED.value
STARTED: str = STATUS.STARTED.value
DONE: str = STATUS.DONE.value
CANCELED: str = STATUS.CANCELED.value

IN_HAND: tuple[str, ...] = (ASSIGNED, STARTED)
OPEN_STATUSES: tuple[str, ...] = (UNASSIGNED, *IN_HAND)
FINISHED: tuple[str, ...] = (DONE, CANCELED)

__all__ = [
    "ASSIGNED",
    "CANCELED",
    "DONE",
    "FINISHED",
    "IN_HAND",
    "OPEN_STATUSES",
    "STARTED",
    "STATUS",
    "UNASSIGNED",
]
