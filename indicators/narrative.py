"""A short text on the year's figures, written from the published figures only: it
quotes bands and masks as the tables do, so it reveals nothing they do not."""

from __future__ import annotations

from django.utils.translation import gettext as _

from indicators.selectors import Indicators, Row


def _top(rows: list[Row]) -> Row | None:
    """The row with the highest published band (none when every row is masked or zero)."""
    visible = [r for r in rows if not r.shown.masked and r.shown.high > 0]
    if not visible:
        return None
    return max(visible, key=lambda r: (r.shown.low, r.label))


def narrative(figures: Indicators) -> list[str]:
    out = []
    reports = figures.reports.shown
    out.append(
        _(
            "%(scope)s, %(period)s : %(reports)s signalements transmis et %(listening)s fiches "
            "d'écoute sans transmission."
        )
        % {
            "scope": figures.entity_label,
            "period": figures.period.label,
            "reports": figures.reports.text,
            "listening": figures.listening_only.text,
        }
    )
    before = [m.previous.shown for m in figures.months]
    now = [m.current.shown for m in figures.months]
    if not any(s.masked for s in before + now):
        low_now, low_before = sum(s.low for s in now), sum(s.low for s in before)
        high_now, high_before = sum(s.high for s in now), sum(s.high for s in before)
        if low_now > high_before:
            out.append(_("C'est plus que sur les mêmes mois un an plus tôt."))
        elif high_now < low_before:
            out.append(_("C'est moins que sur les mêmes mois un an plus tôt."))
        else:
            out.append(_("C'est du même ordre que sur les mêmes mois un an plus tôt."))
    for key, sentence in (
        ("category", _("La catégorie la plus signalée : %(label)s (%(count)s).")),
        ("channel", _("Le canal le plus utilisé : %(label)s (%(count)s).")),
        ("decision", _("La suite la plus fréquente : %(label)s (%(count)s).")),
    ):
        top = _top(figures.table(key).rows)
        if top is not None:
            out.append(sentence % {"label": top.label, "count": top.text})
    sanctions = figures.table("sanctions").rows
    if sanctions:
        out.append(
            _("Sanctions prononcées (par personne) : %(list)s.")
            % {"list": ", ".join(f"{r.label} ({r.text})" for r in sanctions)}
        )
    else:
        out.append(_("Aucune sanction prononcée pour les signalements de la période."))
    for deadline in figures.deadlines:
        if deadline.due.count:
            out.append(f"{deadline.label} : {deadline.ratio}.")
    if reports.masked:
        out.append(
            _(
                "Les effectifs sont trop faibles pour être détaillés : ils sont masqués pour "
                "qu'aucune personne ne puisse être reconnue."
            )
        )
    return out
