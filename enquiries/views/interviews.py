"""Interviews: adding a witness, planning an interview, its page and what is recorded there."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from cases.models import Party, User
from enquiries import forms as f
from enquiries import selectors as sel
from enquiries import services as s
from enquiries.models import (
    CommissionMember,
    ConfidentialityCommitment,
    Enquiry,
    EnquiryPermission,
    Interview,
)
from enquiries.views.common import actor, fail

P = EnquiryPermission
CANCEL_UNCONFIRMED = gettext_lazy("Rien n'a été fait : cochez la case pour confirmer l'annulation.")


@require_http_methods(["GET", "POST"])
def witness_add(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    form = f.WitnessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identity = {
            k: data[k] for k in ("first_name", "last_name", "email", "phone", "team") if data.get(k)
        }
        try:
            s.witness_add(actor=user, enquiry=enquiry, identity=identity, status=data["status"])
        except ValidationError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Témoin ajouté au dossier."))
            return redirect("enquiry-interview-plan", enquiry_id=enquiry.pk)
    return render(
        request,
        "enquiries/form.html",
        {"enquiry": enquiry, "form": form, "title": _("Ajouter un témoin à entendre")},
    )


def _interview_form(request: HttpRequest, enquiry: Enquiry) -> f.InterviewForm:
    return f.InterviewForm(
        request.POST or None,
        parties=Party.objects.filter(case=enquiry.case, anonymous=False),
        members=CommissionMember.objects.filter(enquiry=enquiry, ended_at__isnull=True),
        initial={"interviewers": list(enquiry.members.filter(ended_at__isnull=True))},
    )


@require_http_methods(["GET", "POST"])
def interview_plan(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    form = _interview_form(request, enquiry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interview = s.interview_plan(actor=user, enquiry=enquiry, **data)
        except ValidationError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Entretien planifié ; la convocation est à produire."))
            return redirect("enquiry-interview", enquiry_id=enquiry.pk, interview_id=interview.pk)
    return render(
        request,
        "enquiries/interview_plan.html",
        {
            "enquiry": enquiry,
            "form": form,
            "notice_days": sel.interview_notice_days(),
        },
    )


@require_http_methods(["GET", "POST"])
def interview_detail(
    request: HttpRequest, enquiry_id: uuid.UUID, interview_id: uuid.UUID
) -> HttpResponse:
    user = actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    interview = sel.interview_or_404(enquiry, interview_id)
    action = request.POST.get("action") if request.method == "POST" else None
    post = request.POST if action else None
    commitment_form = f.CommitmentForm(
        post if action == "commitment" else None,
        choices=sel.signer_choices(interview),
        prefix="commitment",
    )
    authorisation_form = f.AuthorisationForm(
        post if action == "authorisation" else None, prefix="authorisation"
    )
    hold_form = f.HoldForm(post if action == "hold" else None, prefix="hold")
    # The cancellation has no field of its own but its confirmation box: a bare form
    # carries the posted data and the refusal, shown beside the cancel button.
    cancel_form = forms.Form(post if action == "cancel" else None)
    done = _interview_action(
        user,
        interview,
        action,
        commitment_form,
        authorisation_form,
        hold_form,
        cancel_form,
    )
    if done:
        messages.success(request, done)
        # Once held, the next thing to do is to write the minutes: land in their editor.
        target = "enquiry-minutes" if action == "hold" else "enquiry-interview"
        return redirect(target, enquiry_id=enquiry.pk, interview_id=interview.pk)
    commitments = ConfidentialityCommitment.objects.filter(interview=interview).select_related(
        "member__investigator"
    )
    return render(
        request,
        "enquiries/interview.html",
        {
            "enquiry": enquiry,
            "interview": interview,
            "party": interview.party,
            "notice": sel.notice_of(interview),
            "interviewers": interview.interviewers.select_related("investigator"),
            "commitments": commitments,
            "missing": sel.missing_commitments(interview),
            "authorisation": getattr(interview, "recording_authorisation", None),
            "minutes": sel.minutes_of(interview),
            "attachments": interview.attachments.defer("content"),
            "commitment_form": commitment_form,
            "authorisation_form": authorisation_form,
            "hold_form": hold_form,
            "implicated": interview.party.role == Party.Role.IMPLICATED,
            "cancel_form": cancel_form,
        },
        status=400 if action else 200,
    )


def _interview_action(
    user: User,
    interview: Interview,
    action: str | None,
    commitment_form: f.CommitmentForm,
    authorisation_form: f.AuthorisationForm,
    hold_form: f.HoldForm,
    cancel_form: forms.Form,
) -> str | None:
    """Run the posted action; the success message, or None when the page is shown again."""
    if action is None:
        return None
    try:
        if action == "commitment" and commitment_form.is_valid():
            data = commitment_form.cleaned_data
            recorded = s.commitments_record(
                actor=user,
                interview=interview,
                signers=[sel.signer_of(interview, choice) for choice in data["signers"]],
                signed_on=data["signed_on"],
            )
            return ngettext(
                "%(n)d engagement de confidentialité enregistré.",
                "%(n)d engagements de confidentialité enregistrés.",
                len(recorded),
            ) % {"n": len(recorded)}
        if action == "authorisation" and authorisation_form.is_valid():
            s.recording_authorisation_record(
                actor=user, interview=interview, **authorisation_form.cleaned_data
            )
            return _("Réponse sur l'enregistrement consignée.")
        if action == "hold" and hold_form.is_valid():
            s.interview_hold(actor=user, interview=interview, **hold_form.cleaned_data)
            return _("Entretien tenu : rédigez le compte rendu.")
        if action == "cancel":
            if cancel_form.data.get("confirm") != "yes":
                # Irreversible: never on one click (the page's box is checked again here).
                raise ValidationError(CANCEL_UNCONFIRMED)
            s.interview_cancel(actor=user, interview=interview)
            return _("Entretien annulé.")
    except ValidationError as exc:
        form = {
            "commitment": commitment_form,
            "authorisation": authorisation_form,
            "hold": hold_form,
            "cancel": cancel_form,
        }.get(action, hold_form)
        form.add_error(None, exc)
    return None
