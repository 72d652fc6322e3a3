"""The steps of the case procedure, one module each, and the registry of the flow's human steps.

Each step module holds its form, its service (which returns the step's outcome to
``workflows.engine``) and ``OUTCOMES``, the routes it may open — which
``workflows.flows`` declares on the node (``leads_to``; a test holds them equal).
Beside the flow's nodes: ``intake`` (first contact and hand-over), ``reopen`` and
``measures`` (protective measures).
"""

from __future__ import annotations

from workflows.steps import (
    acknowledge,
    article40,
    closure,
    decision,
    disciplinary,
    enquiry,
    feedback,
    information,
    sanction,
    triage,
)
from workflows.steps.common import Step

STEPS: dict[str, Step] = {
    "acknowledge": acknowledge.STEP,
    "triage": triage.STEP,
    "information": information.STEP,
    "article40": article40.STEP,
    "enquiry": enquiry.STEP,
    "decision": decision.STEP,
    "disciplinary": disciplinary.STEP,
    "sanction": sanction.STEP,
    "feedback": feedback.STEP,
    "closure": closure.STEP,
}
"""The flow node's name → its step."""


def step_of(node_name: str) -> Step:
    return STEPS[node_name]


__all__ = ["STEPS", "Step", "step_of"]
