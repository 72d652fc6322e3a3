"""Where a staff page's time goes: the measured reason behind a page ratio (issue 19).

``python -m bench.breakdown --db postgres --scale 1000000`` serves each staff page of
``bench.pages`` and its ceiling in turn, in one process, and splits each request's
wall time into:

- **stack**: the ceiling page's own median (sessions, second factor, axes, CSP, the
  session save): what every page pays before and after its view;
- **SQL in the view** and **SQL in the template** (inclusion tags that read): the time
  spent inside the database driver's ``execute``, and the statements counted;
- **template**: rendering, the SQL it runs excluded;
- **view code**: the rest (forms, decryption, the audit append's Python side).

It runs on the benchmark database of ``bench.run`` (the same ``--db``/``--scale``) and
prints one row per page; ``--json`` writes the figures next to the benchmarks' results.
The split is of medians, so its parts need not add up exactly to the page's median.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from bench.run import ROOT, _database_url, _ensure_postgres_database


@dataclass
class Split:
    page: str
    statements: int
    total_ms: float
    stack_ms: float
    sql_view_ms: float
    sql_template_ms: float
    template_ms: float
    view_code_ms: float


class _Clock:
    """Accumulates SQL and template time of the current request."""

    def __init__(self) -> None:
        self.in_template = 0
        self.sql_view = self.sql_template = self.template = 0.0
        self.statements = 0

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def sql(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - start
            self.statements += 1
            if self.in_template:
                self.sql_template += spent
            else:
                self.sql_view += spent


@contextmanager
def _timed_templates(clock: _Clock) -> Iterator[None]:
    """Time the outermost template render of each response (includes nest inside it)."""
    from django.template.backends.django import Template

    original = Template.render

    def render(self: Any, *args: Any, **kwargs: Any) -> Any:
        clock.in_template += 1
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            clock.in_template -= 1
            if not clock.in_template:
                clock.template += time.perf_counter() - start

    Template.render = render  # type: ignore[method-assign]
    try:
        yield
    finally:
        Template.render = original  # type: ignore[method-assign]


def _pages() -> dict[str, tuple[Callable[[], None], Callable[[], None]]]:
    """Each page and the ceiling of the same session, as ``bench.pages`` measures them."""
    from django.utils import timezone

    from bench import pages
    from cases.models import Role, User

    people = pages._referents()
    referent = pages.client_for(people.large)
    large, _small = pages._case_sizes(people.large)
    listener = pages.client_for(User.objects.filter(memberships__role=Role.LISTENER).first())  # type: ignore[arg-type]
    steering = pages.client_for(
        User.objects.filter(memberships__role=Role.STEERING).order_by("pk").first()  # type: ignore[arg-type]
    )
    year = timezone.localdate().year
    return {
        "page_inbox": (
            pages._fetch(referent, "/inbox/"),
            pages._fetch(referent, pages.CEILING),
        ),
        "page_case": (
            pages._fetch(referent, f"/cases/{large.pk}/"),
            pages._fetch(referent, pages.CEILING),
        ),
        "page_case_list": (
            pages._fetch(referent, "/cases/"),
            pages._fetch(referent, pages.CEILING),
        ),
        "page_intake_form": (
            pages._fetch(listener, "/intake/"),
            pages._fetch(listener, pages.CEILING),
        ),
        "page_indicators": (
            pages._fetch(steering, f"/indicators/?year={year}"),
            pages._fetch(steering, pages.CEILING),
        ),
    }


def breakdown(repeat: int = 30) -> list[Split]:
    from django.db import connection
    from django.test.utils import override_settings

    clock = _Clock()
    splits: list[Split] = []
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["127.0.0.1"]):
        for name, (page, ceiling) in _pages().items():
            for _ in range(3):
                page()
                ceiling()
            rows: dict[str, list[float]] = {
                k: [] for k in ("total", "stack", "sql_view", "sql_template", "template")
            }
            statements = 0
            with connection.execute_wrapper(clock.sql), _timed_templates(clock):
                for _ in range(repeat):
                    clock.reset()
                    start = time.perf_counter()
                    page()
                    rows["total"].append(time.perf_counter() - start)
                    rows["sql_view"].append(clock.sql_view)
                    rows["sql_template"].append(clock.sql_template)
                    rows["template"].append(clock.template - clock.sql_template)
                    statements = clock.statements
                    start = time.perf_counter()
                    ceiling()
                    rows["stack"].append(time.perf_counter() - start)
            ms = {k: statistics.median(v) * 1000 for k, v in rows.items()}
            splits.append(
                Split(
                    page=name,
                    statements=statements,
                    total_ms=round(ms["total"], 2),
                    stack_ms=round(ms["stack"], 2),
                    sql_view_ms=round(ms["sql_view"], 2),
                    sql_template_ms=round(ms["sql_template"], 2),
                    template_ms=round(ms["template"], 2),
                    view_code_ms=round(
                        ms["total"]
                        - ms["stack"]
                        - ms["sql_view"]
                        - ms["sql_template"]
                        - ms["template"],
                        2,
                    ),
                )
            )
    return splits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="write bench/results/…-breakdown.json")
    args = parser.parse_args(argv)
    url = _database_url(args.db, args.scale)
    if url.startswith("postgres"):
        _ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    splits = breakdown(args.repeat)
    head = ("page", "statements", "total", "stack", "SQL view", "SQL tmpl", "template", "view code")
    print("{:<18} {:>10} {:>8} {:>8} {:>9} {:>9} {:>9} {:>10}".format(*head))
    for s in splits:
        print(
            f"{s.page:<18} {s.statements:>10} {s.total_ms:>8.2f} {s.stack_ms:>8.2f} "
            f"{s.sql_view_ms:>9.2f} {s.sql_template_ms:>9.2f} {s.template_ms:>9.2f} "
            f"{s.view_code_ms:>10.2f}"
        )
    if args.json:
        vendor = "postgresql" if url.startswith("postgres") else "sqlite"
        out = (
            ROOT
            / "bench"
            / "results"
            / f"{datetime.now(UTC):%Y-%m-%d}-{vendor}-{args.scale}-breakdown.json"
        )
        out.write_text(
            json.dumps([asdict(s) for s in splits], indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        print(f"Written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
