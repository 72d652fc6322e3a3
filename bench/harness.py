"""Benchmarks as ratios against a baseline measured in the same run.

Absolute times drift on shared machines; the ratio between Recueil's way of doing
a thing and the bare way of doing the same work, measured side by side, does not.
Each comparison interleaves the two (A, B, A, B...) so that load changes hit both.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

# Scales every benchmark's repetitions; the test of the benchmarks themselves lowers it.
REPEAT_FACTOR = 1.0


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    queries: int

    @classmethod
    def of(cls, samples: list[float], queries: int) -> Timing:
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        return cls(statistics.median(ordered) * 1000, p95 * 1000, queries)


@dataclass
class Comparison:
    name: str
    claim: str
    recueil: Timing
    baseline: Timing
    baseline_label: str
    target_ratio: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.recueil.median_ms / self.baseline.median_ms if self.baseline.median_ms else 0.0

    @property
    def meets_target(self) -> bool | None:
        return None if self.target_ratio is None else self.ratio <= self.target_ratio

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = round(self.ratio, 3)
        data["meets_target"] = self.meets_target
        return data


def _queries_of(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def compare(
    name: str,
    *,
    claim: str,
    recueil: Callable[[], object],
    baseline: Callable[[], object],
    baseline_label: str,
    repeat: int = 30,
    warmup: int = 3,
    target_ratio: float | None = None,
    extra: dict[str, Any] | None = None,
) -> Comparison:
    repeat = max(2, round(repeat * REPEAT_FACTOR))
    warmup = min(warmup, repeat)
    for _ in range(warmup):
        recueil()
        baseline()
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        recueil()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        baseline()
        theirs.append(time.perf_counter() - start)
    reset_queries()
    return Comparison(
        name=name,
        claim=claim,
        recueil=Timing.of(ours, _queries_of(recueil)),
        baseline=Timing.of(theirs, _queries_of(baseline)),
        baseline_label=baseline_label,
        target_ratio=target_ratio,
        extra=extra or {},
    )
