"""Minutes of an interview: writing them (versioned), reading back, signature or refusal."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.models import User
from enquiries import forms as f
from enquiries import selectors as sel
from enquiries import services as s
from enquiries.models import EnquiryPermission, Minutes
from enquiries.views.common import actor

P = EnquiryPermission


@require_http_methods(["GET", "POST"])
def minutes_edit(
    request: HttpRequest, enquiry_id: uuid.UUID, interview_id: uuid.UUID
) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    interview = sel.interview_or_404(enquiry, interview_id)
    minutes = sel.minutes_of(interview)
    if minutes is None:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    form = f.MinutesForm(
        request.POST if action == "save" else None,
        initial={"body": minutes.body or "", "version": minutes.version},
    )
    status_form = f.MinutesStatusForm(
        request.POST if action in {"read_back", "sign", "refuse"} else None,
        initial={"version": minutes.version},
    )
    if action:
        done = _minutes_action(user, minutes, action, form, status_form)
        if done:
            messages.success(request, done)
            return redirect("enquiry-minutes", enquiry_id=enquiry.pk, interview_id=interview.pk)
    s.minutes_read(actor=user, minutes=minutes)
    return render(
        request,
        "enquiries/minutes.html",
        {
            "enquiry": enquiry,
            "interview": interview,
            "party": interview.party,
            "minutes": minutes,
            "form": form,
            "status_form": status_form,
            "versions": minutes.versions.select_related("saved_by").defer("body"),
        },
        status=400 if action else 200,
    )


def _minutes_action(
    user: User,
    minutes: Minutes,
    action: str,
    form: f.MinutesForm,
    status_form: f.MinutesStatusForm,
) -> str | None:
    try:
        if action == "save" and form.is_valid():
            s.minutes_save(
                actor=user,
                minutes=minutes,
                body=form.cleaned_data["body"],
                expected_version=form.cleaned_data["version"],
            )
            return _("Compte rendu enregistré (nouvelle version).")
        if action != "save" and status_form.is_valid():
            data = status_form.cleaned_data
            if action == "read_back":
                s.minutes_read_back(actor=user, minutes=minutes, expected_version=data["version"])
                return _("Relecture avec la personne entendue consignée.")
            if action in {"sign", "refuse"} and status_form.data.get("confirm") != "yes":
                # Final: signed minutes, or the refusal noted, never change again.
                raise ValidationError(_("Rien n'a été fait : cochez la case de confirmation."))
            if action == "sign":
                if not data.get("signed_on"):
                    raise ValidationError(_("Indiquez la date de la signature."))
                s.minutes_sign(
                    actor=user,
                    minutes=minutes,
                    signed_on=data["signed_on"],
                    expected_version=data["version"],
                )
                return _("Signature du compte rendu consignée.")
            if action == "refuse":
                s.minutes_refuse(
                    actor=user,
                    minutes=minutes,
                    note=data.get("note", ""),
                    expected_version=data["version"],
                )
                return _("Refus de signer consigné.")
    except ValidationError as exc:
        (form if action == "save" else status_form).add_error(None, exc)
    return None
