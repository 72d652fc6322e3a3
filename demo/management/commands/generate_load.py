"""Generate realistic load data for benchmarks (never on a production database)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from bench.loadgen import generate_load


class Command(BaseCommand):
    help = "Bulk-create N realistic cases (encrypted) with staff, parties, grants and audit rows."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--entities", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.RECUEIL_ENVIRONMENT == "production":
            raise CommandError("generate_load refuses to run with production settings.")
        with tqdm(total=options["cases"], unit="case", disable=None) as bar:
            report = generate_load(
                cases=options["cases"],
                entities=options["entities"],
                seed=options["seed"],
                progress=bar.update,
            )
        self.stdout.write(
            f"Generated {report.cases} cases in {report.seconds:.1f}s ({report.rate:.0f} cases/s)."
        )
