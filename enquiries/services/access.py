"""Grant and revoke per-enquiry access: the one place ``EnquiryGrant`` rows change.

Callers: the enquiry services (opening, appointment, end, report submission). Every
grant and revocation is written to the hash-chained audit against the case, so the
case's history shows who could read the enquiry and when that stopped (T2, T5).
Nobody in conflict with the case is ever granted anything (cases.services.access).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.models import User
from cases.services.access import (
    ConflictOfInterest,
    is_in_conflict,
    object_permissions,
    reason_code,
)
from enquiries.models import Enquiry, EnquiryGrant, EnquiryPermission

INVESTIGATOR_PERMISSIONS = (EnquiryPermission.VIEW, EnquiryPermission.CONDUCT)
MANAGER_PERMISSIONS = (EnquiryPermission.VIEW, EnquiryPermission.MANAGE)


def _permissions(codenames: Iterable[str]) -> list[Permission]:
    return object_permissions(Enquiry, EnquiryPermission.values, codenames)


def enquiry_access_grant(
    *, actor: User, enquiry: Enquiry, user: User, permissions: Iterable[str], reason: str
) -> None:
    """Give ``user`` these permissions on this enquiry only; refused for anyone in conflict."""
    perms = _permissions(permissions)
    with transaction.atomic():
        if is_in_conflict(case=enquiry.case, user=user):
            raise ConflictOfInterest(
                _(
                    "Cette personne est en conflit d'intérêts avec ce dossier : "
                    "aucun accès à l'enquête ne peut lui être donné."
                )
            )
        existing = set(
            EnquiryGrant.objects.filter(content_object=enquiry, user=user).values_list(
                "permission_id", flat=True
            )
        )
        new = [p for p in perms if p.pk not in existing]
        # bulk_create bypasses django-auditlog: the audit is written here.
        EnquiryGrant.objects.bulk_create(
            EnquiryGrant(content_object=enquiry, user=user, permission=p) for p in new
        )
        if new:
            audit_record(
                actor=actor,
                action="enquiry.access_granted",
                target=enquiry.case,
                entity_id=enquiry.case.entity_id,
                details={
                    "enquiry": str(enquiry.pk),
                    "user": user.pk,
                    "permissions": sorted(p.codename for p in new),
                    "reason_code": reason_code(reason),
                },
            )


def enquiry_access_revoke(
    *,
    actor: User | None,
    enquiry: Enquiry,
    user: User,
    permissions: Iterable[str] | None = None,
    reason: str,
) -> int:
    """Remove permissions (all by default); effective on the user's next request."""
    with transaction.atomic():
        grants = EnquiryGrant.objects.filter(content_object=enquiry, user=user)
        if permissions is not None:
            grants = grants.filter(permission__in=_permissions(permissions))
        codenames = sorted(grants.values_list("permission__codename", flat=True))
        deleted, _detail = grants.delete()
        if deleted:
            audit_record(
                actor=actor,
                action="enquiry.access_revoked",
                target=enquiry.case,
                entity_id=enquiry.case.entity_id,
                details={
                    "enquiry": str(enquiry.pk),
                    "user": user.pk,
                    "permissions": codenames,
                    "reason_code": reason_code(reason),
                },
            )
    return deleted
