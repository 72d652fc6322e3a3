"""The rest of the case file, from the case page: notes, documents, narrative corrections.

Every route needs ``triage_case`` on the case (the referent in charge; 404 otherwise,
existing or not). The document upload is ``csrf_exempt`` so that nothing reads the body
before the permission is checked (as ``enquiries.views.files``): it checks the case
permission, then the declared length (413, body unread), installs the bounded in-memory
upload handler (no clear temporary file, T3) and only then checks CSRF.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from cases.core.security.uploads import declared_length
from cases.forms import CaseAttachmentForm, NarrativeForm, NoteForm
from cases.models import Case, CasePermission, User
from cases.selectors.cases import case_or_404
from cases.services.cases import (
    attachment_add,
    case_narrative_update,
    case_read_record,
    note_add,
)
from cases.services.closed import case_require_open
from enquiries.uploads import BoundedMemoryUploadHandler, request_cap

TOO_LARGE = gettext_lazy(
    "Le fichier dépasse la taille maximale acceptée : il n'a pas été enregistré."
)


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _fail(form: Form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _page(
    request: HttpRequest, case: Case, form: Form, title: str, status: int = 200, **extra: object
) -> HttpResponse:
    return render(
        request,
        "cases/file_form.html",
        {"case": case, "form": form, "title": title, **extra},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def note_add_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(_actor(request), case_id, CasePermission.TRIAGE)
    case_require_open(case)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note_add(actor=_actor(request), case=case, body=form.cleaned_data["body"])
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Note enregistrée (chiffrée)."))
            return redirect("case-detail", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return _page(request, case, form, _("Ajouter une note"), status)


@require_http_methods(["GET", "POST"])
def narrative_edit_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(_actor(request), case_id, CasePermission.TRIAGE)
    case_require_open(case)
    title = _("Corriger le récit")
    if request.method != "POST":
        case_read_record(actor=_actor(request), case=case, what="case")
        form = NarrativeForm(initial={"narrative": case.narrative, "version": case.version})
        return _page(request, case, form, title)
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            case_narrative_update(
                actor=_actor(request),
                case=case,
                narrative=form.cleaned_data["narrative"],
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Récit corrigé ; le texte précédent est conservé."))
            return redirect("case-detail", case_id=case.pk)
    return _page(request, case, form, title, status=400)


def _limit() -> int:
    return int(settings.RECUEIL_MAX_ATTACHMENT_BYTES)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def attachment_add_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(_actor(request), case_id, CasePermission.TRIAGE)  # body not read yet
    case_require_open(case)
    title = _("Ajouter un document")
    if request.method == "POST" and declared_length(request) > request_cap(_limit()):
        messages.error(request, TOO_LARGE)
        return _page(request, case, CaseAttachmentForm(), title, status=413, upload=True)
    handler = BoundedMemoryUploadHandler(request, _limit())
    request.upload_handlers = [handler]
    return _attachment_add(request, case, handler)


@csrf_protect
def _attachment_add(
    request: HttpRequest, case: Case, handler: BoundedMemoryUploadHandler
) -> HttpResponse:
    title = _("Ajouter un document")
    if request.method != "POST":
        return _page(request, case, CaseAttachmentForm(), title, upload=True)
    form = CaseAttachmentForm(request.POST, request.FILES)
    if handler.too_many or handler.too_large:
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error(
            None,
            _("Un seul fichier par envoi : rien n'a été enregistré.")
            if handler.too_many
            else TOO_LARGE,
        )
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachment_add(
                actor=_actor(request),
                case=case,
                filename=upload.name or "",
                content_type=upload.content_type or "",
                data=upload.read(_limit() + 1),
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Document enregistré (chiffré)."))
            return redirect("case-detail", case_id=case.pk)
    return _page(request, case, form, title, status=400, upload=True)
