"""Load test: a real server (gunicorn) on loopback, a realistic mix of staff and reporters.

    python -m bench.load.run --scale 100000 --db postgres --users 20 --seconds 60

Uses the benchmark database of ``bench.run`` (generated if missing), gives load
accounts a password and a TOTP device, serves Recueil with gunicorn on
127.0.0.1, runs locust headless for a bounded time, then writes
``bench/results/<date>-<db>-<scale>-load.json`` with throughput, p95 latency and
the error count per request kind. Exits non-zero if any request failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.run import ROOT, _database_url, _ensure_postgres_database

PORT = 8099
ROLES = {"referent": 5, "listener": 2, "director": 1}
REPORTERS = 2  # weight of ``Reporter`` in the locustfile: people on the public portal
# The portal's rate limits are set for one school's real traffic (tens of reports an
# hour); a load run sends hundreds from a few simulated people. Raised for the server
# of this run only, through its environment: production keeps its settings.
LOAD_PORTAL_LIMITS = {
    "RECUEIL_PORTAL_SUBMISSIONS_PER_HOUR": "1000000",
    "RECUEIL_PORTAL_SUBMISSIONS_PER_ENTITY_PER_HOUR": "1000000",
    "RECUEIL_PORTAL_MESSAGES_PER_HOUR": "1000000",
}


def _prepare_accounts(count: int) -> Path:
    """Known passwords and TOTP devices for load accounts; written 0600 under var/."""
    # Imported here: this script configures Django (settings, django.setup) at run time.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cases.models import User

    password = secrets.token_urlsafe(16)
    accounts: dict[str, list[dict[str, str]]] = {}
    for role in ROLES:
        accounts[role] = []
        people = User.objects.filter(memberships__role=role, username__startswith="load")
        for user in people.distinct().order_by("username")[:count]:
            user.set_password(password)
            user.save(update_fields=["password"])
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name="load", confirmed=True)
            accounts[role].append(
                {"username": user.username, "password": password, "totp_key": device.key}
            )
    path = ROOT / "var" / "load-users.json"
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(accounts, handle)
    return path


def _wait_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer on {url}")


def _read_stats(prefix: Path) -> list[dict[str, Any]]:
    rows = []
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["Name"] or "all",
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "median_ms": float(row["Median Response Time"] or 0),
                    "p95_ms": float(row["95%"] or 0) if row["95%"] != "N/A" else None,
                    "requests_per_second": round(float(row["Requests/s"] or 0), 2),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--users", type=int, default=16, help="simulated people at once")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args(argv)

    url = _database_url(args.db, args.scale)
    if url.startswith("postgres"):
        _ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    # Imported after django.setup(): models need the settings this script chose.
    from django.core.management import call_command

    from cases.models import Case

    call_command("migrate", verbosity=0)
    if Case.objects.count() < args.scale:
        from bench.run import main as bench_main  # configures Django itself, like this script

        bench_main(["--scale", str(args.scale), "--db", args.db, "--only", "none"])
    users_file = _prepare_accounts(args.users)
    from django.db import connections

    connections.close_all()

    env = dict(
        os.environ,
        RECUEIL_LOAD_USERS=str(users_file),
        RECUEIL_LOAD_REPORTERS="1",
        **LOAD_PORTAL_LIMITS,
    )
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(  # noqa: S603
        [
            str(bin_dir / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--env",
            "DJANGO_SETTINGS_MODULE=bench.settings",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    prefix = ROOT / "var" / "load" / f"{datetime.now(UTC):%Y%m%dT%H%M%S}"
    prefix.parent.mkdir(parents=True, exist_ok=True)
    try:
        _wait_up(f"http://127.0.0.1:{PORT}/healthz")
        subprocess.run(  # noqa: S603
            [
                str(bin_dir / "locust"),
                "-f",
                str(ROOT / "bench" / "load" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(max(1, args.users // 4)),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        users_file.unlink(missing_ok=True)

    stats = _read_stats(prefix)
    total = next(r for r in stats if r["name"] in ("Aggregated", "all"))
    vendor = "postgresql" if url.startswith("postgres") else "sqlite"
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "scale": args.scale,
        "server": f"gunicorn, {args.workers} sync workers, loopback",
        "simulated_people": args.users,
        "seconds": args.seconds,
        "mix": {**ROLES, "reporter": REPORTERS},
        "portal_limits_raised": LOAD_PORTAL_LIMITS,
        "requests": stats,
        "throughput_rps": total["requests_per_second"],
        "p95_ms": total["p95_ms"],
        "errors": total["failures"],
    }
    out = (
        ROOT / "bench" / "results" / f"{datetime.now(UTC):%Y-%m-%d}-{vendor}-{args.scale}-load.json"
    )
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"{report['throughput_rps']} requests/s, p95 {report['p95_ms']} ms, "
        f"{report['errors']} errors — written to {out.relative_to(ROOT)}"
    )
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
