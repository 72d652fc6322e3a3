"""Who may sign a letter, and who is asked to.

A letter's kind names the roles that sign it (``kinds``: the référent acknowledges, the
direction notifies a sanction...). Among the holders of those roles in the case's
entity, not in conflict with the case and with an active account (``candidates``),
the person finalising the letter designates one (``Letter.signatory``); by default the
one the work points to (``default_signatory``): in the kind's order of roles, someone
of that role who holds the case now, else who last took a step of that role on it —
the director who pronounced the sanction signs its notification, the référent in
charge the acknowledgement, the direction rather than the legal directorate an
Article 40 letter that both may sign.

The designated person holds the case while the letter waits for a signature
(``grant_reasons.letter_reasons``); anyone else among the candidates who holds the
case may sign it too (``can_sign``). This module only reads.
"""

from __future__ import annotations

from django.db.models import QuerySet
from viewflow.workflow.models import Task

from cases.models import CaseGrant, ConflictDeclaration, User
from templates_legal.kinds import letter_kind
from templates_legal.models import Letter
from workflows.nodes import CaseTask


def candidates(letter: Letter) -> QuerySet[User]:
    """Active holders of a signatory role of the letter's kind in its entity, not in
    conflict with its case, by name."""
    roles = letter_kind(letter.kind).signatory_roles
    if not roles:
        return User.objects.none()
    excluded = ConflictDeclaration.objects.filter(case_id=letter.case_id).values("user_id")
    return (
        User.objects.filter(
            is_active=True,
            memberships__entity_id=letter.entity_id,
            memberships__role__in=roles,
        )
        .exclude(pk__in=excluded)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def _roles_of(users: QuerySet[User], letter: Letter) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for user in users.prefetch_related("memberships"):
        out[user.pk] = {m.role for m in user.memberships.all() if m.entity_id == letter.entity_id}
    return out


def default_signatory(letter: Letter, actor: User | None = None) -> User | None:
    """The candidate the work points to (see the module's docstring), or ``None``."""
    eligible = candidates(letter)
    roles_of = _roles_of(eligible, letter)
    holding = set(
        CaseGrant.objects.filter(content_object_id=letter.case_id).values_list("user_id", flat=True)
    )
    # Owners of the case's steps, most recent first: (user id, the step's role).
    steps: list[tuple[int, str]] = []
    tasks = Task.objects.filter(
        process__caseprocess__case_id=letter.case_id, owner__isnull=False
    ).order_by("-finished", "-pk")
    for task in tasks:
        node = task.flow_task
        if isinstance(node, CaseTask):
            steps.append((task.owner_id, str(node.role)))
    by_pk = {user.pk: user for user in eligible}
    for role in letter_kind(letter.kind).signatory_roles:
        of_role = [pk for pk, held in roles_of.items() if role in held]
        if actor is not None and actor.pk in of_role and actor.pk in holding:
            return by_pk[actor.pk]
        for pk in of_role:
            if pk in holding:
                return by_pk[pk]
        for owner_id, step_role in steps:
            if step_role == role and owner_id in of_role:
                return by_pk[owner_id]
    if actor is not None and actor.pk in by_pk:
        return by_pk[actor.pk]
    return None


def may_sign_kind(user: User, letter: Letter) -> bool:
    """``user`` holds a signatory role of the kind in the entity and is not in conflict."""
    return candidates(letter).filter(pk=user.pk).exists()
