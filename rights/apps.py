from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = _("Droits des personnes (RGPD)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registries of the layers below (docs/ARCHITECTURE.md): imported here because
        # Django calls ready() once the app registry is complete.
        from cases.core.audit import labels
        from cases.services.grant_reasons import reason_source_register
        from rights import audit_labels, retention, services
        from rights.grant_reasons import subject_request_owned, subject_request_reasons
        from workflows import hooks

        labels.register_action_labels(audit_labels.ACTION_LABELS)
        labels.register_read_labels(audit_labels.READ_LABELS)
        hooks.timer_register("subject_requests", services.subject_requests_sweep)
        # A closed request is anonymised by ``apply_retention`` once its date has come.
        hooks.retention_source_register(retention.SOURCE)
        # The handler of an open access request reads the cases matched for its export.
        # It owns the readings it gave: they end with it even where no procedure governs.
        reason_source_register(
            "subject_requests", subject_request_reasons, owned=subject_request_owned
        )
