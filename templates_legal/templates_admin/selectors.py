"""Reads about letter templates, already limited to what the reader may manage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from cases.models import Entity, Role, User
from templates_legal.defaults import default_path
from templates_legal.kinds import KINDS, LetterKind, UnknownLetterKind, letter_kind
from templates_legal.models import DEFAULT_VERSION, LetterTemplate

# Legal directorate and entity administrators maintain the templates of their entity.
TEMPLATE_MANAGER_ROLES = (Role.LEGAL.value, Role.ENTITY_ADMIN.value)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def entities_managed_by(user: User) -> QuerySet[Entity]:
    return Entity.objects.filter(
        memberships__user=user, memberships__role__in=TEMPLATE_MANAGER_ROLES
    ).distinct()


def can_manage_templates(user: User, entity: Entity) -> bool:
    return entities_managed_by(user).filter(pk=entity.pk).exists()


def entity_for_templates_or_404(*, user: User, code: str) -> Entity:
    """The entity if ``user`` manages its templates; 404 otherwise, existing or not."""
    entity = entities_managed_by(user).filter(code=code).first()
    if entity is None:
        raise Http404
    return entity


def kind_and_language_or_404(kind: str, language: str) -> tuple[LetterKind, str]:
    try:
        letter = letter_kind(kind)
    except UnknownLetterKind:
        raise Http404 from None
    if language not in language_codes():
        raise Http404
    return letter, language


@lru_cache(maxsize=64)
def _default_bytes(kind: str, language: str) -> bytes | None:
    path = default_path(kind, language)
    return path.read_bytes() if path.is_file() else None


def default_template(kind: str | LetterKind, language: str) -> LetterTemplate | None:
    """The template shipped with Recueil, as an unsaved instance (version 0), if any."""
    code = letter_kind(kind).code
    content = _default_bytes(code, language)
    if content is None:
        return None
    return LetterTemplate(
        entity=None,
        kind=code,
        language=language,
        version=DEFAULT_VERSION,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        is_active=True,
    )


def active_template(entity: Entity, kind: str | LetterKind, language: str) -> LetterTemplate | None:
    """The version in force: the entity's active upload, else the shipped default.

    None when neither exists (no default in that language and nothing uploaded): the
    caller decides whether to fall back to another language.
    """
    code = letter_kind(kind).code
    uploaded = LetterTemplate.objects.filter(
        entity=entity, kind=code, language=language, is_active=True
    ).first()
    return uploaded or default_template(code, language)


def template_history(entity: Entity, kind: str, language: str) -> QuerySet[LetterTemplate]:
    """Uploaded versions, newest first, without their content."""
    return (
        LetterTemplate.objects.filter(entity=entity, kind=kind, language=language)
        .defer("content")
        .select_related("uploaded_by")
        .order_by("-version")
    )


def template_version_or_404(
    *, entity: Entity, kind: str, language: str, version: int
) -> LetterTemplate:
    if version == DEFAULT_VERSION:
        default = default_template(kind, language)
        if default is None:
            raise Http404
        return default
    template = LetterTemplate.objects.filter(
        entity=entity, kind=kind, language=language, version=version
    ).first()
    if template is None:
        raise Http404
    return template


@dataclass(frozen=True)
class TemplateSlot:
    """One line of the overview: a kind in a language, and what is in force."""

    kind: LetterKind
    language: str
    active_version: int | None  # 0: shipped default; None: nothing available
    uploaded_versions: int


def template_overview(entity: Entity) -> list[TemplateSlot]:
    uploaded: dict[tuple[str, str], int] = {}
    active: dict[tuple[str, str], int] = {}
    rows = LetterTemplate.objects.filter(entity=entity).values_list(
        "kind", "language", "version", "is_active"
    )
    for kind, language, number, is_active in rows:
        uploaded[(kind, language)] = uploaded.get((kind, language), 0) + 1
        if is_active:
            active[(kind, language)] = number
    slots = []
    for letter in KINDS:
        for language in language_codes():
            key = (letter.code, language)
            if key in active:
                version: int | None = active[key]
            elif _default_bytes(letter.code, language) is not None:
                version = DEFAULT_VERSION
            else:
                version = None
            slots.append(TemplateSlot(letter, language, version, uploaded.get(key, 0)))
    return slots
