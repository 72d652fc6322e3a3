"""Legal hold pages: a director or the legal directorate of the case's entity, else 404."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.core.security.params import query_page
from cases.models import Case, User
from retention.forms import HoldForm, LiftForm, ProcedureEndForm
from retention.models import LegalHold
from retention.selectors import case_retention_view, retention_register
from retention.services import (
    HOLD_ROLES,
    legal_hold_lift,
    legal_hold_place,
    may_hold,
    procedure_end_record,
)


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _case_for_hold_or_404(request: HttpRequest, case_id: uuid.UUID) -> Case:
    case = Case.objects.filter(pk=case_id).select_related("entity").first()
    # Missing, another entity, another role, named in the case: the same 404 (T1, T2).
    if case is None or not may_hold(_actor(request), case):
        raise Http404
    return case


@require_http_methods(["GET"])
def register(request: HttpRequest) -> HttpResponse:
    """What the entity will anonymise, and when: directors and the legal directorate."""
    user = _actor(request)
    if not user.memberships.filter(role__in=HOLD_ROLES).exists():
        raise Http404
    page = query_page(request)
    size = 50
    rows = retention_register(user, limit=size + 1, offset=(page - 1) * size)
    return render(
        request,
        "retention/register.html",
        {"rows": rows[:size], "page": page, "has_next": len(rows) > size},
    )


@require_http_methods(["GET"])
def case_retention_page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case's retention only (reference, date, rule, holds): no case content."""
    case = _case_for_hold_or_404(request, case_id)
    return render(
        request,
        "retention/case.html",
        {"case": case, "r": case_retention_view(case, _actor(request))},
    )


@require_http_methods(["GET", "POST"])
def hold_place(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_for_hold_or_404(request, case_id)
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            legal_hold_place(
                actor=_actor(request),
                case=case,
                reason=form.cleaned_data["reason"],
                review_on=form.cleaned_data["review_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(reverse("retention-case", kwargs={"case_id": case.pk}))
    return render(
        request,
        "retention/form.html",
        {"case": case, "form": form, "title": _("Suspendre la durée de conservation")},
    )


@require_http_methods(["GET", "POST"])
def hold_lift(request: HttpRequest, hold_id: uuid.UUID) -> HttpResponse:
    hold = LegalHold.objects.filter(pk=hold_id, lifted_at__isnull=True).first()
    if hold is None:
        raise Http404
    case = _case_for_hold_or_404(request, hold.case_id)
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            legal_hold_lift(actor=_actor(request), hold=hold, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(reverse("retention-case", kwargs={"case_id": case.pk}))
    return render(
        request,
        "retention/form.html",
        {"case": case, "form": form, "title": _("Lever la suspension de la conservation")},
    )


@require_http_methods(["GET", "POST"])
def procedure_end(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_for_hold_or_404(request, case_id)
    form = ProcedureEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure_end_record(
                actor=_actor(request), case=case, ended_on=form.cleaned_data["ended_on"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(reverse("retention-case", kwargs={"case_id": case.pk}))
    return render(
        request,
        "retention/form.html",
        {"case": case, "form": form, "title": _("Enregistrer la fin de la procédure")},
    )
