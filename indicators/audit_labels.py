"""Labels of the indicators' audit actions (registered in ``IndicatorsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "indicators.read": _("Consultation des indicateurs"),
    "indicators.export": _("Export des indicateurs"),
    "indicators.refreshed": _("Mise à jour des comptages des indicateurs"),
    "indicators.annual_report": _("Rapport annuel des indicateurs établi"),
}
