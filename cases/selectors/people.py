"""Reads about entities and staff, already limited to what the reader may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from cases.models import Entity, Role, RoleMembership, User


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


def request_roles(request: HttpRequest) -> list[tuple[int, str]]:
    """(entity id, role) of each membership of the request's user, read once per request.

    Kept on the request, never longer: a revoked role is gone at the next request.
    """
    cached: list[tuple[int, str]] | None = getattr(request, "_recueil_roles", None)
    if cached is None:
        user = request.user
        cached = (
            list(RoleMembership.objects.filter(user=user).values_list("entity_id", "role"))
            if user.is_authenticated
            else []
        )
        request._recueil_roles = cached  # type: ignore[attr-defined]
    return cached
