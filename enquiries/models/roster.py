"""The roster of people who may be appointed to an enquiry commission.

A roster entry describes a staff member, not a case: it holds no case data and no
free text about anyone else, so it is stored in clear. The IMT shares investigators
between its schools (plan 2024-2026, axe 4: "liste d'enquêtrices et enquêteurs
mobilisables"): an entry flagged ``shared_with_group`` can be appointed to an enquiry
of any entity of the group.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Entity


class Gender(models.TextChoices):
    # Mixed-gender pairs are preferred (binômes mixtes): the roster records it for that only.
    WOMAN = "woman", _("Femme")
    MAN = "man", _("Homme")
    OTHER = "other", _("Autre ou non précisé")


class InvestigatorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="investigator_profile",
        verbose_name=_("compte"),
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="+", verbose_name=_("entité de rattachement")
    )
    shared_with_group = models.BooleanField(
        _("mobilisable dans tout le groupe"),
        default=False,
        help_text=_("Peut être désigné·e pour une enquête d'une autre entité du groupe."),
    )
    trained_on = models.DateField(_("formé·e le"), null=True, blank=True)
    gender = models.CharField(_("genre"), max_length=10, choices=Gender.choices)
    # ISO 639-1 codes ("fr", "en"): bilingual pairs are preferred (binômes bilingues).
    languages = models.JSONField(_("langues"), default=list, blank=True)
    # Service or team, compared with the parties' own: nobody investigates their own team.
    team = models.CharField(_("service ou équipe"), max_length=120, blank=True)
    available = models.BooleanField(_("disponible"), default=True)
    unavailable_until = models.DateField(_("indisponible jusqu'au"), null=True, blank=True)
    max_load = models.PositiveSmallIntegerField(_("enquêtes simultanées au plus"), default=2)
    # Accounts this person must never investigate (relative, partner, line manager...):
    # a standing conflict of interest, beyond the per-case declarations.
    conflicts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("conflits d'intérêts déclarés"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fiche d'enquêteur·rice")
        verbose_name_plural = _("vivier d'enquêteur·rices")
        indexes = [models.Index(fields=["entity", "shared_with_group"])]

    def __str__(self) -> str:
        return f"investigator:{self.user_id}"
