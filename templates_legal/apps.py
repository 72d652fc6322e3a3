from django.apps import AppConfig


class TemplatesLegalConfig(AppConfig):
    name = "templates_legal"
    verbose_name = "Courriers juridiques"

    def ready(self) -> None:
        # Imported here, not at module level: Django requires models to be loaded first.
        from cases.core.audit.labels import register_action_labels, register_read_labels
        from cases.services.grant_reasons import reason_source_register
        from templates_legal import audit_labels
        from templates_legal.grant_reasons import letter_reasons

        register_action_labels(audit_labels.ACTION_LABELS)
        register_read_labels(audit_labels.READ_LABELS)
        # A letter waiting for its signatory is a reason to keep the case (case records
        # cannot import letters: they are told).
        reason_source_register("letters", letter_reasons)
