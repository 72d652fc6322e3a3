"""Plain-language labels of audit actions, for the people reading a case's history."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "case.created": _("Création du dossier"),
    "case.updated": _("Modification du dossier"),
    "case.read": _("Consultation"),
    "case.party_added": _("Ajout d'une personne concernée"),
    "case.note_added": _("Ajout d'une note"),
    "case.attachment_added": _("Ajout d'une pièce jointe"),
    "case.shredded": _("Destruction des données (clé effacée)"),
    "access.granted": _("Accès donné"),
    "access.revoked": _("Accès retiré"),
    "conflict.declared": _("Conflit d'intérêts déclaré"),
    "index.lookup": _("Recherche de la personne dans d'autres dossiers"),
    "change.create": _("Enregistrement créé"),
    "change.update": _("Enregistrement modifié"),
    "change.delete": _("Enregistrement supprimé"),
}

READ_LABELS = {
    "case": _("fiche du dossier"),
    "history": _("historique"),
    "attachment": _("téléchargement d'une pièce"),
    "letter": _("courrier"),
    "export": _("export"),
}


def action_label(action: str, details: dict[str, object] | None = None) -> str:
    label = str(ACTION_LABELS.get(action, action))
    what = (details or {}).get("what")
    if action == "case.read" and isinstance(what, str) and what in READ_LABELS:
        return f"{label} — {READ_LABELS[what]}"
    return label
