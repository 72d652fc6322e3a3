from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Procédures"

    def ready(self) -> None:
        # Imported here, once the app registry is ready (models are used at import).
        from cases.services.grant_reasons import reason_source_register, role_revoked_hook_register
        from workflows import signals  # noqa: F401  (connects the open-task receiver)
        from workflows.grant_reasons import tasks_release_for_role, workflow_reasons

        # Case records cannot import the procedure: it tells them why people hold cases.
        reason_source_register("workflows", workflow_reasons, governs=True)
        role_revoked_hook_register(
            "workflows", lambda u, e, r: list(tasks_release_for_role(u, e, r))
        )
