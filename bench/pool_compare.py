"""How the application reaches PostgreSQL, same run: ``python -m bench.pool_compare``.

Three application nodes, one per ``RECUEIL_DB_POOL`` mode (``persistent``, ``psycopg``,
``pgbouncer`` — PgBouncer from ``deploy/pgbouncer/pgbouncer.ini`` in transaction mode),
each with one gunicorn worker behind its own HAProxy (``deploy/haproxy/haproxy.cfg``),
on the database of ``make bench-cluster``. One logged-in referent per node requests the
same pages in turn, node after node in a shuffled order, so that the machine's load
drifts over all three alike (the rule of docs/PERFORMANCE.md); a locust run is too
noisy on a shared machine to separate them. Reports the median per page and mode, the
ratio to ``persistent``, and the server connections each mode holds on PostgreSQL.
Writes ``bench/results/<date>-pool-compare.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.cluster import Browser, Cluster, missing_tools, node_env
from bench.cluster_run import ROOT, _fresh_database, _keys, _seed

MODES = ("persistent", "psycopg", "pgbouncer")
CASE_LINK = re.compile(r'href="(/cases/[0-9a-f-]{36}/)"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args(argv)
    if missing_tools():
        print(f"missing: {', '.join(missing_tools())}")
        return 2
    keys = _keys()
    name = f"recueil_cluster_{args.scale}"
    url = _fresh_database(name, reuse=True)
    accounts = json.loads(_seed(url, keys, args.scale, len(MODES)).read_text(encoding="utf-8"))
    referents = accounts["referent"]
    workdir = Path(tempfile.mkdtemp(prefix="recueil-pools-"))
    secret = secrets.token_urlsafe(50)
    clusters: dict[str, Cluster] = {}
    browsers: dict[str, Browser] = {}
    timings: dict[str, dict[str, list[float]]] = {m: {} for m in MODES}
    try:
        for index, mode in enumerate(MODES):
            (workdir / mode).mkdir()
            env = node_env(url, keys, secret)
            env["RECUEIL_DB_POOL"] = mode
            cluster = Cluster(workdir / mode, env, workers=1)
            clusters[mode] = cluster
            redis = cluster.start_redis()
            cluster.env["RECUEIL_CACHE_URL"] = f"{redis}/1"
            if mode == "pgbouncer":
                password = secrets.token_urlsafe(12)
                port = cluster.start_pgbouncer("127.0.0.1", 5432, name, password)
                cluster.env["DATABASE_URL"] = (
                    f"postgres://postgres:{password}@127.0.0.1:{port}/{name}"
                )
            node = cluster.start_node("node1")
            cluster.start_proxy([node.address, node.address])
            browser = Browser(cluster.url, cluster.proxy_port)
            account = referents[index]
            if not browser.login(account["username"], account["password"], account["totp_key"]):
                raise RuntimeError(f"login failed on the {mode} node")
            browsers[mode] = browser
        # Each referent sees their own cases (anyone else's answers 404): one case each.
        pages: dict[str, list[str]] = {}
        for mode, browser in browsers.items():
            _status, _path, page = browser.get("/cases/")
            pages[mode] = ["/inbox/", "/cases/", *CASE_LINK.findall(page)[:1]]
            for path in pages[mode]:  # warm the worker
                browser.get(path)
        labels = ["inbox", "case list", "case page"]
        modes = list(MODES)
        for _round in range(args.rounds):
            random.shuffle(modes)
            for mode in modes:
                for label, path in zip(labels, pages[mode], strict=False):
                    started = time.perf_counter()
                    status, _final, _body = browsers[mode].get(path)
                    elapsed = (time.perf_counter() - started) * 1000
                    if status != 200:
                        raise RuntimeError(f"{label} answered {status} on the {mode} node")
                    timings[mode].setdefault(label, []).append(elapsed)
    finally:
        for cluster in clusters.values():
            cluster.stop()
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "rounds": args.rounds,
        "server": "one gunicorn sync worker per mode, HAProxy TLS, loopback, one client",
        "pages": {},
    }
    for label in timings["persistent"]:
        base = statistics.median(timings["persistent"][label])
        report["pages"][label] = {
            mode: {
                "median_ms": round(statistics.median(timings[mode][label]), 2),
                "ratio_to_persistent": round(statistics.median(timings[mode][label]) / base, 3),
            }
            for mode in MODES
        }
    out = ROOT / "bench" / "results" / f"{datetime.now(UTC):%Y-%m-%d}-pool-compare.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for label, figures in report["pages"].items():
        row = ", ".join(
            f"{m} {f['median_ms']} ms ({f['ratio_to_persistent']})" for m, f in figures.items()
        )
        print(f"{label}: {row}")
    print(f"written to {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
