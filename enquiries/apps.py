from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = _("Enquêtes internes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django
        # loads only once every app's configuration is ready.
        from enquiries import procedure
        from enquiries.audit_registry import register_models
        from enquiries.services.letters import on_letter_finalised
        from templates_legal.signals import letter_finalised

        register_models()
        procedure.register()
        # Finalising a letter drafted for a due row marks the row produced (signals.py
        # in templates_legal says why this is a signal and not a call).
        letter_finalised.connect(on_letter_finalised, dispatch_uid="enquiries.letter_due")
