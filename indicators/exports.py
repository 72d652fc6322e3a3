"""The indicators as files: CSV, XLSX and the annual report (PDF). Every file carries
the published figures of the page, never a raw count."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils.translation import gettext as _

from indicators import periods
from indicators.periods import Period
from indicators.selectors import Indicators


def query_of(chosen: str, period: Period) -> str:
    params = {"entity": chosen, "period": period.kind}
    if period.kind == periods.YEAR:
        params["year"] = str(period.start.year)
    elif period.kind == periods.ACADEMIC:
        params["academic"] = str(period.start.year)
    else:
        params["from"] = f"{period.start:%Y-%m}"
        params["to"] = f"{periods.add_months(period.end, -1):%Y-%m}"
    return urlencode(params)


def rows(figures: Indicators) -> list[list[str]]:
    """One line per figure: scope, period, indicator, value, published count."""
    head = [figures.entity_label, figures.period.label]
    out = [[_("Périmètre"), _("Période"), _("Indicateur"), _("Valeur"), _("Effectif")]]
    summary = _("Synthèse")
    for row in (figures.reports, figures.listening_only):
        out.append([*head, summary, row.label, row.text])
    monthly = _("Signalements par mois")
    for point in figures.months:
        out.append([*head, monthly, point.current.label, point.current.text])
    for table in figures.breakdowns:
        if table.total is not None:
            out.append([*head, table.title, table.total.label, table.total.text])
        for row in table.rows:
            out.append([*head, table.title, row.label, row.text])
    for deadline in figures.deadlines:
        title = _("Délais légaux : %(label)s") % {"label": deadline.label}
        out.append([*head, title, deadline.due.label, deadline.due.text])
        for row in deadline.states:
            out.append([*head, title, row.label, row.text])
    for median in figures.medians:
        out.append([*head, _("Délais médians"), median.label, median.text])
    return out


def _filename(figures: Indicators, ext: str) -> str:
    return f"indicateurs-{figures.period.slug}.{ext}"


def response(figures: Indicators, kind: str) -> HttpResponse:
    if kind == "csv":
        resp = HttpResponse(content_type="text/csv; charset=utf-8")
        csv.writer(resp, delimiter=";").writerows(rows(figures))
    elif kind == "xlsx":
        resp = HttpResponse(
            xlsx(figures),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        from indicators.report import annual_report_pdf

        resp = HttpResponse(annual_report_pdf(figures), content_type="application/pdf")
        kind = "pdf"
    name = _filename(figures, kind) if kind != "pdf" else f"rapport-{figures.period.slug}.pdf"
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def xlsx(figures: Indicators) -> bytes:
    """One sheet of figures (as text: a band is not a number) and a sheet on the rules."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Indicateurs")[:31]
    for line in rows(figures):
        sheet.append(line)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (28, 22, 48, 48, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(_("Lecture")[:31])
    for note in _reading_notes():
        notes.append([note])
    notes.column_dimensions["A"].width = 110
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _reading_notes() -> list[str]:
    from indicators.disclosure import min_count

    n = min_count()
    return [
        _("Comment lire ces chiffres"),
        _("Les effectifs de 1 à %(m)s sont masqués (« < %(n)s »).") % {"m": n - 1, "n": n},
        _(
            "À partir de %(n)s, un effectif est donné par tranche de %(n)s (« 10–14 ») : "
            "aucune comparaison entre deux vues ne permet de retrouver un effectif masqué."
        )
        % {"n": n},
        _(
            "« masqué » : effectif retenu pour qu'une somme ne trahisse pas un effectif "
            "masqué voisin."
        ),
        _("Les chiffres s'arrêtent à la fin du dernier mois complet."),
    ]
