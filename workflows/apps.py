from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Procédures"

    def ready(self) -> None:
        # Imported here, not at module level: Django requires models to be loaded first.
        from cases.core.audit.labels import register_action_labels
        from cases.services.grant_reasons import reason_source_register, role_revoked_hook_register
        from workflows import audit_labels, signals  # noqa: F401  (open-task receiver)
        from workflows.grant_reasons import tasks_release_for_role, workflow_reasons

        register_action_labels(audit_labels.ACTION_LABELS)
        # Case records cannot import the procedure: it tells them why people hold cases.
        reason_source_register("workflows", workflow_reasons, governs=True)
        role_revoked_hook_register(
            "workflows", lambda u, e, r: list(tasks_release_for_role(u, e, r))
        )
