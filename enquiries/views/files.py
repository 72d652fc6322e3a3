"""Enquiry files: upload (permission checked before the body is read) and download.

The upload view is ``csrf_exempt`` so that nothing reads the body before it runs
(Django's CSRF check reads the posted token from the body); it checks, in order:
the enquiry permission (404 otherwise, as every enquiry page), the declared body
length against the request cap (413, body unread), then installs the bounded
in-memory upload handler (``enquiries.uploads``) and only then checks CSRF
(``csrf_protect`` on the inner view), as Django's documentation describes for
custom upload handlers. Authentication and the second factor are checked before any
view by the middleware (``SecondFactorRequiredMiddleware``).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from cases.core.security.uploads import declared_length
from enquiries import forms as f
from enquiries import selectors as sel
from enquiries import services as s
from enquiries.models import Enquiry, EnquiryPermission, Interview
from enquiries.services.files import ChecksumMismatch, download_name, max_bytes
from enquiries.uploads import BoundedMemoryUploadHandler, request_cap
from enquiries.views.common import actor, fail

P = EnquiryPermission


def _form(request: HttpRequest, enquiry: Enquiry, bound: bool) -> f.AttachmentForm:
    interviews = Interview.objects.filter(enquiry=enquiry).select_related("party")
    return f.AttachmentForm(
        (request.POST or None) if bound else None,
        (request.FILES or None) if bound else None,
        interviews=interviews,
        initial={"interview": request.GET.get("interview")},
    )


def _page(
    request: HttpRequest, enquiry: Enquiry, form: f.AttachmentForm, status: int
) -> HttpResponse:
    return render(
        request,
        "enquiries/attachment.html",
        {
            "enquiry": enquiry,
            "form": form,
            "max_file": max_bytes("transcript"),
            "max_recording": max_bytes("recording"),
        },
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    enquiry = sel.enquiry_or_404(actor(request), enquiry_id, P.CONDUCT)  # body not read yet
    limit = max_bytes("recording")
    if request.method == "POST" and declared_length(request) > request_cap(limit):
        # Refused unread: no bound form to attach the error to, so a page message says why.
        messages.error(
            request,
            _("Le fichier dépasse la taille maximale acceptée : il n'a pas été enregistré."),
        )
        return _page(request, enquiry, _form(request, enquiry, bound=False), status=413)
    # Uploads stay in memory (no clear temporary file: T3), bounded per file and request.
    handler = BoundedMemoryUploadHandler(request, limit)
    request.upload_handlers = [handler]
    return _attachment_add(request, enquiry, handler)


@csrf_protect
def _attachment_add(
    request: HttpRequest, enquiry: Enquiry, handler: BoundedMemoryUploadHandler
) -> HttpResponse:
    form = _form(request, enquiry, bound=True)
    if request.method != "POST":
        return _page(request, enquiry, form, status=200)
    if handler.too_many or handler.too_large:
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error(
            None,
            _("Un seul fichier par envoi : rien n'a été enregistré.")
            if handler.too_many
            else _("Le fichier dépasse la taille maximale acceptée : il n'a pas été enregistré."),
        )
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            s.attachment_add(
                actor=actor(request),
                enquiry=enquiry,
                interview=form.cleaned_data["interview"],
                kind=kind,
                filename=upload.name or "",
                content_type=upload.content_type or "",
                data=upload.read(max_bytes(kind) + 1),
            )
        except ValidationError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Pièce enregistrée (chiffrée)."))
            return redirect("enquiry-detail", enquiry_id=enquiry.pk)
    return _page(request, enquiry, form, status=400)


@require_GET
def attachment_download(
    request: HttpRequest, enquiry_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    attachment = sel.attachment_or_404(enquiry, attachment_id)
    try:
        data = s.attachment_read(actor=user, attachment=attachment)
    except ChecksumMismatch:
        raise Http404 from None
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download_name(attachment)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
