"""Anonymise the cases, listening records and data-subject requests whose retention
period has ended.

Run nightly by the timers (Celery beat ``retention-apply``, or cron on the embedded
default). ``--dry-run`` lists what would go, with its rule, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from retention.services import cases_due, cases_held, contacts_due, retention_apply, retention_due
from workflows.hooks import retention_sources


class Command(BaseCommand):
    help = "Anonymise (crypto-shred) what has reached its retention date; --dry-run lists it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list, change nothing")
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument("--today", help="run as of this date (YYYY-MM-DD), for drills")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today takes YYYY-MM-DD") from exc
        if options["dry_run"]:
            count = 0
            for item in retention_due(today):
                # References and rule codes only, never content (T7).
                self.stdout.write(f"{item.kind}\t{item.reference}\t{item.rule}\t{item.due_on}")
                count += 1
            self.stdout.write(
                f"{count} would be anonymised; {cases_held(today)} due but held. Nothing changed."
            )
            return
        total = cases_due(today).count() + contacts_due(today).count()
        total += sum(1 for source in retention_sources() for _item in source.due(today))
        with tqdm(total=total, unit="dossier", disable=None) as bar:
            report = retention_apply(today=today, batch=options["batch_size"], progress=bar.update)
        others = "".join(f", {count} {kind}" for kind, count in sorted(report.others.items()))
        self.stdout.write(
            f"Anonymised {report.cases} cases and {report.contacts} listening records{others}; "
            f"{report.held} due but held."
        )
