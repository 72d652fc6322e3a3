"""Markdown tables of benchmark results, for docs/PERFORMANCE.md.

python -m bench.report bench/results/2026-11-23-postgresql-100000.json [...-load.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _target(r: dict[str, Any]) -> str:
    parts = []
    if r.get("target_ratio") is not None:
        parts.append(f"≤ {r['target_ratio']}: {'met' if r['meets_target'] else '**missed**'}")
    extra = r.get("extra", {})
    if extra.get("query_count_constant") is False:
        parts.append("**queries grow with data**")
    return "; ".join(parts) or "—"


def comparisons(report: dict[str, Any]) -> str:
    lines = [
        f"{report['database']}, {report['cases']} cases, {report['date']}",
        "",
        "| benchmark | Recueil median (p95) ms | baseline median (p95) ms | ratio | queries | "
        "throughput vs ceiling | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        if "recueil" not in r:
            unit = "cases" if "recueil_cases_per_second" in r else "keys"
            lines.append(
                f"| {r['name']} | {r[f'recueil_{unit}_per_second']} {unit}/s | "
                f"{r[f'baseline_{unit}_per_second']} {unit}/s | {r['ratio']} | — | — | — |"
            )
            continue
        extra = r.get("extra", {})
        fraction = extra.get("throughput_fraction_of_ceiling")
        queries = f"{r['recueil']['queries']} / {r['baseline']['queries']}"
        if "queries_small" in extra:
            queries += f" (small {extra['queries_small']}, large {extra['queries_large']})"
        lines.append(
            f"| {r['name']} | {r['recueil']['median_ms']:.2f} ({r['recueil']['p95_ms']:.2f}) | "
            f"{r['baseline']['median_ms']:.2f} ({r['baseline']['p95_ms']:.2f}) | "
            f"{r['ratio']:.2f} | {queries} | {fraction if fraction is not None else '—'} | "
            f"{_target(r)} |"
        )
    return "\n".join(lines)


def load(report: dict[str, Any]) -> str:
    lines = [
        f"{report['database']}, {report['scale']} cases, {report['server']}, "
        f"{report['simulated_people']} simulated people for {report['seconds']} s, {report['date']}",
        "",
        "| request | count | failures | median ms | p95 ms | requests/s |",
        "|---|---|---|---|---|---|",
    ]
    for r in report["requests"]:
        lines.append(
            f"| {r['name']} | {r['requests']} | {r['failures']} | {r['median_ms']:.0f} | "
            f"{r['p95_ms']} | {r['requests_per_second']} |"
        )
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    for path in paths:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
        print(load(report) if "requests" in report else comparisons(report))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
