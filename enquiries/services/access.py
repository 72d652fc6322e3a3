"""Grant and revoke per-enquiry access: the one place ``EnquiryGrant`` rows change.

The rows are written by the one grant service of ``cases.services.access``
(``grants_add``/``grants_remove``) through ``ENQUIRY_GRANTS``, which says how this table
is audited: against the case, so the case's history shows who could read the enquiry
and when that stopped (T2, T5). Nobody in conflict with the case is ever granted
anything. Callers: the enquiry services (opening, appointment, end, report submission).

Why someone holds an enquiry grant (``enquiry_reasons``, registered with
``cases.services.grant_reasons`` at start-up): a seat on the commission of a running
enquiry (view, conduct), or having opened the enquiry of a case still open and still
being a referent of its entity (view, manage). Anything else is taken back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cases.models import Case, Role, RoleMembership, User
from cases.services.access import GrantTable, grants_add, grants_remove
from cases.services.grant_reasons import Reason
from enquiries.models import CommissionMember, Enquiry, EnquiryGrant, EnquiryPermission

INVESTIGATOR_PERMISSIONS = (EnquiryPermission.VIEW, EnquiryPermission.CONDUCT)
MANAGER_PERMISSIONS = (EnquiryPermission.VIEW, EnquiryPermission.MANAGE)

ENQUIRY_GRANTS = GrantTable(
    name="enquiry",
    model=EnquiryGrant,
    target=Enquiry,
    known=tuple(EnquiryPermission.values),
    granted_action="enquiry.access_granted",
    revoked_action="enquiry.access_revoked",
    case_of=lambda enquiry: enquiry.case,
    audit_details=lambda enquiry: {"enquiry": str(enquiry.pk)},
    rows_of_case=lambda case: EnquiryGrant.objects.filter(content_object__case=case),
    labels=dict(EnquiryPermission.choices),
)


def enquiry_access_grant(
    *, actor: User, enquiry: Enquiry, user: User, permissions: Iterable[str], reason: str
) -> None:
    """Give ``user`` these permissions on this enquiry only; refused for anyone in conflict."""
    grants_add(
        ENQUIRY_GRANTS,
        actor=actor,
        obj=enquiry,
        user=user,
        permissions=permissions,
        reason=reason,
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
    return grants_remove(
        ENQUIRY_GRANTS,
        actor=actor,
        obj=enquiry,
        user=user,
        permissions=permissions,
        reason=reason,
    )


def enquiry_reasons(case: Case) -> Iterator[Reason]:
    """The current reasons to hold enquiry grants on ``case``'s enquiries."""
    seats = CommissionMember.objects.filter(
        enquiry__case=case,
        ended_at__isnull=True,
        enquiry__status__in=(Enquiry.Status.OPENED, Enquiry.Status.IN_PROGRESS),
    ).values_list("enquiry_id", "investigator_id")
    for enquiry_id, user_id in seats:
        yield Reason(
            table="enquiry",
            object_id=enquiry_id,
            user_id=user_id,
            permissions=frozenset(INVESTIGATOR_PERMISSIONS),
            code="commission_seat",
        )
    if case.status != Case.Status.OPEN:
        return
    referents = set(
        RoleMembership.objects.filter(entity_id=case.entity_id, role=Role.REFERENT).values_list(
            "user_id", flat=True
        )
    )
    for enquiry_id, opener_id in Enquiry.objects.filter(case=case).values_list(
        "pk", "opened_by_id"
    ):
        if opener_id in referents:
            yield Reason(
                table="enquiry",
                object_id=enquiry_id,
                user_id=opener_id,
                permissions=frozenset(MANAGER_PERMISSIONS),
                code="enquiry_pilot",
            )
