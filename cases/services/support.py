"""The entity's support directory: national numbers seeded, entries kept by its administrators."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.models import Entity, Orientation, Role, RoleMembership, SupportResource, User

# The national numbers every directory starts with (DOMAIN.md, "Support resources"):
# stored as data in French, the directory's language, whoever opens it first.
NATIONAL_DEFAULTS = (
    ("helpline", "3919 — Violences Femmes Info", "3919"),
    ("helpline", "119 — Allô enfance en danger", "119"),
    ("police", "17 — Police secours (112 depuis un portable)", "17 / 112"),
    ("helpline", "114 — Urgences par SMS", "114"),
    ("association", "116 006 — France Victimes", "116 006"),
    ("helpline", "Fil santé jeunes", "0 800 235 236"),
)


def support_defaults_ensure(*, entity: Entity) -> None:
    """Seed the national numbers once per entity (idempotent; deactivated ones stay so)."""
    if SupportResource.objects.filter(entity=entity, national=True).exists():
        return
    SupportResource.objects.bulk_create(
        SupportResource(
            entity=entity, kind=kind, name=name, contact=number, national=True, position=n
        )
        for n, (kind, name, number) in enumerate(NATIONAL_DEFAULTS)
    )


def support_resources(*, entity: Entity, active_only: bool = True) -> QuerySet[SupportResource]:
    found = SupportResource.objects.filter(entity=entity)
    return found.filter(active=True) if active_only else found


def support_resource_save(
    *,
    actor: User,
    entity: Entity,
    kind: str,
    name: str,
    contact: str,
    active: bool = True,
    resource: SupportResource | None = None,
) -> SupportResource:
    """Add or change an entry of ``entity``'s directory: its administrators only; traced."""
    if not RoleMembership.objects.filter(
        user=actor, entity=entity, role=Role.ENTITY_ADMIN
    ).exists():
        raise PermissionDenied
    if kind not in Orientation.values:
        raise ValidationError(_("Type de ressource inconnu."))
    if not name.strip():
        raise ValidationError(_("Donnez le nom de la ressource."))
    with transaction.atomic():
        if resource is None:
            # After the entries already there (the national numbers first).
            resource = SupportResource(
                entity=entity, position=SupportResource.objects.filter(entity=entity).count()
            )
        elif resource.entity_id != entity.pk:
            raise PermissionDenied
        resource.kind, resource.name, resource.contact = kind, name.strip(), contact.strip()
        resource.active = active
        created = resource.pk is None
        resource.save()
        audit_record(
            actor=actor,
            action="support.resource_added" if created else "support.resource_changed",
            object_type="cases.supportresource",
            object_id=str(resource.pk),
            entity_id=entity.pk,
            details={"kind": kind, "active": active},
        )
    return resource
