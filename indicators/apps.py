from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """The steering bodies' anonymised indicators (DOMAIN.md, "Indicators")."""

    name = "indicators"
    verbose_name = "Indicateurs de pilotage"
