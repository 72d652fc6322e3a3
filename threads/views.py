"""The handlers' side of the conversation: read, answer with files, download.

Case threads need ``triage_case`` on the case (the referent in charge); a question's
thread needs a listener role in its entity. Anyone else gets 404, existing or not
(T1), on every route, downloads included. The post views are ``csrf_exempt`` so that
nothing reads the body before the permission is checked (as ``cases.views.case_file``):
permission, then the declared length (413, body unread), then the bounded in-memory
upload handler (no clear temporary file, T3), and only then the CSRF check.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import CasePermission, User
from cases.selectors.cases import case_or_404
from threads.files import download_name
from threads.forms import MessageForm
from threads.models import ReporterAttachment, ReporterThread
from threads.services import (
    ChecksumMismatch,
    attachment_read_by_handler,
    handler_may,
    message_post_by_handler,
    thread_messages_for_handler,
)
from threads.uploads import MessageUploadHandler, too_large


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def case_thread_or_404(user: User, case_id: uuid.UUID) -> ReporterThread:
    case = case_or_404(user, case_id, CasePermission.TRIAGE)
    thread = ReporterThread.objects.filter(case=case).select_related("case", "contact").first()
    if thread is None:
        raise Http404
    return thread


def question_thread_or_404(user: User, contact_id: uuid.UUID) -> ReporterThread:
    thread = (
        ReporterThread.objects.filter(contact_id=contact_id, case__isnull=True)
        .select_related("contact")
        .first()
    )
    if thread is None or not handler_may(user, thread):
        raise Http404
    return thread


def conversation(
    request: HttpRequest, thread: ReporterThread, form: MessageForm | None = None
) -> dict[str, Any]:
    """The section's context: every message (marked read, the read traced) and the form."""
    rows = thread_messages_for_handler(actor=_actor(request), thread=thread)
    file_url = _file_url(thread)
    for row in rows:
        row.files = list(row.attachments.all())  # type: ignore[attr-defined]
        for attachment in row.files:  # type: ignore[attr-defined]
            attachment.download_url = file_url.format(attachment.pk)
    if form is None:
        form = MessageForm(initial={"version": thread.version})
    else:
        # Shown again after an error: the text is kept, the version is the one now read.
        data = cast(QueryDict, form.data).copy()
        data["version"] = str(thread.version)
        form.data = data
    return {
        "thread": thread,
        "thread_messages": rows,
        "thread_form": form,
        "thread_post_url": _post_url(thread),
    }


def _post_url(thread: ReporterThread) -> str:
    if thread.case_id is not None:
        return reverse("case-thread", kwargs={"case_id": thread.case_id})
    return reverse("question-thread", kwargs={"contact_id": thread.contact_id})


def _file_url(thread: ReporterThread) -> str:
    """The download URL with ``{}`` for the file's id: one ``reverse`` per page."""
    marker = uuid.UUID(int=0)
    if thread.case_id is not None:
        url = reverse(
            "case-thread-file", kwargs={"case_id": thread.case_id, "attachment_id": marker}
        )
    else:
        url = reverse(
            "question-thread-file",
            kwargs={"contact_id": thread.contact_id, "attachment_id": marker},
        )
    return url.replace(str(marker), "{}")


def _back(thread: ReporterThread) -> str:
    if thread.case_id is not None:
        return reverse("case-detail", kwargs={"case_id": thread.case_id}) + "#reporter-exchanges"
    return (
        reverse("contact-detail", kwargs={"contact_id": thread.contact_id}) + "#reporter-exchanges"
    )


def _page(
    request: HttpRequest, thread: ReporterThread, form: MessageForm | None = None, status: int = 200
) -> HttpResponse:
    context = conversation(request, thread, form)
    context["back_url"] = _back(thread)
    return render(request, "threads/thread.html", context, status=status)


TOO_LARGE = gettext_lazy("Les fichiers dépassent la taille autorisée : rien n'a été envoyé.")


def _entry(request: HttpRequest, thread: ReporterThread) -> HttpResponse:
    if request.method == "POST":
        if too_large(request):
            form = MessageForm()
            form.add_error(None, str(TOO_LARGE))
            return _page(request, thread, form, status=413)
        handler = MessageUploadHandler(request)
        request.upload_handlers = [handler]
        return _post(request, thread, handler)
    return _page(request, thread)


@csrf_protect
def _post(
    request: HttpRequest, thread: ReporterThread, handler: MessageUploadHandler
) -> HttpResponse:
    form = MessageForm(request.POST, request.FILES)
    if handler.too_many or handler.too_large:
        form.is_valid()
        form.errors.pop("attachments", None)
        form.add_error(
            None,
            _("Trop de fichiers : rien n'a été envoyé.") if handler.too_many else str(TOO_LARGE),
        )
    elif form.is_valid():
        try:
            message_post_by_handler(
                actor=_actor(request),
                thread=thread,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("Message envoyé par le portail (chiffré)."))
            return redirect(_back(thread))
    return _page(request, thread, form, status=400)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def case_thread(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _entry(request, case_thread_or_404(_actor(request), case_id))  # body not read yet


@csrf_exempt
@require_http_methods(["GET", "POST"])
def question_thread(request: HttpRequest, contact_id: uuid.UUID) -> HttpResponse:
    return _entry(request, question_thread_or_404(_actor(request), contact_id))


def _download(
    request: HttpRequest, thread: ReporterThread, attachment_id: uuid.UUID
) -> HttpResponse:
    attachment = (
        ReporterAttachment.objects.filter(pk=attachment_id, message__thread=thread)
        .select_related("message__thread__case", "message__thread__contact")
        .first()
    )
    if attachment is None:
        raise Http404
    try:
        data = attachment_read_by_handler(actor=_actor(request), attachment=attachment)
    except ChecksumMismatch:
        raise Http404 from None
    response = HttpResponse(data, content_type=attachment.content_type)
    # The real file name is confidential (it may hold a name): downloads get a neutral one.
    name = download_name(attachment.content_type, f"piece-{attachment.pk}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def case_thread_file(
    request: HttpRequest, case_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    return _download(request, case_thread_or_404(_actor(request), case_id), attachment_id)


@require_GET
def question_thread_file(
    request: HttpRequest, contact_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    return _download(request, question_thread_or_404(_actor(request), contact_id), attachment_id)
