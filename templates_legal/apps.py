from django.apps import AppConfig


class TemplatesLegalConfig(AppConfig):
    name = "templates_legal"
    verbose_name = "Courriers juridiques"

    def ready(self) -> None:
        # Imported here, once the app registry is ready (models are used at import).
        from cases.services.grant_reasons import reason_source_register
        from templates_legal.grant_reasons import letter_reasons

        # A letter waiting for its signatory is a reason to keep the case (case records
        # cannot import letters: they are told).
        reason_source_register("letters", letter_reasons)
