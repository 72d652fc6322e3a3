"""Helpers shared by the enquiry services: permission re-checks, letters due, audit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.models import Party, User
from cases.services.closed import case_require_open
from enquiries.models import (
    CommissionMember,
    Enquiry,
    EnquiryGrant,
    EnquiryPermission,
    Interview,
    LetterDue,
)
from enquiries.selectors import enquiry_permissions_of


def require(actor: User, enquiry: Enquiry, permission: str) -> None:
    """Defence in depth: views already answered 404; a service called directly refuses too."""
    if permission not in enquiry_permissions_of(actor, enquiry):
        raise PermissionDenied


def require_running(enquiry: Enquiry, *, case_open: bool = True) -> None:
    """The enquiry runs, and its case is open (``cases.services.closed``).

    ``case_open=False`` only for ending the enquiry: a running enquiry of a closed case
    is still ended, so that its commission loses access.
    """
    if not enquiry.is_running:
        raise ValidationError(_("Cette enquête est close : elle ne peut plus être modifiée."))
    if case_open:
        case_require_open(enquiry.case)


def require_seat(actor: User, enquiry: Enquiry) -> CommissionMember:
    """Only a sitting member of the commission conducts it."""
    seat = CommissionMember.objects.filter(
        enquiry=enquiry, investigator=actor, ended_at__isnull=True
    ).first()
    if (
        seat is None
        or not EnquiryGrant.objects.filter(
            content_object=enquiry, user=actor, permission__codename=EnquiryPermission.CONDUCT
        ).exists()
    ):
        raise PermissionDenied
    return seat


def letter_due(
    *,
    enquiry: Enquiry,
    step: str,
    kind: str,
    interview: Interview | None = None,
    member: CommissionMember | None = None,
    party: Party | None = None,
) -> LetterDue:
    """Record that a step calls for a letter of ``kind`` (a ``templates_legal.kinds`` code)."""
    due, _created = LetterDue.objects.get_or_create(
        enquiry=enquiry,
        step=step,
        kind=kind,
        interview=interview,
        member=member,
        party=party,
    )
    return due


def audit(actor: User | None, enquiry: Enquiry, action: str, **details: Any) -> None:
    """An enquiry event, recorded against its case so the case history shows it."""
    audit_record(
        actor=actor,
        action=action,
        target=enquiry.case,
        entity_id=enquiry.case.entity_id,
        details={"enquiry": str(enquiry.pk), **details},
    )
