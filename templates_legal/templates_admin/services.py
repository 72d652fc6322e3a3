"""Uploading and activating letter templates.

Who may call: a person holding the ``legal`` or ``entity_admin`` role *in the entity
concerned*; every function re-checks it (views check too, answering 404) and raises
``PermissionDenied`` otherwise. Audited: every upload, activation and return to the
shipped default, with the kind, language, version and SHA-256 of the file (never its
content, which is not case data anyway).

An uploaded template is untrusted input from a person's workstation: it is checked as
a package (size, zip structure, no macros, no embedded or remote content) and as a
Jinja template (syntax, and every placeholder within the kind's documented context)
before anything is stored. See ``template_validate``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
import zlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from jinja2 import TemplateError, TemplateSyntaxError
from lxml import etree

from cases.core.audit.services import audit_record
from cases.models import Entity, User
from templates_legal.kinds import LetterKind, UnknownLetterKind, letter_kind
from templates_legal.models import LetterTemplate
from templates_legal.rendering import placeholders_used, render_docx
from templates_legal.templates_admin.selectors import (
    can_manage_templates,
    default_template,
    language_codes,
)

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
# A 5 MB zip can inflate to gigabytes (zip bomb); a real letter template is far below.
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_PARTS = 400

WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# Content types that run code or embed other programs' content (Word macros use
# "macroEnabled" main types and vbaProject parts; ActiveX controls and OLE objects can
# carry their own code).
ACTIVE_CONTENT_MARKERS = ("macroenabled", "vbaproject", "vbadata", "activex", "oleobject")
ACTIVE_PART_MARKERS = ("vbaproject.bin", "vbadata.xml", "/activex/", "/embeddings/")

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _require_manager(actor: User, entity: Entity) -> None:
    if not can_manage_templates(actor, entity):
        raise PermissionDenied


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_template")


def _check_package(data: bytes) -> None:
    if not data:
        raise _refuse(_("Le fichier est vide."))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise _refuse(_("Le fichier dépasse la taille maximale de 5 Mo."))
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse(
            _("Ce fichier n'est pas un document Word (.docx). Enregistrez-le au format .docx.")
        ) from None
    with package:
        parts = package.infolist()
        if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(_("Le document est anormalement volumineux une fois décompressé."))
        # Every part is read once to check its CRC-32 (within the size cap just checked):
        # a damaged archive is refused here rather than failing in a later read.
        try:
            damaged = package.testzip()
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            damaged = "?"
        if damaged is not None:
            raise _refuse(
                _(
                    "Le fichier .docx est endommagé (archive corrompue) : enregistrez-le à "
                    "nouveau depuis Word puis déposez-le."
                )
            )
        names = [p.filename.lower() for p in parts]
        if any(marker in "/" + name for name in names for marker in ACTIVE_PART_MARKERS):
            raise _refuse(
                _(
                    "Le document contient des macros ou des objets incorporés (OLE, ActiveX), "
                    "qui ne sont pas acceptés. Enregistrez-le au format « Document Word (.docx) » "
                    "sans macros."
                )
            )
        try:
            types = etree.fromstring(package.read("[Content_Types].xml"), _SAFE_XML)
        except (KeyError, etree.XMLSyntaxError):
            raise _refuse(_("Ce fichier n'est pas un document Word (.docx) lisible.")) from None
        declared = [element.get("ContentType", "") for element in types]
        if any(marker in t.lower() for t in declared for marker in ACTIVE_CONTENT_MARKERS):
            raise _refuse(
                _(
                    "Le document est un fichier Word avec macros (.docm) ou contient du contenu "
                    "actif : seuls les documents .docx sans macros sont acceptés."
                )
            )
        if WORD_DOCUMENT not in declared:
            raise _refuse(
                _(
                    "Ce fichier n'est pas un document Word (.docx) ; les modèles .dotx et les "
                    "documents avec macros ne sont pas acceptés."
                )
            )
        # A remote attached template or image is fetched when the document is opened or
        # converted: it would leak the letter's existence and could change its content.
        for part in parts:
            if not part.filename.endswith(".rels"):
                continue
            try:
                relationships = etree.fromstring(package.read(part), _SAFE_XML)
            except etree.XMLSyntaxError:
                raise _refuse(_("Ce fichier n'est pas un document Word (.docx) lisible.")) from None
            for relationship in relationships:
                if (
                    relationship.get("TargetMode") == "External"
                    and relationship.get("Type") != HYPERLINK
                ):
                    raise _refuse(
                        _(
                            "Le document fait appel à un contenu extérieur (modèle attaché, image "
                            "ou objet distant) : incorporez-le dans le fichier ou retirez-le."
                        )
                    )


def _sample_context(letter: LetterKind, *, filled: bool) -> dict[str, object]:
    """Values for a trial rendering: every documented name, or only the required ones."""
    context: dict[str, object] = {}
    for placeholder in letter.placeholders:
        if not filled and not placeholder.required:
            continue
        if placeholder.kind == "flag":
            context[placeholder.name] = filled
        elif placeholder.kind == "date":
            context[placeholder.name] = dt.date(2026, 1, 1)
        else:
            context[placeholder.name] = "Exemple"
    return context


def template_validate(*, kind: str | LetterKind, data: bytes) -> set[str]:
    """Check an uploaded template; return the placeholders it uses.

    Raises ``ValidationError`` (message in French, for the person uploading) when the
    file is not a plain DOCX, holds macros or remote content, has a Jinja syntax error,
    uses a placeholder outside the kind's documented context, or cannot be filled in.
    """
    letter = letter_kind(kind)
    _check_package(data)
    try:
        Document(io.BytesIO(data))
    except Exception:  # python-docx raises many types on a damaged package
        raise _refuse(_("Ce fichier n'est pas un document Word (.docx) lisible.")) from None
    try:
        used = placeholders_used(data)
    except TemplateSyntaxError as exc:
        raise _refuse(
            _(
                "Erreur de syntaxe dans un champ du modèle : %(error)s. Vérifiez les {{ }} et {%% %%}."
            )
            % {"error": exc.message}
        ) from None
    unknown = used - letter.context_names
    if unknown:
        raise _refuse(
            _(
                "Le modèle utilise des champs non prévus pour le courrier « %(kind)s » : "
                "%(unknown)s. Champs autorisés : %(allowed)s."
            )
            % {
                "kind": letter.label,
                "unknown": ", ".join(sorted(unknown)),
                "allowed": ", ".join(p.name for p in letter.placeholders),
            }
        )
    # Fill it in twice, every optional field set then none, so that both sides of each
    # {% if %} are exercised: a template that cannot be filled is refused now rather
    # than when a letter is due.
    for filled in (True, False):
        try:
            render_docx(data, _sample_context(letter, filled=filled), kind=letter)
        except (TemplateError, ValueError, etree.LxmlError, zipfile.BadZipFile) as exc:
            raise _refuse(
                _("Le modèle ne peut pas être rempli : %(error)s.") % {"error": exc}
            ) from None
    return used


def _kind_and_language(kind: str | LetterKind, language: str) -> LetterKind:
    try:
        letter = letter_kind(kind)
    except UnknownLetterKind:
        raise ValidationError(_("Type de courrier inconnu.")) from None
    if language not in language_codes():
        raise ValidationError(_("Langue non prise en charge."))
    return letter


def template_upload(
    *, actor: User, entity: Entity, kind: str | LetterKind, language: str, data: bytes
) -> LetterTemplate:
    """Store ``data`` as the next version of the entity's template and put it in force.

    Nothing is stored when validation fails. Audited as ``letter_template.uploaded``.
    """
    _require_manager(actor, entity)
    letter = _kind_and_language(kind, language)
    placeholders = template_validate(kind=letter, data=data)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        # Lock the entity row: concurrent uploads for the same entity get distinct
        # versions instead of an IntegrityError.
        Entity.objects.select_for_update().filter(pk=entity.pk).first()
        versions = LetterTemplate.objects.filter(entity=entity, kind=letter.code, language=language)
        previous = versions.filter(is_active=True).values_list("version", flat=True).first()
        latest = versions.aggregate(latest=Max("version"))["latest"] or 0
        versions.filter(is_active=True).update(is_active=False)
        template = LetterTemplate.objects.create(
            entity=entity,
            kind=letter.code,
            language=language,
            version=latest + 1,
            content=data,
            sha256=digest,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
            is_active=True,
        )
        audit_record(
            actor=actor,
            action="letter_template.uploaded",
            target=template,
            entity_id=entity.pk,
            details={
                "kind": letter.code,
                "language": language,
                "version": template.version,
                "previous_version": previous or 0,
                "sha256": digest,
                "bytes": len(data),
                "placeholders": sorted(placeholders),
            },
        )
    return template


def template_activate(*, actor: User, template: LetterTemplate) -> LetterTemplate:
    """Put an uploaded version back in force (roll back). Audited as ``letter_template.activated``."""
    if template.entity is None:
        raise ValidationError(_("Utilisez le retour au modèle fourni pour cette version."))
    entity = template.entity
    _require_manager(actor, entity)
    with transaction.atomic():
        Entity.objects.select_for_update().filter(pk=entity.pk).first()
        versions = LetterTemplate.objects.filter(
            entity=entity, kind=template.kind, language=template.language
        )
        previous = versions.filter(is_active=True).values_list("version", flat=True).first()
        versions.filter(is_active=True).exclude(pk=template.pk).update(is_active=False)
        versions.filter(pk=template.pk).update(is_active=True)
        template.is_active = True
        audit_record(
            actor=actor,
            action="letter_template.activated",
            target=template,
            entity_id=entity.pk,
            details={
                "kind": template.kind,
                "language": template.language,
                "version": template.version,
                "previous_version": previous or 0,
                "sha256": template.sha256,
            },
        )
    return template


def template_restore_default(
    *, actor: User, entity: Entity, kind: str | LetterKind, language: str
) -> None:
    """Stop using any upload: the shipped default is in force again (uploads are kept).

    Audited as ``letter_template.default_restored``.
    """
    _require_manager(actor, entity)
    letter = _kind_and_language(kind, language)
    if default_template(letter, language) is None:
        raise ValidationError(
            _("Recueil ne fournit pas de modèle de ce courrier dans cette langue.")
        )
    with transaction.atomic():
        Entity.objects.select_for_update().filter(pk=entity.pk).first()
        active = LetterTemplate.objects.filter(
            entity=entity, kind=letter.code, language=language, is_active=True
        )
        previous = active.values_list("version", flat=True).first()
        active.update(is_active=False)
        audit_record(
            actor=actor,
            action="letter_template.default_restored",
            object_type="templates_legal.lettertemplate",
            object_id=f"{letter.code}/{language}",
            entity_id=entity.pk,
            details={"kind": letter.code, "language": language, "previous_version": previous or 0},
        )
