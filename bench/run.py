"""Run the benchmarks: ``python -m bench.run --scale 100000 [--db postgres]``.

Creates (once) a benchmark database of the requested scale with
``generate_load``, runs every benchmark, writes
``bench/results/<date>-<db>-<scale>.json`` and prints a summary table.
The database is SQLite at ``var/bench-<scale>.sqlite3`` by default, or the
PostgreSQL database ``recueil_bench_<scale>`` on 127.0.0.1 with ``--db postgres``
(or any ``DATABASE_URL``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _database_url(db: str, scale: int) -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if db == "postgres":
        return f"postgres://postgres@127.0.0.1:5432/recueil_bench_{scale}"
    return f"sqlite:///{ROOT / 'var' / f'bench-{scale}.sqlite3'}"


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--entities", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None, help="benchmark names to run")
    parser.add_argument("--skip", nargs="*", default=[], help="benchmark names not to run")
    parser.add_argument(
        "--retention-cases",
        type=int,
        default=None,
        help="due cases apply_retention anonymises (default 2 000; issue 17 asks 100 000)",
    )
    args = parser.parse_args(argv)

    url = _database_url(args.db, args.scale)
    if url.startswith("postgres"):
        _ensure_postgres_database(url)
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    # Imported after django.setup(): models need the settings this script chose.
    from django.core.management import call_command

    from bench import retention, suites
    from cases.core.crypto.keystore import store_alias, store_is_separate
    from cases.models import Case

    call_command("migrate", verbosity=0)
    if store_is_separate():  # RECUEIL_KEY_STORE_URL: the key store as in production
        call_command("migrate", database=store_alias(), verbosity=0)
    missing = args.scale - Case.objects.count()
    if missing > 0:
        print(f"Generating {missing} cases…", file=sys.stderr)
        call_command("generate_load", cases=missing, entities=args.entities, seed=args.scale)

    results: list[dict[str, Any]] = []
    for name, bench in suites.ALL.items():
        if (args.only and name not in args.only) or name in args.skip:
            continue
        print(f"· {name}", file=sys.stderr)
        try:
            if name == "apply_retention" and args.retention_cases:
                outcome = retention.apply_retention_speed(count=args.retention_cases)
            else:
                outcome = bench()
        except Exception as error:  # noqa: BLE001 — one broken benchmark must not lose the run
            print(f"  {name} failed: {error!r}", file=sys.stderr)
            outcome = {"name": name, "skipped": f"failed: {error!r}"}
        results.append(outcome if isinstance(outcome, dict) else outcome.as_dict())

    vendor = "postgresql" if url.startswith("postgres") else "sqlite"
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "scale": args.scale,
        "cases": Case.objects.count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "results": results,
    }
    # A partial run (``--only``) is written beside the full one, never over it.
    part = "-" + "-".join(args.only) if args.only else ""
    part += "-without-" + "-".join(args.skip) if args.skip else ""
    out = (
        ROOT
        / "bench"
        / "results"
        / f"{datetime.now(UTC):%Y-%m-%d}-{vendor}-{args.scale}{part}.json"
    )
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(summary(report))
    print(f"\nWritten to {out.relative_to(ROOT)}")
    return 0


def summary(report: dict[str, Any]) -> str:
    head = f"Recueil benchmarks — {report['database']}, {report['cases']} cases, {report['date']}"
    columns = ("benchmark", "recueil ms", "baseline ms", "ratio", "queries", "target")
    lines = [head, "", "{:<34} {:>11} {:>12} {:>7} {:>9} {}".format(*columns)]
    for r in report["results"]:
        if "recueil" in r:
            target = ""
            if r["target_ratio"] is not None:
                verdict = "ok" if r["meets_target"] else "MISSED"
                target = f"<={r['target_ratio']} {verdict}"
            if r["extra"].get("query_count_constant") is False:
                target += " queries grow with data: MISSED"
            if "throughput_fraction_of_ceiling" in r["extra"]:
                target += f" ({r['extra']['throughput_fraction_of_ceiling']:.2f} of ceiling)"
            queries = f"{r['recueil']['queries']}/{r['baseline']['queries']}"
            lines.append(
                f"{r['name']:<34} {r['recueil']['median_ms']:>11.3f} "
                f"{r['baseline']['median_ms']:>12.3f} {r['ratio']:>7.2f} {queries:>9} {target}"
            )
        elif "skipped" in r:
            lines.append(f"{r['name']:<34} skipped: {r['skipped']}")
        else:
            unit = "cases" if "recueil_cases_per_second" in r else "keys"
            lines.append(
                f"{r['name']:<34} {r[f'recueil_{unit}_per_second']} {unit}/s vs "
                f"{r[f'baseline_{unit}_per_second']} {unit}/s bare (ratio {r['ratio']})"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
