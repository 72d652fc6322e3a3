from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Procédures"

    def ready(self) -> None:
        from workflows import signals  # noqa: F401  (connects the open-task receiver)
