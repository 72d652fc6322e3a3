"""Staff accounts and roles, managed by entity administrators within their entity only.

Every function re-checks that ``actor`` administers ``entity`` (defence in depth:
views check too) and writes an audit event. Nobody changes their own roles: an
administrator's own roles are changed by another administrator of the entity (the
refusal is traced, ``role.self_change_refused``). Revoking a role ends, in the same
transaction, every access that role was the reason for (``grant_reasons``).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.core.accounts.models import Entity, Role, RoleMembership, User
from cases.core.accounts.signals import role_revoked
from cases.core.audit.services import audit_record


def _require_entity_admin(actor: User, entity: Entity) -> None:
    if not RoleMembership.objects.filter(
        user=actor, entity=entity, role=Role.ENTITY_ADMIN
    ).exists():
        raise PermissionDenied


class OwnRoleChange(ValidationError):
    pass


def _refuse_own_role_change(
    actor: User, user_id: int, entity: Entity, role: str, change: str
) -> None:
    """Role is not access, and no one decides their own: traced, then refused."""
    if actor.pk != user_id:
        return
    audit_record(
        actor=actor,
        action="role.self_change_refused",
        object_type="cases.user",
        object_id=str(user_id),
        entity_id=entity.pk,
        details={"role": role, "change": change},
    )
    raise OwnRoleChange(
        _(
            "Vos propres rôles ne peuvent être modifiés que par un·e autre "
            "administrateur·rice de l'entité."
        )
    )


def role_grant(*, actor: User, user: User, entity: Entity, role: str) -> RoleMembership:
    _require_entity_admin(actor, entity)
    _refuse_own_role_change(actor, user.pk, entity, role, "grant")
    if role not in Role.values:
        raise ValidationError(_("Rôle inconnu."))
    with transaction.atomic():
        membership, created = RoleMembership.objects.get_or_create(
            user=user, entity=entity, role=role, defaults={"granted_by": actor}
        )
        if created:
            audit_record(
                actor=actor,
                action="role.granted",
                target=user,
                entity_id=entity.pk,
                details={"role": role},
            )
    return membership


def role_revoke(*, actor: User, membership: RoleMembership) -> None:
    """An administrator withdraws someone else's role; their case rights end with it.

    One's own roles are changed by another administrator (or at the group level), so an
    entity always keeps an administrator who did not just remove themselves.
    """
    _require_entity_admin(actor, membership.entity)
    _refuse_own_role_change(actor, membership.user_id, membership.entity, membership.role, "revoke")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="role.revoked",
            object_type="cases.user",
            object_id=str(membership.user_id),
            entity_id=membership.entity_id,
            details={"role": membership.role},
        )
        membership.delete()
        # The cases this role was the reason for: their grants end now, not at next login
        # (the case records' receiver reconciles them, in this transaction).
        role_revoked.send(
            sender=RoleMembership,
            actor=actor,
            user=membership.user,
            entity_id=membership.entity_id,
            role=membership.role,
        )


def staff_account_create(
    *,
    actor: User,
    entity: Entity,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: list[str],
) -> tuple[User, str]:
    """Create an account in ``entity``; returns it with a one-time initial password.

    The password is shown once to the administrator and never stored in clear;
    the person enrols their second factor at first login.
    """
    _require_entity_admin(actor, entity)
    if not roles:
        raise ValidationError(_("Choisissez au moins un rôle."))
    password = secrets.token_urlsafe(12)
    try:
        with transaction.atomic():
            user = User(username=username, first_name=first_name, last_name=last_name, email=email)
            user.set_password(password)
            user.must_change_password = True  # the administrator saw it
            user.full_clean()
            user.save()
            audit_record(actor=actor, action="account.created", target=user, entity_id=entity.pk)
            for role in roles:
                role_grant(actor=actor, user=user, entity=entity, role=role)
    except IntegrityError as exc:
        raise ValidationError(_("Cet identifiant est déjà utilisé.")) from exc
    return user, password


def entity_details_update(*, actor: User, entity: Entity, postal_address: str, city: str) -> Entity:
    """Set the letterhead details of ``entity``; only its own administrators; traced."""
    _require_entity_admin(actor, entity)
    entity.postal_address = postal_address.strip()
    entity.city = city.strip()
    entity.save(update_fields=["postal_address", "city"])
    audit_record(
        actor=actor,
        action="entity.details_updated",
        target=entity,
        entity_id=entity.pk,
        details={"fields": ["postal_address", "city"]},
    )
    return entity


def account_title_update(*, actor: User, entity: Entity, user: User, title: str) -> User:
    """Set the function ``user``'s signature shows in letters; an administrator of an
    entity the person belongs to. Audited as ``account.title_updated`` (no value)."""
    _require_entity_admin(actor, entity)
    if not user.memberships.filter(entity=entity).exists():
        raise PermissionDenied
    title = " ".join(title.split())
    if title == user.title:
        return user
    user.title = title
    user.save(update_fields=["title"])
    audit_record(
        actor=actor,
        action="account.title_updated",
        target=user,
        entity_id=entity.pk,
        details={"user": user.pk, "fields": ["title"]},
    )
    return user


def password_reset(*, actor: User, entity: Entity, user: User) -> str:
    """An administrator of ``entity`` gives a member a new one-time password (shown once);
    the person must choose their own at their next login. Their sessions end."""
    _require_entity_admin(actor, entity)
    if not user.memberships.filter(entity=entity).exists():
        raise PermissionDenied
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user.set_password(password)  # the old sessions' password hash no longer matches
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        audit_record(actor=actor, action="account.password_reset", target=user, entity_id=entity.pk)
    return password
