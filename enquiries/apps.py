from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = _("Enquêtes internes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: models and services need the app registry ready.
        from enquiries.audit_registry import register_models
        from enquiries.services.letters import on_letter_finalised
        from templates_legal.signals import letter_finalised

        register_models()
        # Finalising a letter drafted for a due row marks the row produced (signals.py
        # in templates_legal says why this is a signal and not a call).
        letter_finalised.connect(on_letter_finalised, dispatch_uid="enquiries.letter_due")
