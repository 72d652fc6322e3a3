"""Labels of the retention audit actions (registered in ``RetentionConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "retention.hold_placed": _("Durée de conservation suspendue (gel)"),
    "retention.hold_lifted": _("Suspension de la durée de conservation levée"),
    "retention.procedure_ended": _("Fin de la procédure judiciaire ou disciplinaire enregistrée"),
    "retention.contact_anonymised": _("Fiche d'écoute anonymisée (fin de conservation)"),
}
