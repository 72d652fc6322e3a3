"""The statuses of a human task, once for the whole code base.

viewflow's ``STATUS`` values; an open task waits in an inbox: unassigned (``NEW``,
claimable) or in someone's hands (``ASSIGNED``, ``STARTED``).
"""

from __future__ import annotations

from viewflow.workflow.status import STATUS

UNASSIGNED = STATUS.NEW
IN_HAND: tuple[str, ...] = (STATUS.ASSIGNED.value, STATUS.STARTED.value)
OPEN_STATUSES: tuple[str, ...] = (STATUS.NEW.value, *IN_HAND)
DONE = STATUS.DONE
FINISHED: tuple[str, ...] = (STATUS.DONE.value, STATUS.CANCELED.value)

__all__ = ["DONE", "FINISHED", "IN_HAND", "OPEN_STATUSES", "STATUS", "UNASSIGNED"]
