"""``manage.py annual_report --entity CODE --year YEAR [--output FILE]``: the annual
report of one entity (or ``--entity all``, the group) as a PDF, from fresh counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import override

from cases.core.audit.services import audit_record
from cases.models import Entity
from indicators import periods
from indicators.report import annual_report_pdf
from indicators.selectors import ALL, indicators
from indicators.services import counts_refresh


class Command(BaseCommand):
    help = "Rapport annuel des indicateurs (PDF) d'une entité ou du groupe."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entity", required=True, help="code de l'entité, ou « all »")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", help="fichier PDF (par défaut rapport-<code>-<année>.pdf)")

    def handle(self, *args: Any, **options: Any) -> None:
        code, year = options["entity"], options["year"]
        if code == ALL:
            entities, label = list(Entity.objects.order_by("name")), "Toutes les entités"
        else:
            entity = Entity.objects.filter(code=code).first()
            if entity is None:
                raise CommandError(f"Entité inconnue : {code}")
            entities, label = [entity], entity.name
        if not entities:
            raise CommandError("Aucune entité.")
        counts_refresh()
        with override("fr"):
            figures = indicators(entities, periods.year(year), label, group=code == ALL)
            pdf = annual_report_pdf(figures)
        path = Path(options["output"] or f"rapport-{code}-{year}.pdf")
        path.write_bytes(pdf)
        audit_record(
            actor=None,
            action="indicators.annual_report",
            details={"group": code == ALL, "period": figures.period.slug},
        )
        self.stdout.write(str(path))
