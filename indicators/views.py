"""Steering indicators: anonymised counts per entity and year, on screen and as CSV."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.core.audit.services import audit_record
from cases.core.security.recent import recent_second_factor
from cases.models import Entity, User
from indicators.selectors import Indicators, indicator_entities, indicators, years_available

ALL = "all"


def _scope(request: HttpRequest) -> tuple[list[Entity], list[Entity], str, int]:
    user: User = request.user  # type: ignore[assignment]
    allowed = indicator_entities(user)
    if not allowed:
        raise Http404
    chosen = request.GET.get("entity", ALL if len(allowed) > 1 else allowed[0].code)
    if chosen == ALL:
        scope = allowed
    else:
        scope = [e for e in allowed if e.code == chosen]
        if not scope:
            raise Http404
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    return allowed, scope, chosen, year


def _label(scope: list[Entity], allowed: list[Entity]) -> str:
    if len(scope) == 1:
        return scope[0].name
    return _("Toutes les entités (consolidé)")


@require_GET
def indicators_view(request: HttpRequest) -> HttpResponse:
    allowed, scope, chosen, year = _scope(request)
    figures = indicators(scope, year, _label(scope, allowed))
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="indicators.read",
        details={"entities": len(scope), "year": year},
    )
    return render(
        request,
        "indicators/indicators.html",
        {
            "figures": figures,
            "entities": allowed,
            "chosen": chosen,
            "years": sorted(set(years_available()) | {year}, reverse=True),
            "year": year,
            "all_value": ALL,
        },
    )


@require_GET
@recent_second_factor
def indicators_export(request: HttpRequest) -> HttpResponse:
    allowed, scope, _chosen, year = _scope(request)
    figures = indicators(scope, year, _label(scope, allowed))
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="indicators.export",
        details={"entities": len(scope), "year": year},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indicateurs-{year}.csv"'
    _write_csv(response, figures)
    return response


def _write_csv(out: HttpResponse, figures: Indicators) -> None:
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Périmètre"), _("Année"), _("Indicateur"), _("Valeur"), _("Effectif")])
    head = [figures.entity_label, figures.year]
    for cell in (figures.reports, figures.listening_only):
        writer.writerow([*head, "", cell.label, cell.shown])
    for breakdown in figures.breakdowns:
        for cell in breakdown.cells:
            writer.writerow([*head, breakdown.title, cell.label, cell.shown])
    for rate in figures.deadlines:
        writer.writerow([*head, _("Délais respectés"), rate.label, rate.shown])
