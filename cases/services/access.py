"""Grant and revoke per-object access; declare conflicts of interest.

One service for both grant tables (``CaseGrant`` here, ``EnquiryGrant`` described by
``enquiries.services.access``): a ``GrantTable`` says which table, which permissions
and which audit actions; ``grants_add`` and ``grants_remove`` do the rest. Callers:
the workflow when a task is taken, the enquiry services, and ``grant_reasons``, which
takes back every grant that no current fact justifies any more. Audited: every grant,
revocation and conflict, with a reason code (never free text). Access is never granted
globally (T2), and a person in conflict with a case can never be granted anything on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.models import Case, CaseGrant, CasePermission, ConflictDeclaration, User


class ConflictOfInterest(ValidationError):
    pass


class NotACaseWorker(ValidationError):
    pass


def object_permissions(
    model: type[models.Model], known: Iterable[str], codenames: Iterable[str]
) -> list[Permission]:
    """The Permission rows of ``model`` for ``codenames``; unknown or missing ones raise."""
    wanted = sorted(set(codenames))
    unknown = set(wanted) - set(known)
    if unknown:
        raise ValueError(f"unknown {model._meta.model_name} permissions: {sorted(unknown)}")
    ctype = ContentType.objects.get_for_model(model)
    found = list(Permission.objects.filter(content_type=ctype, codename__in=wanted))
    if len(found) != len(wanted):
        raise ValueError(f"{model._meta.model_name} permissions are missing: run migrate")
    return found


@dataclass(frozen=True)
class GrantTable:
    """A per-object grant table (guardian's direct foreign-key shape) and how to audit it."""

    name: str  # "case", "enquiry": how reasons name the table
    model: type[Any]  # the grant model: content_object, user, permission
    target: type[models.Model]  # what is granted on
    known: tuple[str, ...]  # its permission codenames
    granted_action: str
    revoked_action: str
    case_of: Callable[[Any], Case]
    audit_details: Callable[[Any], dict[str, Any]] = field(default=lambda obj: {})
    row_fields: Callable[[Any], dict[str, Any]] = field(default=lambda obj: {})
    # The table's rows about one case (all of its objects), for reconciliation.
    rows_of_case: Callable[[Case], Any] = field(default=lambda case: None)
    # codename -> label in the interface language (lazy), for the "who has access" panel.
    labels: dict[str, Any] = field(default_factory=dict)

    def permissions(self, codenames: Iterable[str]) -> list[Permission]:
        return object_permissions(self.target, self.known, codenames)


CASE_GRANTS = GrantTable(
    name="case",
    model=CaseGrant,
    target=Case,
    known=tuple(CasePermission.values),
    granted_action="access.granted",
    revoked_action="access.revoked",
    case_of=lambda case: case,
    row_fields=lambda case: {"case_created_at": case.created_at},
    rows_of_case=lambda case: CaseGrant.objects.filter(content_object=case),
    labels=dict(CasePermission.choices),
)


def _conflict_refused() -> ConflictOfInterest:
    return ConflictOfInterest(
        _(
            "Cette personne est en conflit d'intérêts avec ce dossier : "
            "aucun accès ne peut lui être donné."
        )
    )


def grants_add(
    table: GrantTable,
    *,
    actor: User | None,
    obj: Any,
    user: User,
    permissions: Iterable[str],
    reason: str,
) -> list[str]:
    """Give ``user`` these permissions on ``obj``; refused for anyone in conflict with its case.

    Returns the codenames actually added (already held ones are left as they are).
    """
    perms = table.permissions(permissions)
    case = table.case_of(obj)
    with transaction.atomic():
        if is_in_conflict(case=case, user=user):
            raise _conflict_refused()
        existing = set(
            table.model.objects.filter(content_object=obj, user=user).values_list(
                "permission_id", flat=True
            )
        )
        new = [p for p in perms if p.pk not in existing]
        table.model.objects.bulk_create(
            table.model(content_object=obj, user=user, permission=p, **table.row_fields(obj))
            for p in new
        )
        if new:
            # bulk_create bypasses django-auditlog: the service writes the audit itself.
            audit_record(
                actor=actor,
                action=table.granted_action,
                target=case,
                entity_id=case.entity_id,
                details={
                    **table.audit_details(obj),
                    "user": user.pk,
                    "permissions": sorted(p.codename for p in new),
                    "reason_code": reason_code(reason),
                },
            )
    return sorted(p.codename for p in new)


def grants_remove(
    table: GrantTable,
    *,
    actor: User | None,
    obj: Any,
    user: User | int,
    permissions: Iterable[str] | None = None,
    reason: str,
) -> int:
    """Remove permissions (all of them by default); effective on the user's next request."""
    user_id = user if isinstance(user, int) else user.pk
    case = table.case_of(obj)
    with transaction.atomic():
        grants = table.model.objects.filter(content_object=obj, user_id=user_id)
        if permissions is not None:
            grants = grants.filter(permission__in=table.permissions(permissions))
        codenames = sorted(grants.values_list("permission__codename", flat=True))
        deleted, _detail = grants.delete()
        if deleted:
            audit_record(
                actor=actor,
                action=table.revoked_action,
                target=case,
                entity_id=case.entity_id,
                details={
                    **table.audit_details(obj),
                    "user": user_id,
                    "permissions": codenames,
                    "reason_code": reason_code(reason),
                },
            )
    return int(deleted)


# Roles that may work on case content. Steering reads aggregates only and entity
# administrators manage accounts: neither is ever granted a case (need to know).
CASE_WORKING_ROLES = frozenset({"listener", "referent", "investigator", "legal", "director"})


def is_in_conflict(*, case: Case, user: User) -> bool:
    return ConflictDeclaration.objects.filter(case=case, user=user).exists()


def access_grant(
    *, actor: User | None, case: Case, user: User, permissions: Iterable[str], reason: str
) -> None:
    """Give ``user`` these permissions on ``case``; refused for anyone in conflict."""
    CASE_GRANTS.permissions(permissions)
    if not reason.strip():
        raise ValidationError(_("Un motif est obligatoire pour donner accès à un dossier."))
    if not user.memberships.filter(role__in=CASE_WORKING_ROLES).exists():
        raise NotACaseWorker(
            _(
                "Cette personne n'a aucun rôle de traitement des dossiers : "
                "aucun accès à un dossier ne peut lui être donné."
            )
        )
    grants_add(
        CASE_GRANTS, actor=actor, obj=case, user=user, permissions=permissions, reason=reason
    )


def access_revoke(
    *,
    actor: User | None,
    case: Case,
    user: User,
    permissions: Iterable[str] | None = None,
    reason: str,
) -> int:
    """Remove permissions (all of them by default); effective on the next request."""
    return grants_remove(
        CASE_GRANTS, actor=actor, obj=case, user=user, permissions=permissions, reason=reason
    )


def conflict_declare(*, actor: User, case: Case, user: User, reason: str) -> ConflictDeclaration:
    """Exclude ``user`` from ``case`` for good: every access they had is revoked at once."""
    with transaction.atomic():
        declaration, created = ConflictDeclaration.objects.get_or_create(
            case=case,
            user=user,
            defaults={"declared_by": actor, "key_id": case.key_id, "reason": reason or "-"},
        )
        if created:
            audit_record(
                actor=actor,
                action="conflict.declared",
                target=case,
                entity_id=case.entity_id,
                details={"user": user.pk, "self_declared": actor.pk == user.pk},
            )
            access_revoke(actor=actor, case=case, user=user, reason="conflict")
    return declaration


# Why access changed, as the workflows and enquiries say it: kept as is in the audit.
KNOWN_REASONS = frozenset(
    {
        "assignment",
        "conflict",
        "reassignment",
        "referral",
        "appointment",
        "end_of_task",
        "opening",
        "end_of_enquiry",
        "report_submitted",
        # Causes of a reconciliation (grant_reasons.grants_reconcile): the fact that ended.
        "task_claimed",
        "task_released",
        "task_reassigned",
        "step_done",
        "role_revoked",
        "case_closed",
        "letter_signed",
        "letter_withdrawn",
        # A final letter asks someone to sign it (templates_legal: ``letter_to_sign``).
        "letter_to_sign",
        # An access request's matched cases (rights: ``subject_request``) and its ends.
        "subject_request",
        "subject_request_closed",
        "subject_request_released",
        "subject_request_rematched",
        "nightly_check",
    }
)


def reason_code(reason: str) -> str:
    """Reasons are free text and may name people: the audit keeps a short code only.

    Known workflow reasons (``assignment``, ``conflict``...) are kept as they are;
    anything else is recorded as ``stated`` (a reason was given).
    """
    return reason if reason in KNOWN_REASONS else "stated"
