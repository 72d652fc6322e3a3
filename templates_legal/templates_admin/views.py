"""Letter templates of one entity, for its legal directorate and its administrators.

Anyone else gets 404 on every URL, whether the entity exists or not.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.models import Entity, User
from templates_legal.kinds import LetterKind
from templates_legal.models import DEFAULT_VERSION
from templates_legal.templates_admin import selectors, services
from templates_legal.templates_admin.forms import DOCX_MIME, TemplateUploadForm


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _slot(
    request: HttpRequest, entity_code: str, kind: str, language: str
) -> tuple[Entity, LetterKind, str]:
    entity = selectors.entity_for_templates_or_404(user=_actor(request), code=entity_code)
    letter, language = selectors.kind_and_language_or_404(kind, language)
    return entity, letter, language


def _detail(
    request: HttpRequest,
    entity: Entity,
    letter: LetterKind,
    language: str,
    form: TemplateUploadForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "templates_legal/detail.html",
        {
            "entity": entity,
            "letter": letter,
            "language": language,
            "active": selectors.active_template(entity, letter, language),
            "default": selectors.default_template(letter, language),
            "history": selectors.template_history(entity, letter.code, language),
            "form": form,
            "default_version": DEFAULT_VERSION,
        },
        status=status,
    )


@require_GET
def template_list(request: HttpRequest, entity_code: str) -> HttpResponse:
    entity = selectors.entity_for_templates_or_404(user=_actor(request), code=entity_code)
    return render(
        request,
        "templates_legal/list.html",
        {"entity": entity, "slots": selectors.template_overview(entity)},
    )


@require_GET
def template_detail(
    request: HttpRequest, entity_code: str, kind: str, language: str
) -> HttpResponse:
    entity, letter, language = _slot(request, entity_code, kind, language)
    return _detail(request, entity, letter, language, TemplateUploadForm())


@require_POST
def template_upload_view(
    request: HttpRequest, entity_code: str, kind: str, language: str
) -> HttpResponse:
    entity, letter, language = _slot(request, entity_code, kind, language)
    form = TemplateUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            template = services.template_upload(
                actor=_actor(request),
                entity=entity,
                kind=letter,
                language=language,
                data=form.cleaned_data["file"].read(),
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(
                request,
                _("Version %(version)s déposée ; elle est désormais en vigueur.")
                % {"version": template.version},
            )
            return redirect(
                "letter-template-detail",
                entity_code=entity.code,
                kind=letter.code,
                language=language,
            )
    return _detail(request, entity, letter, language, form, status=400)


@require_GET
def template_download(
    request: HttpRequest, entity_code: str, kind: str, language: str, version: int
) -> HttpResponse:
    entity, letter, language = _slot(request, entity_code, kind, language)
    template = selectors.template_version_or_404(
        entity=entity, kind=letter.code, language=language, version=version
    )
    response = HttpResponse(bytes(template.content), content_type=DOCX_MIME)
    filename = f"{entity.code}-{letter.code}-{language}-v{template.version}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def template_activate_view(
    request: HttpRequest, entity_code: str, kind: str, language: str, version: int
) -> HttpResponse:
    entity, letter, language = _slot(request, entity_code, kind, language)
    template = selectors.template_version_or_404(
        entity=entity, kind=letter.code, language=language, version=version
    )
    if template.is_default:
        services.template_restore_default(
            actor=_actor(request), entity=entity, kind=letter, language=language
        )
        messages.success(request, _("Le modèle fourni par Recueil est de nouveau en vigueur."))
    else:
        services.template_activate(actor=_actor(request), template=template)
        messages.success(
            request,
            _("La version %(version)s est de nouveau en vigueur.") % {"version": template.version},
        )
    return redirect(
        "letter-template-detail", entity_code=entity.code, kind=letter.code, language=language
    )
