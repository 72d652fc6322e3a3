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
    "contact.logged": _("Premier contact enregistré"),
    "contact.read": _("Consultation d'une fiche d'écoute par son auteur·rice"),
    "case.triaged": _("Signalement qualifié et orienté"),
    "case.decided": _("Décision de la direction"),
    "case.closed": _("Clôture du dossier"),
    "case.reopened": _("Réouverture du dossier"),
    "task.claimed": _("Tâche prise en charge"),
    "task.assigned": _("Tâche attribuée"),
    "task.released": _("Tâche remise à disposition"),
    "task.completed": _("Étape réalisée"),
    "measure.added": _("Mesure conservatoire décidée"),
    "measure.lifted": _("Mesure conservatoire levée"),
    "deadline.reminded": _("Rappel d'échéance envoyé"),
    "deadline.escalated": _("Échéance dépassée signalée"),
    "letter.drafted": _("Courrier préparé"),
    "letter.draft_updated": _("Brouillon de courrier modifié"),
    "letter.discarded": _("Brouillon de courrier abandonné"),
    "letter.finalised": _("Courrier finalisé et enregistré au registre"),
    "letter.pdf_made": _("PDF du courrier produit"),
    "letter.signed": _("Courrier signé"),
    "enquiry.opened": _("Ouverture de l'enquête interne"),
    "enquiry.appointed": _("Désignation de la commission d'enquête"),
    "enquiry.access_granted": _("Accès à l'enquête donné"),
    "enquiry.access_revoked": _("Accès à l'enquête retiré"),
    "enquiry.member_conflict": _("Conflit d'intérêts d'un membre de la commission"),
    "enquiry.witness_added": _("Ajout d'un témoin"),
    "enquiry.interview_planned": _("Audition planifiée"),
    "enquiry.interview_cancelled": _("Audition annulée"),
    "enquiry.interview_held": _("Audition tenue"),
    "enquiry.commitment_signed": _("Engagement de confidentialité signé"),
    "enquiry.recording_answered": _("Réponse à la demande d'enregistrement"),
    "enquiry.minutes_saved": _("Compte rendu d'audition enregistré"),
    "enquiry.minutes_read_back": _("Compte rendu relu avec la personne entendue"),
    "enquiry.minutes_signed": _("Compte rendu signé"),
    "enquiry.minutes_refused": _("Refus de signer le compte rendu noté"),
    "enquiry.attachment_added": _("Pièce d'enquête ajoutée"),
    "enquiry.letter_produced": _("Courrier d'enquête produit"),
    "enquiry.report_saved": _("Rapport d'enquête enregistré"),
    "enquiry.report_submitted": _("Rapport d'enquête remis à la direction"),
    "enquiry.ended": _("Fin de l'enquête"),
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
