"""flows.py is the procedure: every route a step returns is declared there, and leads where it says."""

from __future__ import annotations

from workflows.flows import CaseFlow, Opened
from workflows.nodes import CaseTask
from workflows.routes import Route
from workflows.steps import STEPS


def _human_steps() -> dict[str, CaseTask]:
    return {n.name: n for n in CaseFlow.instance.nodes() if isinstance(n, CaseTask)}


def test_every_human_step_of_the_flow_has_its_step_module_and_no_other_is_registered():
    assert set(STEPS) == set(_human_steps())


def test_the_flow_declares_exactly_the_routes_each_step_may_return():
    for name, node in _human_steps().items():
        assert STEPS[name].outcomes == node.leads_to, name


def test_every_route_is_a_case_of_the_router_leading_to_the_step_of_its_name():
    branches = CaseFlow.instance.route._branches
    routed = {cond.route: node.name for node, cond in branches if isinstance(cond, Opened)}
    assert routed == {route: route.value for route in Route}
    default = [node.name for node, cond in branches if cond is None]
    assert default == ["feedback"]


def test_the_procedure_reads_outcome_by_outcome():
    steps = _human_steps()
    assert steps["triage"].leads_to == {Route.INFORMATION, Route.ARTICLE40, Route.ENQUIRY}
    assert steps["triage"].decides_afresh
    assert steps["enquiry"].leads_to == {Route.DECISION}
    assert steps["decision"].leads_to == {Route.DISCIPLINARY, Route.ARTICLE40}
    for name in ("acknowledge", "information", "article40", "disciplinary", "feedback", "closure"):
        assert steps[name].leads_to == frozenset(), name
