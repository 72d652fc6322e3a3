"""Labels of the enquiries' audit actions (registered in ``EnquiriesConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
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
}
