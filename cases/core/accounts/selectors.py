"""Reads about entities and staff, already limited to what the reader may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from cases.core.accounts.models import Entity, Role, RoleMembership, User


def entities_administered_by(user: User) -> QuerySet[Entity]:
    return Entity.objects.filter(
        memberships__user=user, memberships__role=Role.ENTITY_ADMIN
    ).distinct()


def entity_administered_or_404(*, user: User, code: str) -> Entity:
    """The entity if ``user`` administers it; 404 otherwise, existing or not (T1, T2)."""
    entity = entities_administered_by(user).filter(code=code).first()
    if entity is None:
        raise Http404
    return entity


def entity_members(entity: Entity) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__entity=entity)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=RoleMembership.objects.filter(entity=entity).order_by("role"),
                to_attr="roles_here",
            )
        )
        .order_by("last_name", "first_name", "username")
    )


def entity_member_or_404(*, entity: Entity, user_id: int) -> User:
    user = entity_members(entity).filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


def memberships_of(user: User) -> QuerySet[RoleMembership]:
    return (
        RoleMembership.objects.filter(user=user)
        .select_related("entity")
        .order_by("entity__name", "role")
    )


ROLES_SESSION_KEY = "recueil_roles"


def request_roles(request: HttpRequest) -> list[tuple[int, str]]:
    """(entity id, role) of each membership of the request's user.

    Kept on the request, and in the session under the account's ``roles_version``
    (read with the account at every request): a role granted or revoked moves that
    number, so the next request reads the roles again; otherwise no query is needed.
    """
    cached: list[tuple[int, str]] | None = getattr(request, "_recueil_roles", None)
    if cached is not None:
        return cached
    user = request.user
    if not user.is_authenticated:
        cached = []
    else:
        session = getattr(request, "session", None)
        stamp = [user.pk, user.roles_version]  # type: ignore[union-attr]
        stored = session.get(ROLES_SESSION_KEY) if session is not None else None
        if stored and stored[0] == stamp:
            cached = [(entity_id, role) for entity_id, role in stored[1]]
        else:
            cached = list(RoleMembership.objects.filter(user=user).values_list("entity_id", "role"))
            if session is not None:
                session[ROLES_SESSION_KEY] = [stamp, [list(pair) for pair in cached]]
    request._recueil_roles = cached  # type: ignore[attr-defined]
    return cached
