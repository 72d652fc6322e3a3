"""Pages of the data-subject request register: the legal directorate of the entity."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Entity, User
from rights import selectors, services
from rights.exports import (
    access_export_build,
    access_export_download_record,
    access_export_release,
    access_match_confirm,
)
from rights.forms import CloseForm, ExportBuildForm, ExtendForm, RecordForm
from rights.models import AccessExport, SubjectRequest


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _entities_or_404(user: User) -> list[Entity]:
    entities = list(selectors.register_entities(user))
    if not entities:
        raise Http404
    return entities


@require_http_methods(["GET"])
def request_list(request: HttpRequest) -> HttpResponse:
    _entities_or_404(_actor(request))
    rows = selectors.requests_for(_actor(request))
    return render(
        request,
        "rights/list.html",
        {
            "open": [r for r in rows if r.is_open],
            "closed": [r for r in rows if not r.is_open],
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    entities = selectors.register_entities(_actor(request))
    _entities_or_404(_actor(request))
    form = RecordForm(request.POST or None, entities=entities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.subject_request_record(
                actor=_actor(request),
                entity=data["entity"],
                kind=data["kind"],
                requester_name=data["requester_name"],
                requester_contact=data["requester_contact"],
                relation=data["relation"],
                details=data["details"],
                received_on=data["received_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Demande enregistrée."))
            return redirect("rights-request", request_id=made.pk)
    return render(request, "rights/new.html", {"form": form})


def _export_of(found: SubjectRequest) -> AccessExport | None:
    return AccessExport.objects.filter(request=found).first()


def _detail_context(found: SubjectRequest, **forms: object) -> dict[str, object]:
    export = _export_of(found)
    return {
        "item": found,
        "today": timezone.localdate(),
        "extend_form": ExtendForm(initial={"version": found.version}),
        "close_form": CloseForm(initial={"version": found.version}),
        "build_form": ExportBuildForm(),
        "export": export,
        "passages": list(export.passages.all()) if export and not found.is_shredded else [],
        "retention": selectors.request_retention(found),
        **forms,
    }


@require_http_methods(["GET"])
def request_detail(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = selectors.request_or_404(_actor(request), request_id)
    services.subject_request_read_record(actor=_actor(request), request=found)
    return render(request, "rights/detail.html", _detail_context(found))


def _act(
    request: HttpRequest, request_id: uuid.UUID, form_class: type, service: object
) -> HttpResponse:
    found = selectors.request_or_404(_actor(request), request_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=_actor(request), request=found, **form.cleaned_data)  # type: ignore[operator]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("rights-request", request_id=found.pk)
    name = "extend_form" if form_class is ExtendForm else "close_form"
    return render(request, "rights/detail.html", _detail_context(found, **{name: form}), status=400)


@require_POST
def request_extend(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return _act(request, request_id, ExtendForm, services.subject_request_extend)


@require_POST
def request_close(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return _act(request, request_id, CloseForm, services.subject_request_close)


@require_POST
def export_build(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = selectors.request_or_404(_actor(request), request_id)
    form = ExportBuildForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            # The handler confirms the match (read access on those cases), then drafts.
            access_match_confirm(
                actor=_actor(request), request=found, name=data["name"], email=data["email"]
            )
            access_export_build(
                actor=_actor(request), request=found, name=data["name"], email=data["email"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("rights-request", request_id=found.pk)
    return render(
        request, "rights/detail.html", _detail_context(found, build_form=form), status=400
    )


@require_POST
def export_release(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = selectors.request_or_404(_actor(request), request_id)
    export = _export_of(found)
    if export is None:
        raise Http404
    decisions = {}
    for passage in export.passages.filter(flagged=True):
        decisions[passage.pk] = request.POST.get(f"passage-{passage.pk}", "")
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = 0
    try:
        access_export_release(
            actor=_actor(request), export=export, decisions=decisions, version=version
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(request, "rights/detail.html", _detail_context(found), status=400)
    messages.success(request, _("Export publié."))
    return redirect("rights-request", request_id=found.pk)


@require_http_methods(["GET"])
def export_download(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = selectors.request_or_404(_actor(request), request_id)
    export = _export_of(found)
    if (
        found.is_shredded  # its key is destroyed: the PDF can no longer be read
        or export is None
        or export.status != AccessExport.Status.RELEASED
        or export.pdf is None
    ):
        raise Http404
    access_export_download_record(actor=_actor(request), export=export)
    response = HttpResponse(bytes(export.pdf), content_type="application/pdf")
    # A neutral file name: no person's name in it (T7).
    response["Content-Disposition"] = 'attachment; filename="export-donnees.pdf"'
    return response
