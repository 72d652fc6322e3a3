"""The access request's reason to hold a case: the person was matched in it.

When the legal officer handling an open access request (RGPD art. 15) confirms on the
request page that the person appears in cases of the entity (blind-index lookup,
``rights.exports.access_match_confirm``), they hold **reading only** (``view_case``:
what the export needs) on exactly those cases (``subject_request``), so that the export
covers them even though the legal directorate holds no step there. The reason lasts
while the request is open, its export not released, and the officer keeps the legal
role in the case's entity and declares no conflict; closing the request or releasing
the export reconciles in its own transaction. Registered with
``cases.services.grant_reasons`` by the app's ``ready``; it does not govern a case, but
it *owns* the readings it gave (``MatchedReading``): on a case created outside the
procedure, which no source governs, those still end with the reason.
"""

from __future__ import annotations

from cases.models import Case, ConflictDeclaration, RoleMembership
from cases.services.grant_reasons import OwnedGrant, Reason
from rights.models import AccessExport, MatchedReading, SubjectRequest, SubjectRequestMatch
from rights.services import REGISTER_ROLES

SUBJECT_REQUEST = "subject_request"
SUBJECT_REQUEST_PERMISSIONS = frozenset({"view_case"})


def subject_request_reasons(case: Case) -> list[Reason]:
    handlers = set(
        SubjectRequestMatch.objects.filter(
            case=case,
            request__entity_id=case.entity_id,
            request__kind=SubjectRequest.Kind.ACCESS,
            request__status=SubjectRequest.Status.OPEN,
        )
        .exclude(request__export__status=AccessExport.Status.RELEASED)
        .values_list("handler_id", flat=True)
    )
    if not handlers:
        return []
    excluded = set(ConflictDeclaration.objects.filter(case=case).values_list("user_id", flat=True))
    legal = set(
        RoleMembership.objects.filter(
            entity_id=case.entity_id,
            role__in=REGISTER_ROLES,
            user_id__in=handlers,
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )
    return [
        Reason(
            table="case",
            object_id=case.pk,
            user_id=user_id,
            permissions=SUBJECT_REQUEST_PERMISSIONS,
            code=SUBJECT_REQUEST,
        )
        for user_id in sorted(legal - excluded)
    ]


def subject_request_owned(case: Case) -> list[OwnedGrant]:
    """The readings a match gave on ``case`` (and that its handler did not hold before)."""
    return [
        ("case", case.pk, user_id, codename)
        for user_id in MatchedReading.objects.filter(case=case).values_list("user_id", flat=True)
        for codename in sorted(SUBJECT_REQUEST_PERMISSIONS)
    ]
