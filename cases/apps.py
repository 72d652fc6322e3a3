from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PROTECTION_LETTER = "protection_decision"


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Dossiers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at module level: Django requires models to be loaded first.
        from cases import audit_labels, models
        from cases.core.accounts import receivers  # noqa: F401  (roles-version receivers)
        from cases.core.accounts.signals import role_revoked
        from cases.core.audit import labels
        from cases.core.audit.registry import audited, chain_auditlog
        from cases.core.crypto import checks  # noqa: F401  (system checks)
        from cases.core.crypto.keyring import key_ring
        from cases.services.grant_reasons import reason_source_register, role_revoked_reconcile
        from cases.services.protection import protection_letter_finalised, protection_reasons
        from templates_legal.signals import letter_finalised

        labels.register_action_labels(labels.CORE_ACTION_LABELS)
        labels.register_action_labels(audit_labels.ACTION_LABELS)
        labels.register_action_labels(audit_labels.ACCOUNT_ACTION_LABELS)
        labels.register_read_labels(audit_labels.READ_LABELS)
        for model in (
            models.Case,
            models.Party,
            models.PartyRevision,
            models.NarrativeVersion,
            models.CaseNote,
            models.Attachment,
            models.ConflictDeclaration,
            models.Entity,
            models.RoleMembership,
        ):
            audited(model)
        audited(models.User, exclude=["password", "last_login"])
        chain_auditlog()
        # A revoked role ends the case rights it was the reason for, in its transaction.
        role_revoked.connect(
            lambda sender, signal, **facts: role_revoked_reconcile(**facts),
            weak=False,
            dispatch_uid="cases.grants_on_role_revoked",
        )
        # A staff victim's protection: the directors decide it and sign its letter.
        reason_source_register("protection", protection_reasons)
        letter_finalised.connect(
            lambda sender, signal, letter, actor, **_kw: (
                protection_letter_finalised(actor=actor, case=letter.case)
                if letter.kind == PROTECTION_LETTER
                else None
            ),
            weak=False,
            dispatch_uid="cases.protection_letter_finalised",
        )
        # Fail at start-up, not at the first encryption, when keys are missing or wrong.
        key_ring()
