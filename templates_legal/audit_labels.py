"""Labels of the letters' audit actions (registered in ``TemplatesLegalConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "letter.drafted": _("Courrier préparé"),
    "letter.draft_updated": _("Brouillon de courrier modifié"),
    "letter.discarded": _("Brouillon de courrier abandonné"),
    "letter.finalised": _("Courrier finalisé et enregistré au registre"),
    "letter.pdf_made": _("PDF du courrier produit"),
    "letter.signed": _("Courrier signé"),
    "letter.withdrawn": _("Courrier retiré avant signature"),
}

READ_LABELS = {
    "letter": _("courrier"),
}
