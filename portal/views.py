"""The public portal's pages: thin views over ``portal.services`` (no account, no JS).

Nothing about the visitor is read or kept: no address, no user agent (T6). The only
state is the session of a person who typed a valid receipt code (the id of their
conversation, nothing else), ended by "Quitter" or after the idle timeout.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.models import Entity
from cases.services.support import NATIONAL_DEFAULTS, support_resources
from portal.drafts import draft_open, draft_seal
from portal.forms import CATEGORY_HELP, CodeForm, FilesForm, MessageForm, QuestionForm, ReportForm
from portal.selectors import reporter_view
from portal.services import (
    PortalBusy,
    Receipt,
    portal_code_check,
    portal_question_submit,
    portal_report_submit,
)
from portal.throttle import rate_exceeded, rate_hit
from threads.files import ACCEPT, max_file_bytes, max_files
from threads.models import ReporterAttachment, ReporterThread
from threads.services import (
    attachment_read_by_reporter,
    message_post_by_reporter,
    thread_messages_for_reporter,
)
from workflows.deadlines import (
    ACKNOWLEDGEMENT,
    ACKNOWLEDGEMENT_WORKING_DAYS,
    FEEDBACK,
    FEEDBACK_MONTHS,
    MEETING,
    MEETING_WORKING_DAYS,
)

SESSION_KEY = "portal_thread"
BUSY = 429


def _entity(code: str) -> Entity:
    return get_object_or_404(Entity, code=code)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"entities": Entity.objects.order_by("name")})


def _help(entity: Entity) -> list[dict[str, str]]:
    found = [{"name": r.name, "contact": r.contact} for r in support_resources(entity=entity)]
    return found or [{"name": name, "contact": number} for _k, name, number in NATIONAL_DEFAULTS]


@require_GET
def entity_page(request: HttpRequest, entity_code: str) -> HttpResponse:
    entity = _entity(entity_code)
    return render(
        request,
        "portal/entity.html",
        {
            "entity": entity,
            "help": _help(entity),
            "ack_days": ACKNOWLEDGEMENT_WORKING_DAYS,
            "meeting_days": MEETING_WORKING_DAYS,
            "feedback_months": FEEDBACK_MONTHS,
            # The texts these periods come from, each once.
            "sources": list(
                dict.fromkeys(str(r.source) for r in (ACKNOWLEDGEMENT, MEETING, FEEDBACK))
            ),
            "urgent_hours": settings.RECUEIL_URGENT_TRIAGE_HOURS,
        },
    )


def _report_context(entity: Entity, form: ReportForm, **more: Any) -> dict[str, Any]:
    return {
        "entity": entity,
        "form": form,
        "category_help": CATEGORY_HELP,
        "help": _help(entity),
        **more,
    }


def _posted(request: HttpRequest) -> dict[str, list[str]]:
    """The form's fields as typed, for the sealed draft (never the CSRF token)."""
    return {k: request.POST.getlist(k) for k in request.POST if k not in ("csrfmiddlewaretoken",)}


def _querydict(fields: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in fields.items():
        data.setlist(key, [str(v) for v in values])
    return data


def _summary(form: ReportForm) -> list[tuple[str, str]]:
    """The report as it will be sent, field by field, in words (for the review step)."""
    rows = []
    for bound in form:
        if bound.is_hidden:
            continue
        value = form.cleaned_data.get(bound.name)
        if value in (None, "", [], False):
            continue
        field = bound.field
        if hasattr(field, "queryset"):
            shown = ", ".join(str(v) for v in value or [])
        elif hasattr(field, "choices"):
            shown = str(dict(field.choices).get(value, value))  # type: ignore[attr-defined]
        elif value is True:
            shown = _("Oui")
        else:
            shown = str(value)
        label = str(bound.label)
        if bound.name.startswith("person"):
            # "Personne 2 — Son rôle": the three people's fields are told apart.
            label = f"{_('Personne %(n)s') % {'n': bound.name[len('person')]}} — {label}"
        rows.append((label, shown))
    return rows


def _review(
    request: HttpRequest,
    entity: Entity,
    form: ReportForm,
    *,
    fields: dict[str, list[str]] | None = None,
    files_form: FilesForm | None = None,
    busy: bool = False,
) -> HttpResponse:
    """The review step: the report in words, sealed again for "Envoyer" or "Modifier"."""
    return render(
        request,
        "portal/review.html",
        {
            "entity": entity,
            "summary": _summary(form),
            "draft": draft_seal(fields if fields is not None else _posted(request)),
            "files_form": files_form or FilesForm(),
            "accept": ACCEPT,
            "max_files": max_files(),
            "max_mb": max_file_bytes() // (1024 * 1024),
            "busy": busy,
        },
        status=BUSY if busy else 200,
    )


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, entity_code: str) -> HttpResponse:
    """The report, on one page; valid, it goes to the review step (nothing stored yet)."""
    entity = _entity(entity_code)
    if request.method == "GET":
        return render(request, "portal/report.html", _report_context(entity, ReportForm()))
    if "draft" in request.POST:
        # Back from the review step to change something: the sealed draft, as typed.
        fields = draft_open(request.POST["draft"])
        if fields is None:
            return render(
                request,
                "portal/report.html",
                _report_context(entity, ReportForm(), expired=True),
            )
        return render(
            request,
            "portal/report.html",
            _report_context(entity, ReportForm(data=_querydict(fields))),
        )
    form = ReportForm(data=request.POST)
    if not form.is_valid():
        return render(request, "portal/report.html", _report_context(entity, form))
    return _review(request, entity, form)


@require_POST
def report_review(request: HttpRequest, entity_code: str) -> HttpResponse:
    """Send the reviewed report: files checked, case created, code shown once."""
    entity = _entity(entity_code)
    fields = draft_open(request.POST.get("draft", ""))
    if fields is None:
        return render(
            request, "portal/report.html", _report_context(entity, ReportForm(), expired=True)
        )
    form = ReportForm(data=_querydict(fields))
    if not form.is_valid():
        return render(request, "portal/report.html", _report_context(entity, form))
    files_form = FilesForm(data=request.POST, files=request.FILES)
    if not files_form.is_valid():
        return _review(request, entity, form, fields=fields, files_form=files_form)
    try:
        receipt = portal_report_submit(
            entity=entity, data=form.cleaned_data, files=files_form.cleaned_data["files"]
        )
    except ValidationError as error:
        files_form.add_error("files", error)
        return _review(request, entity, form, fields=fields, files_form=files_form)
    except PortalBusy:
        return _review(request, entity, form, fields=fields, busy=True)
    return _receipt(request, entity, receipt, question=False)


def _receipt(
    request: HttpRequest, entity: Entity, receipt: Receipt, question: bool
) -> HttpResponse:
    """The code, once: in this response only, never in a URL, a log or the session."""
    return render(
        request,
        "portal/receipt.html",
        {
            "entity": entity,
            "groups": receipt.groups,
            "question": question,
            "ack_days": ACKNOWLEDGEMENT_WORKING_DAYS,
            "feedback_months": FEEDBACK_MONTHS,
        },
    )


@require_http_methods(["GET", "POST"])
def question_form(request: HttpRequest, entity_code: str) -> HttpResponse:
    entity = _entity(entity_code)
    form = QuestionForm(data=request.POST if request.method == "POST" else None)
    busy = False
    if request.method == "POST" and form.is_valid():
        try:
            receipt = portal_question_submit(entity=entity, data=form.cleaned_data)
        except PortalBusy:
            busy = True
        else:
            return _receipt(request, entity, receipt, question=True)
    return render(
        request,
        "portal/question.html",
        {"entity": entity, "form": form, "busy": busy, "help": _help(entity)},
        status=BUSY if busy else 200,
    )


@require_http_methods(["GET", "POST"])
def follow_login(request: HttpRequest) -> HttpResponse:
    form = CodeForm(data=request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            thread = portal_code_check(typed=form.cleaned_data["code"])
        except PortalBusy:
            form.add_error(
                None,
                _(
                    "Trop d'essais de code ces dernières minutes : par sécurité, la connexion "
                    "est suspendue. Réessayez dans une heure."
                ),
            )
            status = BUSY
        else:
            if thread is not None:
                request.session.flush()
                request.session[SESSION_KEY] = str(thread.pk)
                return redirect("portal:follow")
            form.add_error("code", _("Ce code ne correspond à aucun signalement. Vérifiez-le."))
    return render(request, "portal/login.html", {"form": form}, status=status)


def _thread(request: HttpRequest) -> ReporterThread | None:
    pk = request.session.get(SESSION_KEY)
    if not pk:
        return None
    return ReporterThread.objects.select_related("case").filter(pk=pk).first()


@require_http_methods(["GET", "POST"])
def follow_page(request: HttpRequest) -> HttpResponse:
    """The person's own report: state, owed deadlines, the conversation, a reply."""
    thread = _thread(request)
    if thread is None:
        return redirect("portal:login")
    form = MessageForm()
    status = 200
    if request.method == "POST":
        form = MessageForm(data=request.POST, files=request.FILES)
        bucket = f"post:{thread.pk}"
        if rate_exceeded(bucket, settings.RECUEIL_PORTAL_MESSAGES_PER_HOUR):
            form.add_error(None, _("Trop de messages en une heure : réessayez plus tard."))
            status = BUSY
        elif form.is_valid():
            try:
                message_post_by_reporter(
                    thread=thread,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["files"],
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                # A stale thread too: the page shows the new messages and keeps the text.
                form.add_error(None, error)
            else:
                rate_hit(bucket)
                messages.success(request, _("Votre message a été envoyé."))
                return redirect("portal:follow")
    return render(
        request,
        "portal/follow.html",
        {
            "view": reporter_view(thread),
            "thread_messages": thread_messages_for_reporter(thread=thread),
            # The version the page shows: a message arriving meanwhile stops the send.
            "version": ReporterThread.objects.values_list("version", flat=True).get(pk=thread.pk),
            "form": form,
            "accept": ACCEPT,
            "max_files": max_files(),
            "max_mb": max_file_bytes() // (1024 * 1024),
        },
        status=status,
    )


@require_GET
def follow_file(request: HttpRequest, attachment_id: uuid.UUID) -> HttpResponseBase:
    thread = _thread(request)
    attachment = (
        ReporterAttachment.objects.filter(pk=attachment_id, message__thread=thread).first()
        if thread is not None
        else None
    )
    if thread is None or attachment is None:
        raise Http404
    try:
        data = attachment_read_by_reporter(thread=thread, attachment=attachment)
    except PermissionDenied as error:
        raise Http404 from error
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=str(attachment.filename),
        content_type=attachment.content_type,
    )


@require_POST
def follow_logout(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return redirect("portal:home")
