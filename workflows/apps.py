from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Procédures"

    def ready(self) -> None:
        # Imported here, not at module level: Django requires models to be loaded first.
        from cases.core.audit.labels import register_action_labels
        from workflows import audit_labels, signals  # noqa: F401  (open-task receiver)

        register_action_labels(audit_labels.ACTION_LABELS)
