from django.apps import AppConfig


class TemplatesLegalConfig(AppConfig):
    name = "templates_legal"
    verbose_name = "Courriers juridiques"
