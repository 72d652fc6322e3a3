from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Dossiers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases import checks, receivers  # noqa: F401  (system checks, signal receivers)
        from cases.audit_registry import register_models

        register_models()
        # Fail at start-up, not at the first encryption, when keys are missing or wrong.
        from cases.crypto.keyring import key_ring

        key_ring()
