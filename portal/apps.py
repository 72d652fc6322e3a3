from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public reporting portal: pages anyone reaches without an account (T6)."""

    name = "portal"
    verbose_name = "Portail de signalement"

    def ready(self) -> None:
        # Registered here rather than imported by the core: layers run one way.
        from cases.core.audit.labels import register_action_labels
        from cases.core.security.middleware import public_url_names_register
        from portal.audit_labels import ACTION_LABELS
        from portal.urls import PUBLIC_NAMES

        register_action_labels(ACTION_LABELS)
        public_url_names_register(PUBLIC_NAMES)
