"""Steering indicators: anonymised counts per entity and period, on screen, as CSV, as
XLSX and as the annual report (PDF)."""

from __future__ import annotations

import datetime as dt

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
from indicators import exports, periods
from indicators.charts import figure_charts
from indicators.periods import Period
from indicators.selectors import ALL, Indicators, indicator_entities, indicators

# No report predates Recueil's first deployments; a later year has nothing to count yet.
FIRST_YEAR = 2000


def _month(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        return None


def _period(request: HttpRequest) -> Period | None:
    """The period asked for (this year when none is), None when the one asked is not valid."""
    this_year = timezone.localdate().year
    kind = request.GET.get("period", periods.YEAR)
    if kind == periods.ACADEMIC:
        start = query_int(request, "academic", low=FIRST_YEAR, high=this_year)
        return periods.academic(start) if start is not None else None
    if kind == periods.CUSTOM:
        first, last = _month(request.GET.get("from", "")), _month(request.GET.get("to", ""))
        if first is None or last is None or first.year < FIRST_YEAR or last.year > this_year:
            return None
        return periods.custom(first, last)
    if kind != periods.YEAR:
        return None
    if not request.GET.get("year", "").strip():
        return periods.year(this_year)
    year = query_int(request, "year", low=FIRST_YEAR, high=this_year + 1)
    return periods.year(year) if year is not None else None


def _scope(request: HttpRequest) -> tuple[list[Entity], list[Entity], str]:
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
    return allowed, scope, chosen


def _figures(request: HttpRequest, period: Period) -> Indicators:
    allowed, scope, chosen = _scope(request)
    if chosen == ALL and len(allowed) > 1:
        # The group is every entity: the consolidation is read by headquarters steering.
        return indicators(scope, period, _("Toutes les entités (consolidé)"), group=True)
    return indicators(scope, period, scope[0].name)


def _audit(request: HttpRequest, action: str, figures: Indicators, **extra: object) -> None:
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action=action,
        details={"group": figures.group, "period": figures.period.slug, **extra},
    )


@require_GET
def indicators_view(request: HttpRequest) -> HttpResponse:
    allowed, _scope_entities, chosen = _scope(request)
    period = _period(request)
    if period is None:
        messages.warning(
            request,
            _("Cette période n'est pas valide : voici les indicateurs de l'année en cours."),
        )
        period = periods.year(timezone.localdate().year)
    figures = _figures(request, period)
    _audit(request, "indicators.read", figures)
    this_year = timezone.localdate().year
    years = list(range(this_year, max(FIRST_YEAR, this_year - 9) - 1, -1))
    return render(
        request,
        "indicators/indicators.html",
        {
            "figures": figures,
            "charts": figure_charts(figures),
            "entities": allowed,
            "chosen": chosen,
            "years": years,
            "academic_years": [(y, f"{y}-{y + 1}") for y in years],
            "period": period,
            "query": exports.query_of(chosen, period),
            "all_value": ALL,
            "last_month": periods.add_months(figures.published_end, -1),
            "can_group": len(allowed) > 1,
        },
    )


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    period = _period(request)
    if period is None:
        return HttpResponseBadRequest(
            _("Cette période n'est pas valide : aucun export produit."),
            content_type="text/plain; charset=utf-8",
        )
    figures = _figures(request, period)
    _audit(request, "indicators.export", figures, format=kind)
    return exports.response(figures, kind)


@require_GET
@recent_second_factor
def indicators_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@require_GET
@recent_second_factor
def indicators_export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@require_GET
@recent_second_factor
def indicators_annual_report(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")
