"""Grant and revoke per-case access; declare conflicts of interest.

Callers: referents holding the case (``triage_case``), entity administrators, and
the workflow when it assigns a task. Audited: every grant, revocation and conflict,
with its reason. Access is never granted globally (T2), and a person in conflict
with a case can never be granted anything on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.models import Case, CaseGrant, CasePermission, ConflictDeclaration, User


class ConflictOfInterest(ValidationError):
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


def _permissions(codenames: Iterable[str]) -> list[Permission]:
    return object_permissions(Case, CasePermission.values, codenames)


# Roles that may work on case content. Steering reads aggregates only and entity
# administrators manage accounts: neither is ever granted a case (need to know).
CASE_WORKING_ROLES = frozenset({"listener", "referent", "investigator", "legal", "director"})


class NotACaseWorker(ValidationError):
    pass


def is_in_conflict(*, case: Case, user: User) -> bool:
    return ConflictDeclaration.objects.filter(case=case, user=user).exists()


def access_grant(
    *, actor: User | None, case: Case, user: User, permissions: Iterable[str], reason: str
) -> None:
    """Give ``user`` these permissions on ``case``; refused for anyone in conflict."""
    perms = _permissions(permissions)
    if not reason.strip():
        raise ValidationError(_("Un motif est obligatoire pour donner accès à un dossier."))
    if not user.memberships.filter(role__in=CASE_WORKING_ROLES).exists():
        raise NotACaseWorker(
            _(
                "Cette personne n'a aucun rôle de traitement des dossiers : "
                "aucun accès à un dossier ne peut lui être donné."
            )
        )
    with transaction.atomic():
        if is_in_conflict(case=case, user=user):
            raise ConflictOfInterest(
                _(
                    "Cette personne est en conflit d'intérêts avec ce dossier : "
                    "aucun accès ne peut lui être donné."
                )
            )
        existing = set(
            CaseGrant.objects.filter(content_object=case, user=user).values_list(
                "permission_id", flat=True
            )
        )
        new = [p for p in perms if p.pk not in existing]
        CaseGrant.objects.bulk_create(
            CaseGrant(content_object=case, user=user, permission=p, case_created_at=case.created_at)
            for p in new
        )
        if new:
            # bulk_create bypasses django-auditlog: the service writes the audit itself.
            audit_record(
                actor=actor,
                action="access.granted",
                target=case,
                entity_id=case.entity_id,
                details={
                    "user": user.pk,
                    "permissions": sorted(p.codename for p in new),
                    "reason_code": reason_code(reason),
                },
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
    with transaction.atomic():
        grants = CaseGrant.objects.filter(content_object=case, user=user)
        if permissions is not None:
            grants = grants.filter(permission__in=_permissions(permissions))
        codenames = sorted(grants.values_list("permission__codename", flat=True))
        deleted, _detail = grants.delete()
        if deleted:
            audit_record(
                actor=actor,
                action="access.revoked",
                target=case,
                entity_id=case.entity_id,
                details={
                    "user": user.pk,
                    "permissions": codenames,
                    "reason_code": reason_code(reason),
                },
            )
    return deleted


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
    }
)


def reason_code(reason: str) -> str:
    """Reasons are free text and may name people: the audit keeps a short code only.

    Known workflow reasons (``assignment``, ``conflict``...) are kept as they are;
    anything else is recorded as ``stated`` (a reason was given).
    """
    return reason if reason in KNOWN_REASONS else "stated"
