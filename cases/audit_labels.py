"""Labels of the case records' own audit actions (registered in ``CasesConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "case.created": _("Création du dossier"),
    "case.updated": _("Modification du dossier"),
    "case.read": _("Consultation"),
    "case.party_added": _("Ajout d'une personne concernée"),
    "case.party_corrected": _("Correction d'une personne concernée"),
    "case.note_added": _("Ajout d'une note"),
    "case.attachment_added": _("Ajout d'une pièce jointe"),
    "case.shredded": _("Destruction des données (clé effacée)"),
    "keys.rotated": _("Clés de dossier ré-enveloppées (rotation)"),
    "keys.store_repaired": _("Secrets restants effacés du magasin de clés"),
    "backup.created": _("Sauvegarde des bases effectuée"),
    "backup.restored": _("Base restaurée depuis une sauvegarde"),
    "access.granted": _("Accès donné"),
    "access.revoked": _("Accès retiré"),
    "conflict.declared": _("Conflit d'intérêts déclaré"),
    "index.lookup": _("Recherche de la personne dans d'autres dossiers"),
    "contact.read": _("Consultation d'une fiche d'écoute par son auteur·rice"),
    "support.resource_added": _("Ressource d'orientation ajoutée à l'annuaire"),
    "support.resource_changed": _("Ressource d'orientation modifiée"),
    "protection.requested": _("Demande de protection fonctionnelle enregistrée"),
    "protection.decided": _("Décision sur la protection fonctionnelle"),
    "protection.measure_added": _("Mesure de protection fonctionnelle enregistrée"),
    "protection.letter_finalised": _("Courrier de décision de protection fonctionnelle établi"),
}

READ_LABELS = {
    "case": _("fiche du dossier"),
    "history": _("historique"),
    "person": _("fiche d'une personne concernée"),
    "names_before_claim": _("noms des personnes citées, avant prise en charge"),
    "attachment": _("téléchargement d'une pièce"),
    "export": _("export"),
}

# The account page and the administrators' resets (``cases.core.security``, ``cases.core.accounts``).
ACCOUNT_ACTION_LABELS = {
    "account.password_changed": _("Mot de passe changé par la personne"),
    "account.title_updated": _("Fonction du compte modifiée par un·e administrateur·rice"),
    "account.password_reset": _("Mot de passe réinitialisé par un·e administrateur·rice"),
    "account.session_ended": _("Session déconnectée depuis « Mon compte »"),
    "account.sessions_ended": _("Autres sessions déconnectées depuis « Mon compte »"),
}
