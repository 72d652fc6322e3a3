from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """The steering bodies' anonymised indicators (DOMAIN.md, "Indicators")."""

    name = "indicators"
    verbose_name = "Indicateurs de pilotage"

    def ready(self) -> None:
        from cases.core.audit.labels import register_action_labels
        from indicators import audit_labels

        register_action_labels(audit_labels.ACTION_LABELS)
