"""Entities (schools, the Direction générale), staff accounts and their roles.

A role says what kind of work a person does in an entity; it grants no access to
any case by itself (T2): case access is granted per object.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entity(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("École")
        HEADQUARTERS = "headquarters", _("Direction générale")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.SCHOOL)
    # Alsace-Moselle keeps two extra public holidays (Good Friday, 26 December),
    # which move working-day deadlines.
    alsace_moselle = models.BooleanField(_("située en Alsace-Moselle"), default=False)
    # Letterhead of the entity's outgoing letters (public information, not encrypted).
    postal_address = models.TextField(_("adresse postale"), blank=True)
    city = models.CharField(_("ville (« Palaiseau, le … »)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("entité")
        verbose_name_plural = _("entités")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    LISTENER = "listener", _("Écoutant·e")
    REFERENT = "referent", _("Référent·e")
    INVESTIGATOR = "investigator", _("Enquêteur·rice")
    LEGAL = "legal", _("Direction juridique")
    DIRECTOR = "director", _("Direction")
    ENTITY_ADMIN = "entity_admin", _("Administrateur·rice d'entité")
    STEERING = "steering", _("Pilotage")


class User(AbstractUser):
    """A staff account. Every account must pass a second factor to reach any page."""

    # Moves whenever one of the account's role memberships is added or removed
    # (``cases.core.accounts.receivers``): a session keeps the roles it read under this number and
    # reads them again as soon as it changes, so a revoked role counts from the next
    # request while other requests are spared the read.
    roles_version = models.PositiveIntegerField(default=0, editable=False)
    # Set when an administrator creates the account or resets its password (they saw the
    # password): the person must choose their own before any other page
    # (``cases.core.security.middleware``); cleared when they do.
    must_change_password = models.BooleanField(default=False, editable=False)
    # The person's function as letters print it under their signature (« Référente
    # égalité », « Directeur de Mines Saint-Étienne »): public information, set by an
    # administrator of one of their entities (``account_title_update``).
    title = models.CharField(
        _("fonction"),
        max_length=200,
        blank=True,
        help_text=_(
            "Telle qu'elle figure sous la signature des courriers (« Référente égalité », "
            "« Directeur de l'école »)."
        ),
    )

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, role: str, entity: Entity | None = None) -> bool:
        memberships = self.memberships.filter(role=role)
        if entity is not None:
            memberships = memberships.filter(entity=entity)
        return memberships.exists()


class RoleMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("compte"),
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("entité")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attribué par"),
    )
    granted_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rôle attribué")
        verbose_name_plural = _("rôles attribués")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "entity", "role"], name="unique_role_per_user_entity"
            )
        ]
        indexes = [models.Index(fields=["entity", "role"])]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.entity_id}:{self.role}"
