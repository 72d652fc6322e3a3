from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadsConfig(AppConfig):
    name = "threads"
    verbose_name = _("Échanges avec la personne ayant signalé")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at module level: Django requires models to be loaded first.
        from cases.core.audit.labels import register_action_labels, register_read_labels
        from cases.core.audit.registry import audited
        from threads import audit_labels, models

        register_action_labels(audit_labels.ACTION_LABELS)
        register_read_labels(audit_labels.READ_LABELS)
        # Messages and files are written once: their creation is chained into the trail.
        # The thread itself is not registered: its unread counters change on every read.
        audited(models.ReporterMessage)
        audited(models.ReporterAttachment)
