"""The failover verdict of ``make bench-cluster`` (``bench.cluster_run._failover_check``):
what counts as a request lost with the killed node, and what counts against the cluster."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.utils import timezone

from bench.cluster_run import _failover_check
from tests.builders import case_for

KILLED_AT = time.time()


def _at(seconds_from_kill: float) -> str:
    moment = dt.datetime.fromtimestamp(KILLED_AT + seconds_from_kill).astimezone()
    return moment.strftime("%d/%b/%Y:%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


class _Proxy:
    def __init__(self, lines: list[dict[str, str]]) -> None:
        self.lines = lines

    def proxy_lines(self) -> list[dict[str, str]]:
        return self.lines


def _line(
    request_id: str, server: str, seconds: float, status: str = "502", term: str = "SH--"
) -> dict[str, str]:
    return {
        "id": request_id,
        "server": f"recueil_nodes/{server}",
        "at": _at(seconds),
        "status": status,
        "term": term,
    }


def _failure(
    request_id: str | None, name: str = "case page", kind: str = "error"
) -> dict[str, Any]:
    return {"name": name, "start": KILLED_AT, "status": 502, "request_id": request_id, "kind": kind}


@pytest.fixture
def since():
    return timezone.now() - dt.timedelta(seconds=1)


def test_a_post_in_flight_on_the_killed_node_is_excused_and_may_have_been_stored(
    referent_a, school_a, since
):
    stored = case_for(referent_a, school_a)
    proxy = _Proxy([_line("A", "node2", -0.2)])
    verdict = _failover_check(
        proxy,  # type: ignore[arg-type]
        KILLED_AT,
        [_failure("A", name="intake submit")],
        [],
        since,
    )
    assert verdict["errors_in_flight_on_killed_node"] == 1
    assert verdict["errors_outside_killed_node_in_flight"] == 0
    assert verdict["stored_without_acceptance"] == 1  # committed before the node died
    assert verdict["passed"], stored.reference


def test_an_error_on_the_surviving_node_or_after_the_kill_fails_the_run(since, db):
    proxy = _Proxy([_line("B", "node1", -5), _line("C", "node2", 0.5)])
    verdict = _failover_check(
        proxy,  # type: ignore[arg-type]
        KILLED_AT,
        [_failure("B"), _failure("C"), _failure(None)],
        [],
        since,
    )
    assert verdict["errors_in_flight_on_killed_node"] == 0
    assert verdict["errors_outside_killed_node_in_flight"] == 3
    assert not verdict["passed"]


def test_a_page_answered_with_the_login_form_is_a_lost_session(since, db):
    verdict = _failover_check(
        _Proxy([]),  # type: ignore[arg-type]
        KILLED_AT,
        [_failure("D", kind="session lost")],
        [],
        since,
    )
    assert verdict["sessions_lost"] == 1
    assert not verdict["passed"]


def test_an_accepted_contact_missing_from_the_database_or_an_unexplained_case_fails(
    referent_a, school_a, since
):
    case_for(referent_a, school_a)  # stored, though no submission failed in flight
    writes = [{"start": KILLED_AT, "status": 200, "reference": "NOWHERE-2026-00001"}]
    verdict = _failover_check(_Proxy([]), KILLED_AT, [], writes, since)  # type: ignore[arg-type]
    assert verdict["accepted_but_missing"] == 1
    assert verdict["stored_without_acceptance"] == 1
    assert not verdict["passed"]


def test_every_accepted_contact_stored_once_passes(referent_a, school_a, since):
    cases = [case_for(referent_a, school_a) for _ in range(3)]
    writes = [{"start": KILLED_AT, "status": 200, "reference": c.reference} for c in cases]
    verdict = _failover_check(_Proxy([]), KILLED_AT, [], writes, since)  # type: ignore[arg-type]
    assert verdict["contacts_accepted"] == verdict["cases_in_database"] == 3
    assert verdict["passed"]


def test_a_submission_the_end_of_the_run_left_unanswered_may_have_been_stored(
    referent_a, school_a, since
):
    case_for(referent_a, school_a)
    writes = [{"id": "s1", "start": KILLED_AT, "sent": True}]
    verdict = _failover_check(_Proxy([]), KILLED_AT, [], writes, since)  # type: ignore[arg-type]
    assert verdict["contact_submissions_unanswered"] == 1
    assert verdict["stored_without_acceptance"] == 1
    assert verdict["passed"]


def test_a_connection_cut_by_the_killed_node_mid_answer_is_matched_to_its_request(since, db):
    proxy = _Proxy([_line("E", "node2", -0.5, status="200", term="SD--")])
    cut = {"name": "case page", "start": KILLED_AT - 0.4, "status": 0, "request_id": None}
    verdict = _failover_check(
        proxy,  # type: ignore[arg-type]
        KILLED_AT,
        [{**cut, "kind": "error"}, {**cut, "kind": "error"}],
        [],
        since,
    )
    # One cut request in HAProxy's log excuses one failure, not two.
    assert verdict["errors_in_flight_on_killed_node"] == 1
    assert verdict["errors_outside_killed_node_in_flight"] == 1
