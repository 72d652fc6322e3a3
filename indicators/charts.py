"""Bar charts as inline SVG, drawn on the server: no script, no inline style (the CSP's
``style-src 'self'`` allows presentation attributes, not ``style=``), readable without
colour (masked bars are hatched and labelled), each with a title and a text alternative.

Bars are drawn at the middle of the published band; a masked count gets no bar, only
its label, so a chart tells nothing its table does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from indicators.disclosure import Shown

BAR = "#1d4f91"
BAR_2 = "#9bb7dd"
INK = "#1b1b1b"
GRID = "#c8c8c8"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Shown]
    colour: str = BAR


def _alt(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    parts = []
    for s in series:
        items = ", ".join(f"{label} : {v.text}" for label, v in zip(labels, s.values, strict=True))
        parts.append(f"{s.name} — {items}" if len(series) > 1 else items)
    return f"{title}. " + " ; ".join(parts) + "."


def bars(chart_id: str, title: str, labels: Sequence[str], series: Sequence[Series]) -> SafeString:
    """Horizontal bars (one group per label), for breakdowns with long labels."""
    bar_h = 16 if len(series) == 1 else 12
    row_h = 26 if len(series) == 1 else bar_h * len(series) + 12
    # Narrow enough to stay legible when scaled down to a 390 px phone.
    label_w, plot_w, value_w = 180, 170, 60
    width = label_w + plot_w + value_w
    legend, legend_rows = _legend(10, 10 + row_h * len(labels) + 18, series, width)
    height = 10 + row_h * len(labels) + 10 + (18 * legend_rows + 4 if len(series) > 1 else 0)
    top = max((v.high if not v.masked else 0) for s in series for v in s.values) or 1
    top = max(top, 5)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(_alt(title, labels, series))}</desc>',
        _hatch(chart_id),
    ]
    for i, label in enumerate(labels):
        y = 10 + i * row_h
        lines = _wrapped(label)
        first = y + row_h / 2 + 4 - 6.5 * (len(lines) - 1)
        out.append(
            f'<text x="{label_w - 8}" y="{first:.0f}" text-anchor="end" font-size="11" '
            f'fill="{INK}">'
            + "".join(
                f'<tspan x="{label_w - 8}" dy="{0 if n == 0 else 13}">{escape(line)}</tspan>'
                for n, line in enumerate(lines)
            )
            + "</text>"
        )
        for j, s in enumerate(series):
            v = s.values[i]
            by = y + (row_h - bar_h * len(series)) / 2 + j * bar_h
            w = plot_w * v.middle / top
            if v.masked:
                out.append(
                    f'<rect x="{label_w}" y="{by:.1f}" width="18" height="{bar_h - 2}" '
                    f'fill="url(#{chart_id}-h)" stroke="{INK}" stroke-width="0.5"/>'
                )
                w = 18
            elif w:
                out.append(
                    f'<rect x="{label_w}" y="{by:.1f}" width="{w:.1f}" height="{bar_h - 2}" '
                    f'fill="{s.colour}"/>'
                )
            out.append(
                f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 4:.1f}" font-size="11" '
                f'fill="{INK}">{escape(v.text)}</text>'
            )
    if len(series) > 1:
        out.append(legend)
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every text above is escaped


# A label of a bar: two lines of this many characters at most, so that it fits its
# 180 units beside the bars (it used to be cut at the chart's left edge).
LABEL_CHARS = 27


def _wrapped(label: str) -> list[str]:
    if len(label) <= LABEL_CHARS:
        return [label]
    cut = label.rfind(" ", 0, LABEL_CHARS + 1)
    if cut <= 0:
        cut = LABEL_CHARS
    first, rest = label[:cut].rstrip(), label[cut:].strip()
    if len(rest) > LABEL_CHARS:
        rest = rest[: LABEL_CHARS - 1] + "…"
    return [first, rest]


def columns(
    chart_id: str, title: str, labels: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """Vertical columns (months), one column per series in each slot."""
    slot = 30
    left, plot_h, bottom = 40, 170, 40
    width = left + slot * len(labels) + 10
    legend, legend_rows = _legend(left, 10 + plot_h + bottom + 12, series, width)
    height = 10 + plot_h + bottom + (18 * legend_rows + 4 if len(series) > 1 else 0)
    top = max((v.high if not v.masked else 0) for s in series for v in s.values) or 1
    top = max(top, 5)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(_alt(title, labels, series))}</desc>',
        _hatch(chart_id),
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 5}" y2="{10 + plot_h}" '
        f'stroke="{GRID}"/>',
        f'<text x="{left - 4}" y="18" text-anchor="end" font-size="10" fill="{INK}">'
        f"{int(top)}</text>",
        f'<text x="{left - 4}" y="{10 + plot_h}" text-anchor="end" font-size="10" '
        f'fill="{INK}">0</text>',
    ]
    col_w = (slot - 8) / len(series)
    for i, label in enumerate(labels):
        x0 = left + i * slot + 4
        for j, s in enumerate(series):
            v = s.values[i]
            x = x0 + j * col_w
            h = plot_h * v.middle / top
            if v.masked:
                out.append(
                    f'<rect x="{x:.1f}" y="{10 + plot_h - 12}" width="{col_w - 1:.1f}" '
                    f'height="12" fill="url(#{chart_id}-h)" stroke="{INK}" stroke-width="0.5"/>'
                )
            elif h:
                out.append(
                    f'<rect x="{x:.1f}" y="{10 + plot_h - h:.1f}" width="{col_w - 1:.1f}" '
                    f'height="{h:.1f}" fill="{s.colour}"/>'
                )
        out.append(
            f'<text x="{x0 + (slot - 8) / 2:.1f}" y="{10 + plot_h + 14}" text-anchor="middle" '
            f'font-size="10" fill="{INK}">{escape(label)}</text>'
        )
    if len(series) > 1:
        out.append(legend)
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every text above is escaped


def _hatch(chart_id: str) -> str:
    return (
        f'<defs><pattern id="{chart_id}-h" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/></pattern></defs>'
    )


def _legend(x: float, y: float, series: Sequence[Series], width: float) -> tuple[str, int]:
    """The legend from ``(x, y)`` (first baseline), wrapped to the chart's width: the
    SVG and its number of lines."""
    out, left, lines = [], x, 1
    for s in series:
        item_w = 24 + 6.5 * len(s.name)
        if x > left and x + item_w > width - 5:
            x, y, lines = left, y + 18, lines + 1
        out.append(f'<rect x="{x:.0f}" y="{y - 10}" width="12" height="12" fill="{s.colour}"/>')
        out.append(
            f'<text x="{x + 16:.0f}" y="{y}" font-size="11" fill="{INK}">{escape(s.name)}</text>'
        )
        x += item_w
    return "".join(out), lines


def figure_charts(figures) -> dict[str, SafeString]:  # noqa: ANN001 — selectors.Indicators
    """Every chart of the page, by key: months, the charted breakdowns, deadlines, delays."""
    from indicators.disclosure import VALUE, WITHHELD_SHOWN

    out: dict[str, SafeString] = {}
    months = figures.months
    out["months"] = columns(
        "chart-months",
        _("Signalements par mois, %(period)s et un an plus tôt") % {"period": figures.period.label},
        [m.label for m in months],
        [
            Series(figures.period.label, [m.current.shown for m in months]),
            Series(_("un an plus tôt"), [m.previous.shown for m in months], BAR_2),
        ],
    )
    for table in figures.breakdowns:
        if table.chart and table.rows:
            out[table.key] = bars(
                f"chart-{table.key}",
                table.title,
                [r.label for r in table.rows],
                [Series(table.title, [r.shown for r in table.rows])],
            )
            table.svg = out[table.key]
    states = figures.deadlines[0].states if figures.deadlines else []
    palette = [BAR, BAR_2, "#b5523b", "#e0a800"]
    out["deadlines"] = bars(
        "chart-deadlines",
        _("Délais légaux échus, par issue"),
        [d.label for d in figures.deadlines],
        [
            Series(state.label, [d.states[i].shown for d in figures.deadlines], palette[i])
            for i, state in enumerate(states)
        ],
    )
    if all(m.days is None for m in figures.medians):
        return out
    out["medians"] = bars(
        "chart-medians",
        _("Délais médians, en jours"),
        [m.label for m in figures.medians],
        [
            Series(
                _("jours"),
                [
                    Shown(VALUE, m.days, m.days) if m.days is not None else WITHHELD_SHOWN
                    for m in figures.medians
                ],
            )
        ],
    )
    return out
