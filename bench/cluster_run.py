"""``make bench-cluster``: two nodes behind HAProxy on loopback, one killed mid-run.

    python -m bench.cluster_run --scale 2000 --users 16 --seconds 60

A fresh PostgreSQL database ``recueil_cluster_<scale>`` is seeded (``generate_load``),
Redis, two application nodes and HAProxy start from the files of ``deploy/``
(``bench/cluster.py``), and locust runs the role mix of ``bench/load/locustfile.py``
through the proxy, three times:

1. one node (both of HAProxy's server lines point at node 1);
2. two nodes;
3. two nodes, node 2 killed (SIGKILL, master and workers) half-way.

Then it checks the failover: every failed request must have been in flight on node 2
when it was killed (HAProxy's log, joined on ``X-Request-Id``), no page may answer with
the login form (a lost session), and every contact locust saw accepted is in the
database once, with at most one more case per contact submission that failed in flight
(the node may have committed it before dying) or that the end of a run left unanswered.
Writes
``bench/results/<date>-cluster-<pool>.json`` and exits non-zero if a check failed.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.cluster import Cluster, missing_tools, node_env, proxy_time

ROOT = Path(__file__).resolve().parent.parent
ROLES = {"referent": 5, "listener": 2, "director": 1}


def _fresh_database(name: str, reuse: bool) -> str:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not reuse:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _keys() -> dict[str, str]:
    """Keys of this run only: the seeding process and the nodes share them."""
    path = ROOT / "var" / "cluster-keys.json"
    if path.exists():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    keys = {
        "MASTER_KEYS": "bench1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "ACTIVE_MASTER_KEY": "bench1",
        "BLIND_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    path.parent.mkdir(exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(keys, handle)
    return keys


def _seed(url: str, keys: dict[str, str], scale: int, users: int) -> Path:
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        RECUEIL_MASTER_KEYS=keys["MASTER_KEYS"],
        RECUEIL_ACTIVE_MASTER_KEY=keys["ACTIVE_MASTER_KEY"],
        RECUEIL_BLIND_INDEX_KEY=keys["BLIND_INDEX_KEY"],
    )
    import django

    django.setup()
    # Imported after django.setup(): models need the settings chosen above.
    from django.core.management import call_command
    from django.db import connections

    from bench.load.run import _prepare_accounts
    from cases.models import Case

    call_command("migrate", verbosity=0)
    call_command("migrate", database="keystore", verbosity=0)
    missing = scale - Case.objects.count()
    if missing > 0:
        print(f"Generating {missing} cases…", file=sys.stderr)
        call_command("generate_load", cases=missing, entities=5, seed=scale)
    accounts = _prepare_accounts(users)
    connections.close_all()
    return accounts


def _locust(
    host: str, users: int, seconds: int, prefix: Path, env: dict[str, str]
) -> list[dict[str, Any]]:
    bin_dir = Path(sys.executable).parent
    subprocess.run(  # noqa: S603
        [
            str(bin_dir / "locust"),
            "-f",
            str(ROOT / "bench" / "load" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(1, users // 2)),
            "--run-time",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--exit-code-on-error",
            "0",
            # Let each person finish the request under way when the time is up.
            "--stop-timeout",
            "30",
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    rows = []
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["Name"] or "all",
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "median_ms": float(row["Median Response Time"] or 0),
                    "p95_ms": float(row["95%"]) if row["95%"] not in ("", "N/A") else None,
                    "requests_per_second": round(float(row["Requests/s"] or 0), 2),
                }
            )
    return rows


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = next(r for r in rows if r["name"] == "Aggregated")
    return {
        "throughput_rps": total["requests_per_second"],
        "p95_ms": total["p95_ms"],
        "median_ms": total["median_ms"],
        "requests": total["requests"],
        "failures": total["failures"],
        "per_request": [r for r in rows if r["name"] != "Aggregated"],
    }


def _read_lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _failover_check(
    cluster: Cluster,
    killed_at: float,
    failures: list[dict[str, Any]],
    writes: list[dict[str, Any]],
    since: datetime,
) -> dict[str, Any]:
    from cases.models import Case

    by_id = {line["id"]: line for line in cluster.proxy_lines()}
    # A node killed after it began its answer leaves HAProxy nothing to send but a cut
    # connection: no status, no X-Request-Id. Such a failure is matched to a request the
    # killed node was serving (termination state S…: the server side ended it) that
    # HAProxy received within two seconds before the failure's start.
    cut = [
        line
        for line in by_id.values()
        if line["server"].endswith("node2")
        and line["term"].startswith("S")
        and proxy_time(line["at"]) <= killed_at
    ]
    in_flight: list[dict[str, Any]] = []
    outside: list[dict[str, Any]] = []
    for failure in failures:
        line = by_id.get(failure.get("request_id") or "")
        if line is None and failure["kind"] == "error" and not failure.get("request_id"):
            line = next((c for c in cut if abs(proxy_time(c["at"]) - failure["start"]) < 2), None)
            if line is not None:
                cut.remove(line)
        on_killed = (
            failure["kind"] == "error"
            and line is not None
            and line["server"].endswith("node2")
            and proxy_time(line["at"]) <= killed_at
        )
        (in_flight if on_killed else outside).append({**failure, "proxy": line})
    answers = [w for w in writes if not w.get("sent")]
    accepted = [w["reference"] for w in answers if w["reference"]]
    # Sent, never answered: interrupted by the end of a locust run (the database may
    # hold it, as for a submission in flight on the killed node).
    unanswered = len({w["id"] for w in writes if w.get("sent")} - {w.get("id") for w in answers})
    failed_writes = len([f for f in in_flight if f["name"] == "intake submit"])
    stored = list(Case.objects.filter(created_at__gte=since).values_list("reference", flat=True))
    lost = sorted(set(accepted) - set(stored))
    extra = sorted(set(stored) - set(accepted))
    after_kill = [
        line
        for line in by_id.values()
        if proxy_time(line["at"]) > killed_at and line["server"].endswith("node2")
    ]
    result = {
        "killed_at": datetime.fromtimestamp(killed_at, UTC).isoformat(timespec="milliseconds"),
        "errors_in_flight_on_killed_node": len(in_flight),
        "errors_outside_killed_node_in_flight": len(outside),
        "sessions_lost": len([f for f in failures if f["kind"] == "session lost"]),
        "contacts_accepted": len(accepted),
        "contacts_accepted_twice": len(accepted) - len(set(accepted)),
        "cases_in_database": len(stored),
        "accepted_but_missing": len(lost),
        "stored_without_acceptance": len(extra),
        "contact_submissions_failed_in_flight": failed_writes,
        "contact_submissions_unanswered": unanswered,
        "requests_sent_to_killed_node_after_kill": len(after_kill),
        "outside_examples": outside[:5],
    }
    result["passed"] = (
        not outside
        and result["sessions_lost"] == 0
        and not lost
        and result["contacts_accepted_twice"] == 0
        and len(extra) <= failed_writes + unanswered
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=2000)
    parser.add_argument("--users", type=int, default=16, help="simulated people at once")
    parser.add_argument("--seconds", type=int, default=60, help="per phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--pool", choices=["persistent", "psycopg", "pgbouncer"], default=None)
    parser.add_argument("--phases", default="one,two,kill", help="one, two, kill")
    parser.add_argument("--reuse-db", action="store_true", help="keep an existing database")
    args = parser.parse_args(argv)
    absent = missing_tools()
    if absent:
        print(f"missing: {', '.join(absent)} (apt-get install haproxy redis-server)")
        return 2
    phases = args.phases.split(",")

    started = time.monotonic()
    keys = _keys()
    name = f"recueil_cluster_{args.scale}"
    url = _fresh_database(name, args.reuse_db)
    # Production nodes need a separate key store (docs/BACKUP.md); the seed writes to it too.
    key_store_url = _fresh_database(f"{name}_keystore", args.reuse_db)
    os.environ["RECUEIL_KEY_STORE_URL"] = key_store_url
    accounts = _seed(url, keys, args.scale, args.users)
    since = datetime.now(UTC)
    workdir = Path(tempfile.mkdtemp(prefix="recueil-cluster-"))
    env = node_env(url, keys, secrets.token_urlsafe(50))
    env["RECUEIL_KEY_STORE_URL"] = key_store_url
    env["RECUEIL_ALLOWED_HOSTS"] = "recueil.test,127.0.0.1"
    pool = args.pool or os.environ.get("RECUEIL_DB_POOL") or "persistent"
    env["RECUEIL_DB_POOL"] = pool
    cluster = Cluster(workdir, env, workers=args.workers)
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "postgresql",
        "scale": args.scale,
        "pool": pool,
        "server": f"gunicorn, {args.workers} sync workers per node, HAProxy TLS, loopback",
        "simulated_people": args.users,
        "seconds_per_phase": args.seconds,
        "mix": ROLES,
        "cpus": os.cpu_count(),
    }
    passed = True
    all_writes: list[dict[str, Any]] = []
    try:
        redis = cluster.start_redis()
        cluster.env["RECUEIL_CACHE_URL"] = f"{redis}/1"
        cluster.env["RECUEIL_CELERY_BROKER_URL"] = f"{redis}/0"
        if pool == "pgbouncer":
            password = secrets.token_urlsafe(12)
            port = cluster.start_pgbouncer("127.0.0.1", 5432, name, password)
            cluster.env["DATABASE_URL"] = f"postgres://postgres:{password}@127.0.0.1:{port}/{name}"
        first = cluster.start_node("node1")
        second = cluster.start_node("node2")
        load_env = dict(
            cluster.env,
            RECUEIL_LOAD_USERS=str(accounts),
            RECUEIL_LOAD_TLS_INSECURE="1",
        )
        for phase in phases:
            backends = [first.address] * 2 if phase == "one" else [first.address, second.address]
            port = cluster.start_proxy(backends)
            failures_path = workdir / f"{phase}-failures.jsonl"
            writes_path = workdir / f"{phase}-writes.jsonl"
            phase_env = dict(
                load_env,
                RECUEIL_LOAD_FAILURES=str(failures_path),
                RECUEIL_LOAD_WRITES=str(writes_path),
            )
            killed: dict[str, float] = {}
            timer = None
            if phase == "kill":
                timer = threading.Timer(
                    args.seconds / 2,
                    lambda killed=killed: killed.update(at=cluster.kill("node2")),
                )
                timer.start()
            print(f"· phase {phase}", file=sys.stderr)
            rows = _locust(
                f"https://127.0.0.1:{port}", args.users, args.seconds, workdir / phase, phase_env
            )
            if timer is not None:
                timer.join()
            report[phase] = _summary(rows)
            all_writes += _read_lines(writes_path)
            if phase == "kill":
                report["failover"] = _failover_check(
                    cluster,
                    killed["at"],
                    _read_lines(failures_path),
                    all_writes,
                    since,
                )
                passed = passed and report["failover"]["passed"]
            elif report[phase]["failures"]:
                passed = False
            cluster.stop_proxy()
    finally:
        cluster.stop()
        accounts.unlink(missing_ok=True)
    report["wall_seconds"] = round(time.monotonic() - started)
    report["passed"] = passed
    out = ROOT / "bench" / "results" / f"{datetime.now(UTC):%Y-%m-%d}-cluster-{pool}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for phase in phases:
        figures = report[phase]
        print(
            f"{phase:>4}: {figures['throughput_rps']} requests/s, p95 {figures['p95_ms']} ms, "
            f"{figures['failures']} failed of {figures['requests']}"
        )
    if "failover" in report:
        print(json.dumps({k: v for k, v in report["failover"].items() if k != "outside_examples"}))
    print(f"{'passed' if passed else 'FAILED'} in {report['wall_seconds']} s — {out.name}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
