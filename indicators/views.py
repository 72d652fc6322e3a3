"""Steering indicators: anonymised counts per entity and year, on screen and as CSV."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.core.audit.services import audit_record
from cases.core.security.params import query_int
from cases.core.security.recent import recent_second_factor
from cases.models import Entity, User
from indicators.selectors import Indicators, indicator_entities, indicators, years_available

ALL = "all"
# No report predates Recueil's first deployments; a later year has nothing to count yet.
FIRST_YEAR = 2000


def _year(request: HttpRequest) -> int | None:
    """The year asked for, this year when none is, None when the one asked is not valid."""
    this_year = timezone.localdate().year
    if not request.GET.get("year", "").strip():
        return this_year
    return query_int(request, "year", low=FIRST_YEAR, high=this_year + 1)


def _scope(request: HttpRequest) -> tuple[list[Entity], list[Entity], str, int | None]:
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
    return allowed, scope, chosen, _year(request)


def _label(scope: list[Entity], allowed: list[Entity]) -> str:
    if len(scope) == 1:
        return scope[0].name
    return _("Toutes les entités (consolidé)")


@require_GET
def indicators_view(request: HttpRequest) -> HttpResponse:
    allowed, scope, chosen, year = _scope(request)
    if year is None:
        messages.warning(
            request, _("Cette année n'est pas valide : voici les indicateurs de l'année en cours.")
        )
        year = timezone.localdate().year
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
    if year is None:
        return HttpResponseBadRequest(
            _("Cette année n'est pas valide : aucun export produit."),
            content_type="text/plain; charset=utf-8",
        )
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
