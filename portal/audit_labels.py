"""Labels of the portal's audit actions (registered in ``PortalConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "portal.report_received": _("Signalement reçu par le portail"),
    "portal.question_received": _("Question reçue par le portail"),
    "portal.code_refused": _("Code de suivi refusé sur le portail"),
}
