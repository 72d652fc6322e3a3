from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = _("Enquêtes internes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at module level: Django requires models to be loaded first.
        from cases.core.accounts.models import Role
        from cases.core.audit.labels import register_action_labels
        from cases.core.audit.registry import audited
        from cases.services.grant_reasons import grant_table_register, reason_source_register
        from enquiries import audit_labels, models, procedure
        from enquiries.pending import investigator_pending_actions
        from enquiries.services.access import ENQUIRY_GRANTS, enquiry_reasons
        from enquiries.services.letters import on_letter_finalised
        from templates_legal.signals import letter_finalised
        from workflows.hooks import pending_action_source_register

        register_action_labels(audit_labels.ACTION_LABELS)
        for model in (
            models.InvestigatorProfile,
            models.Enquiry,
            models.CommissionAppointment,
            models.CommissionMember,
            models.Interview,
            models.ConfidentialityCommitment,
            models.RecordingAuthorisation,
            models.Minutes,
            models.EnquiryAttachment,
            models.EnquiryReport,
        ):
            audited(model)
        # The procedure's enquiry step and reminders (workflows.hooks).
        procedure.register()
        # An investigator's interviews, minutes and report in "Mes tâches" (workflows.hooks).
        pending_action_source_register(investigator_pending_actions, role=Role.INVESTIGATOR)
        # Case records cannot import enquiries: they are told of the enquiry grant table
        # and of the reasons to hold it (a seat, piloting), so one reconciliation covers both.
        grant_table_register(ENQUIRY_GRANTS)
        reason_source_register("enquiries", enquiry_reasons)
        # Finalising a letter drafted for a due row marks the row produced (signals.py
        # in templates_legal says why this is a signal and not a call).
        letter_finalised.connect(on_letter_finalised, dispatch_uid="enquiries.letter_due")
