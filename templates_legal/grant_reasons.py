"""Letters' reason to hold a case: a final letter waiting for its signatory.

Whoever holds ``sign_letter`` on a case and a role the letter's kind names as
signatory keeps reading the case and signing while such a letter waits
(``letter_to_sign``), even once the step that brought them there is done; the
signature ends it (``letter_sign`` reconciles). Registered with
``cases.services.grant_reasons`` by the app's ``ready``.
"""

from __future__ import annotations

from cases.models import Case, CaseGrant, CasePermission, RoleMembership
from cases.services.grant_reasons import Reason
from templates_legal.kinds import UnknownLetterKind, letter_kind
from templates_legal.models import Letter

SIGNATORY_PERMISSIONS = frozenset({CasePermission.VIEW.value, CasePermission.SIGN_LETTER.value})


def letter_reasons(case: Case) -> list[Reason] | None:
    kinds = set(
        Letter.objects.filter(case=case, status=Letter.Status.FINAL).values_list("kind", flat=True)
    )
    if not kinds:
        return []  # says nothing either way: the procedure governs the case
    roles: set[str] = set()
    for kind in kinds:
        try:
            roles.update(letter_kind(kind).signatory_roles)
        except UnknownLetterKind:
            continue
    signers = set(
        CaseGrant.objects.filter(
            content_object=case, permission__codename=CasePermission.SIGN_LETTER
        ).values_list("user_id", flat=True)
    ) & set(
        RoleMembership.objects.filter(entity_id=case.entity_id, role__in=roles).values_list(
            "user_id", flat=True
        )
    )
    return [
        Reason(
            table="case",
            object_id=case.pk,
            user_id=user_id,
            permissions=SIGNATORY_PERMISSIONS,
            code="letter_to_sign",
        )
        for user_id in sorted(signers)
    ]
