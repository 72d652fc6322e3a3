from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Conservation des données")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at module level: Django requires models to be loaded first.
        from cases.core.audit.labels import register_action_labels
        from cases.core.audit.registry import audited
        from retention import audit_labels, checks, models  # noqa: F401  (system check)
        from retention.clocks import case_retention_refresh, contact_retention_refresh
        from retention.rules import RULES
        from retention.services import hold_reviewers
        from workflows.deadlines import LEGAL_HOLD_REVIEW
        from workflows.hooks import (
            case_facts_listener_register,
            contact_facts_listener_register,
            reminder_source_register,
            retention_rule_describer_register,
        )

        register_action_labels(audit_labels.ACTION_LABELS)
        audited(models.LegalHold)
        # The procedure records the events; the retention clock follows (workflows.hooks).
        case_facts_listener_register(case_retention_refresh)
        contact_facts_listener_register(contact_retention_refresh)
        # A hold's review date is a case deadline: its author is reminded.
        reminder_source_register(LEGAL_HOLD_REVIEW.code, hold_reviewers)
        # Apps of this layer that keep their own records (rights) show the rule's text.
        retention_rule_describer_register(RULES.get)
