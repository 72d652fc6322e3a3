"""Labels of the data-subject request register's audit actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "rights.request_recorded": _("Demande d'exercice de droits enregistrée"),
    "rights.request_extended": _("Délai de réponse prolongé (RGPD art. 12.3)"),
    "rights.request_closed": _("Demande d'exercice de droits close"),
    "rights.request_read": _("Consultation d'une demande d'exercice de droits"),
    "rights.request_reminded": _("Rappel d'échéance d'une demande d'exercice de droits"),
    "rights.request_escalated": _("Échéance dépassée d'une demande d'exercice de droits"),
    "rights.match_confirmed": _(
        "Personne retrouvée dans des dossiers : lecture ouverte pour l'export"
    ),
    "rights.export_built": _("Export des données d'une personne préparé"),
    "rights.export_released": _("Export des données d'une personne relu et publié"),
    "rights.export_downloaded": _("Export des données d'une personne téléchargé"),
    "rights.request_shredded": _(
        "Demande d'exercice de droits anonymisée (durée de conservation écoulée)"
    ),
}

# What a case's access log says when an access export read the case (``case.read``).
READ_LABELS = {"rights_export": _("export des données d'une personne (demande d'accès)")}
