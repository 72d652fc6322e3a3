"""Labels of the procedure's audit actions (registered in ``WorkflowsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "contact.logged": _("Premier contact enregistré"),
    "contact.followed_up": _("Échange complémentaire noté sur une fiche d'écoute"),
    "contact.handed_over": _("Fiche d'écoute transmise aux référent·es"),
    "case.urgent_notified": _("Signalement urgent : référent·es et direction prévenu·es"),
    "case.triaged": _("Signalement qualifié et orienté"),
    "case.decided": _("Décision de la direction"),
    "case.sanction_recorded": _("Sanction disciplinaire enregistrée"),
    "case.closed": _("Clôture du dossier"),
    "case.reopened": _("Réouverture du dossier"),
    "task.claimed": _("Tâche prise en charge"),
    "task.assigned": _("Tâche attribuée"),
    "task.released": _("Tâche remise à disposition"),
    "task.completed": _("Étape réalisée"),
    "measure.added": _("Mesure conservatoire décidée"),
    "measure.lifted": _("Mesure conservatoire levée"),
    "meeting.requested": _("Demande d'entretien de la personne enregistrée"),
    "meeting.proposed": _("Entretien proposé à la personne"),
    "meeting.held": _("Entretien tenu avec la personne"),
    "feedback.interim_given": _("Information d'étape donnée à la personne"),
    "deadline.reminded": _("Rappel d'échéance envoyé"),
    "deadline.escalated": _("Échéance dépassée signalée"),
    "suspension.decided": _("Suspension conservatoire décidée"),
    "suspension.ended": _("Suspension conservatoire levée"),
}
