"""The annual report (PDF): the document the IMT plan's axis 6 asks each school to send
up. Narrative, charts and tables, all from the published figures (reportlab)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from indicators.charts import BAR_2, Series
from indicators.disclosure import min_count
from indicators.narrative import narrative
from indicators.selectors import Indicators

WIDTH = A4[0] - 4 * cm


def _bars(labels: Sequence[str], series: Sequence[Series]) -> Drawing:
    row_h = 14 * len(series) + 6
    label_w, value_w = 6.5 * cm, 2.2 * cm
    plot_w = WIDTH - label_w - value_w
    height = row_h * len(labels) + (16 if len(series) > 1 else 4)
    top = max([v.high for s in series for v in s.values if not v.masked] + [5])
    d = Drawing(WIDTH, height)
    for i, label in enumerate(labels):
        y = height - (i + 1) * row_h
        short = label if len(label) <= 40 else label[:38] + "…"
        d.add(
            String(
                label_w - 4,
                y + row_h / 2 - 3,
                short,
                fontSize=8,
                fontName="Helvetica",
                textAnchor="end",
            )
        )
        for j, s in enumerate(series):
            v = s.values[i]
            by = y + row_h - 6 - (j + 1) * 14 + 4
            w = plot_w * v.middle / top
            if v.masked:
                d.add(Rect(label_w, by, 10, 10, fillColor=colors.white, strokeColor=colors.black))
                d.add(Line(label_w, by, label_w + 10, by + 10))
                w = 10
            elif w:
                d.add(Rect(label_w, by, w, 10, fillColor=colors.HexColor(s.colour), strokeWidth=0))
            d.add(String(label_w + w + 3, by + 2, v.text, fontSize=8, fontName="Helvetica"))
    if len(series) > 1:
        x = 0.0
        for s in series:
            d.add(Rect(x, 2, 8, 8, fillColor=colors.HexColor(s.colour), strokeWidth=0))
            d.add(String(x + 11, 3, s.name, fontSize=8, fontName="Helvetica"))
            x += 20 + 4.5 * len(s.name)
    return d


def _table(header: Sequence[str], lines: Sequence[Sequence[str]]) -> Table:
    table = Table([list(header), *[list(line) for line in lines]], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f4f8")]),
            ]
        )
    )
    return table


def annual_report_pdf(figures: Indicators) -> bytes:
    styles = getSampleStyleSheet()
    h1, h2, body = styles["Title"], styles["Heading2"], styles["BodyText"]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=_("Rapport annuel des signalements"),
        author="Recueil",
    )
    story: list = [
        Paragraph(_("Rapport annuel des signalements — %(p)s") % {"p": figures.period.label}, h1),
        Paragraph(figures.entity_label, h2),
        Paragraph(
            _(
                "Plan national de lutte contre les violences sexistes et sexuelles, axe 6 "
                "(suivi et évaluation). Établi le %(d)s."
            )
            % {"d": timezone.localdate().strftime("%d/%m/%Y")},
            body,
        ),
        Spacer(1, 0.3 * cm),
        Paragraph(_("Les chiffres de l'année"), h2),
    ]
    story += [Paragraph(sentence, body) for sentence in narrative(figures)]
    n = min_count()
    story.append(
        Paragraph(
            _(
                "Lecture : effectifs de 1 à %(m)s masqués (« < %(n)s ») ; au-delà, tranches de "
                "%(n)s (« 10–14 ») ; « masqué » : effectif retenu pour protéger un voisin."
            )
            % {"m": n - 1, "n": n},
            styles["Italic"],
        )
    )
    months = figures.months
    story.append(
        KeepTogether(
            [
                Paragraph(_("Signalements par mois"), h2),
                _bars(
                    [m.current.label for m in months],
                    [
                        Series(figures.period.label, [m.current.shown for m in months]),
                        Series(_("un an plus tôt"), [m.previous.shown for m in months], BAR_2),
                    ],
                ),
            ]
        )
    )
    story.append(
        _table(
            [_("Mois"), figures.period.label, _("Un an plus tôt")],
            [[m.current.label, m.current.text, m.previous.text] for m in months],
        )
    )
    for table in figures.breakdowns:
        lines = [[r.label[:70], r.text] for r in table.rows]
        if table.total is not None:
            lines.insert(0, [table.total.label, table.total.text])
        parts: list = [Paragraph(table.title, h2)]
        if table.chart and table.rows:
            parts.append(
                _bars(
                    [r.label for r in table.rows],
                    [Series(table.title, [r.shown for r in table.rows])],
                )
            )
        parts.append(_table([_("Valeur"), _("Effectif")], lines or [[_("Aucune"), "0"]]))
        story.append(KeepTogether(parts))
    states = figures.deadlines[0].states
    story.append(
        KeepTogether(
            [
                Paragraph(_("Délais légaux échus dans la période"), h2),
                _table(
                    [_("Délai"), _("Échus"), *[s.label for s in states]],
                    [[d.label, d.due.text, *[s.text for s in d.states]] for d in figures.deadlines],
                ),
                Spacer(1, 0.2 * cm),
                *[Paragraph(f"{d.label} : {d.ratio}.", body) for d in figures.deadlines],
            ]
        )
    )
    story.append(Paragraph(_("Délais médians"), h2))
    story.append(_table([_("Délai"), _("Médiane")], [[m.label, m.text] for m in figures.medians]))
    doc.build(story)
    return out.getvalue()
