"""Versioned letter templates, per entity, letter kind and language.

A template is a DOCX with Jinja placeholders; it holds no case data, so it is stored
in clear. Versions are never edited or deleted: an upload adds the next version and
makes it the active one; going back means activating an older version. When an
entity has no active upload, the template shipped in templates_legal/defaults/ is
used; it is represented by an unsaved instance with ``entity=None`` and version 0
(see ``selectors.active_template``), so shipped defaults stay in the code base and
follow its releases instead of being copied into every database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Entity

DEFAULT_VERSION = 0


class LetterTemplate(models.Model):
    entity = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letter_templates",
        verbose_name=_("entité"),
        help_text=_("Vide pour le modèle fourni avec Recueil."),
    )
    # Codes of templates_legal.kinds.KINDS; not model choices, so that relabelling a
    # kind needs no migration (the services check the code).
    kind = models.CharField(_("type de courrier"), max_length=40)
    language = models.CharField(_("langue"), max_length=8)
    version = models.PositiveIntegerField(_("version"))
    content = models.BinaryField(_("fichier DOCX"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    is_active = models.BooleanField(_("en vigueur"), default=False)

    class Meta:
        verbose_name = _("modèle de courrier")
        verbose_name_plural = _("modèles de courrier")
        ordering = ["kind", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "language", "version"],
                name="letter_template_unique_version",
            ),
            # Exactly one version in force per entity, kind and language; none means
            # the shipped default.
            models.UniqueConstraint(
                fields=["entity", "kind", "language"],
                condition=Q(is_active=True),
                name="letter_template_one_active",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="letter_template_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.language} v{self.version}"

    @property
    def is_default(self) -> bool:
        """The template shipped with Recueil (never stored)."""
        return self.entity_id is None and self.version == DEFAULT_VERSION

    @property
    def size(self) -> int:
        return len(bytes(self.content))
