"""The enquiry itself: list, opening from a task, its page, commission, end, conflict."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.models import User
from cases.services.cases import case_read_record
from enquiries import forms as f
from enquiries import letters as enquiry_letters
from enquiries import selectors as sel
from enquiries import services as s
from enquiries.models import Enquiry, EnquiryPermission, EnquiryReport
from enquiries.views.common import actor, fail

P = EnquiryPermission


@require_GET
def enquiry_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    enquiries = (
        sel.enquiries_for(user).select_related("case", "case__entity").order_by("-opened_at")[:200]
    )
    return render(
        request,
        "enquiries/list.html",
        {"enquiries": enquiries, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def enquiry_open(request: HttpRequest, task_id: int) -> HttpResponse:
    user = actor(request)
    try:
        task, case = s.enquiry_task_of(actor=user, task_id=task_id)
    except PermissionDenied:
        raise Http404 from None
    existing = sel.running_enquiry_of(case)
    if existing is not None:
        return redirect("enquiry-detail", enquiry_id=existing.pk)
    form = f.EnquiryOpenForm(
        request.POST or None,
        deciders=sel.deciders_for(case.entity_id, user),
        initial={
            "decided_by": user.pk,
            "decision_authority": "referent",
            "reason": sel.triage_reasoning_for(user, case),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enquiry = s.enquiry_open(
                actor=user,
                task_id=task.pk,
                decided_by=data["decided_by"],
                decision_authority=data["decision_authority"],
                decided_on=data["decided_on"],
                reason=data["reason"],
                mandate=data["mandate"],
                languages=data["languages"],
            )
        except ValidationError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Enquête ouverte. Désignez maintenant la commission."))
            return redirect("enquiry-appoint", enquiry_id=enquiry.pk)
    return render(
        request,
        "enquiries/open.html",
        {
            "form": form,
            "case": case,
            "task": task,
            "weeks": settings.RECUEIL_ENQUIRY_WEEKS,
        },
    )


@require_GET
def enquiry_detail(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id)
    perms = sel.enquiry_permissions_of(user, enquiry)
    conducts = P.CONDUCT in perms
    case_read_record(actor=user, case=enquiry.case, what="enquiry", item=str(enquiry.pk))
    interviews = list(
        enquiry.interviews.select_related("party", "minutes").prefetch_related(
            "interviewers__investigator"
        )
    )
    report = EnquiryReport.objects.filter(enquiry=enquiry).first()
    letter_rows, sees_case_letters = enquiry_letters.letter_rows(user, enquiry)
    return render(
        request,
        "enquiries/detail.html",
        {
            "enquiry": enquiry,
            "case": enquiry.case,
            "conducts": conducts,
            "manages": P.MANAGE in perms,
            "members": sel.active_members(enquiry),
            "past_members": enquiry.members.filter(ended_at__isnull=False).select_related(
                "investigator"
            ),
            "categories": sel.case_categories(enquiry.case),
            "parties": enquiry.case.parties.all() if conducts else [],
            "interviews": interviews,
            "attachments": enquiry.attachments.defer("content") if conducts else [],
            "letters": letter_rows,
            "sees_case_letters": sees_case_letters,
            "timeline": sel.enquiry_timeline(enquiry),
            "report": report,
            "can_read_report": sel.report_readers_can(user, enquiry),
            "today": timezone.localdate(),
        },
    )


def _appoint_form(request: HttpRequest, enquiry: Enquiry, user: User) -> Any:
    candidates = s.roster_for(enquiry)
    eligible_ids = [c.user.pk for c in candidates if c.eligible]
    form = f.AppointForm(
        request.POST or None,
        deciders=sel.deciders_for(enquiry.case.entity_id, user),
        candidates=User.objects.filter(pk__in=eligible_ids).order_by("last_name"),
        initial={"decided_by": user.pk, "decision_authority": "referent"},
    )
    return form, candidates


@require_http_methods(["GET", "POST"])
def enquiry_appoint(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.MANAGE)
    form, candidates = _appoint_form(request, enquiry, user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            s.commission_appoint(
                actor=user,
                enquiry=enquiry,
                investigators=list(data["investigators"]),
                decided_by=data["decided_by"],
                decision_authority=data["decision_authority"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Commission désignée : ses membres ont accès à l'enquête."))
            return redirect("enquiry-detail", enquiry_id=enquiry.pk)
    languages = (enquiry.needs or {}).get("languages", [])
    return render(
        request,
        "enquiries/appoint.html",
        {
            "enquiry": enquiry,
            "form": form,
            "candidates": candidates,
            "suggested": {c.user.pk for c in s.suggest_pair(candidates, languages)},
            "needed_languages": languages,
            "members": sel.active_members(enquiry),
        },
    )


@require_http_methods(["GET", "POST"])
def enquiry_end(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.MANAGE)
    form = f.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            s.enquiry_end(actor=user, enquiry=enquiry, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Enquête close : la commission n'y a plus accès."))
            return redirect("enquiry-detail", enquiry_id=enquiry.pk)
    return render(
        request,
        "enquiries/form.html",
        {"enquiry": enquiry, "form": form, "title": _("Clore l'enquête sans rapport")},
    )


@require_POST
def enquiry_conflict(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id)
    if request.POST.get("confirm") != "yes":
        # Irreversible (access ends at once): never on one click.
        messages.error(request, _("Rien n'a été fait : cochez la case pour confirmer le conflit."))
        return redirect("enquiry-detail", enquiry_id=enquiry.pk)
    s.enquiry_conflict_declare(actor=user, enquiry=enquiry)
    messages.success(
        request, _("Conflit d'intérêts enregistré : vous n'avez plus accès à cette enquête.")
    )
    return redirect("enquiry-list")
