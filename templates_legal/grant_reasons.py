"""Letters' reason to hold a case: a final letter waiting for its signatory.

The person designated to sign a final letter (``Letter.signatory``, chosen when it is
finalised: ``letters.signatories``) holds what signing needs — reading the case, whose
page the letter is, and signing (``SIGNING_PERMISSIONS``) — while the letter waits
(``letter_to_sign``), even once the step that brought them there is done, or if they
never had one (the director who signs a sanction notification drafted after their
step). The reason lasts while they keep a signatory role of the kind in the entity and
declare no conflict; it ends with the signature or the withdrawal of the letter, which
reconcile in their own transaction (``letter_sign``, ``letter_withdraw``). Registered
with ``cases.services.grant_reasons`` by the app's ``ready``.
"""

from __future__ import annotations

from cases.models import Case, ConflictDeclaration, RoleMembership
from cases.services.grant_reasons import Reason
from templates_legal.kinds import UnknownLetterKind, letter_kind
from templates_legal.letters.services import LETTER_TO_SIGN, SIGNING_PERMISSIONS
from templates_legal.models import Letter

SIGNATORY_PERMISSIONS = SIGNING_PERMISSIONS


def letter_reasons(case: Case) -> list[Reason] | None:
    waiting = list(
        Letter.objects.filter(
            case=case, status=Letter.Status.FINAL, signatory__isnull=False
        ).values_list("kind", "signatory_id")
    )
    if not waiting:
        return []  # says nothing either way: the procedure governs the case
    excluded = set(ConflictDeclaration.objects.filter(case=case).values_list("user_id", flat=True))
    roles = set(
        RoleMembership.objects.filter(
            entity_id=case.entity_id, user_id__in={uid for _k, uid in waiting}, user__is_active=True
        ).values_list("user_id", "role")
    )
    signers: set[int] = set()
    for kind, user_id in waiting:
        try:
            kind_roles = letter_kind(kind).signatory_roles
        except UnknownLetterKind:
            continue
        if user_id not in excluded and any((user_id, role) in roles for role in kind_roles):
            signers.add(user_id)
    return [
        Reason(
            table="case",
            object_id=case.pk,
            user_id=user_id,
            permissions=SIGNATORY_PERMISSIONS,
            code=LETTER_TO_SIGN,
        )
        for user_id in sorted(signers)
    ]
