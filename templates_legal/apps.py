from django.apps import AppConfig


class TemplatesLegalConfig(AppConfig):
    name = "templates_legal"
    verbose_name = "Courriers juridiques"

    def ready(self) -> None:
        # Imported here, not at module level: Django requires models to be loaded first.
        from cases.core.audit.labels import register_action_labels, register_read_labels
        from templates_legal import audit_labels

        register_action_labels(audit_labels.ACTION_LABELS)
        register_read_labels(audit_labels.READ_LABELS)
