"""Where a step of the procedure may lead: the routes the flow's router opens.

A step's service returns an ``Outcome`` (the routes its decision opens); only
``workflows.engine`` records it, in the process's ``data["pending"]`` list (the
storage format since the first release: a JSON list of route names), and only if
the flow declares that route for the node (``CaseTask(leads_to=…)``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Route(enum.StrEnum):
    """A step the router (``CaseFlow.route``) can send the case to; its value is the node's name."""

    INFORMATION = "information"
    ARTICLE40 = "article40"
    ENQUIRY = "enquiry"
    DECISION = "decision"
    DISCIPLINARY = "disciplinary"


@dataclass(frozen=True)
class Outcome:
    """What a completed step leads to: the routes it opens (none: the flow's default path)."""

    opens: tuple[Route, ...] = ()

    @classmethod
    def of(cls, routes: Iterable[Route]) -> Outcome:
        return cls(tuple(dict.fromkeys(routes)))


class UndeclaredOutcome(RuntimeError):
    """A programming error: a step returned a route its flow node does not declare."""


def routes_of(data: dict[str, object] | None) -> list[Route]:
    """The pending routes stored in a process's ``data``, in the order they were opened."""
    stored = (data or {}).get("pending", [])
    return [Route(name) for name in stored] if isinstance(stored, list) else []
