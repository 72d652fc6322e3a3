"""Enquiry pages: parse, check the per-enquiry permission (404 otherwise), call one service.

Every page answers 404 to anyone without the enquiry permission it needs, whether
the enquiry exists or not (T1, T2); reads of minutes, files and the report are
written to the access log by the services they call.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.core.accounts.selectors import entity_administered_or_404
from cases.models import Party, Role, RoleMembership, User
from cases.services.cases import case_read_record
from enquiries import forms as f
from enquiries import letters as enquiry_letters
from enquiries import selectors as sel
from enquiries import services as s
from enquiries.models import (
    CommissionMember,
    ConfidentialityCommitment,
    Enquiry,
    EnquiryPermission,
    EnquiryReport,
    Interview,
    InvestigatorProfile,
    Minutes,
    Recommendation,
)
from enquiries.services.files import ChecksumMismatch, download_name, max_bytes
from enquiries.uploads import BoundedMemoryUploadHandler

P = EnquiryPermission


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _decider_queryset(case_entity_id: int, actor: User) -> QuerySet[User]:
    """Who may be named as having decided: the actor themself, or a director of the entity."""
    directors = RoleMembership.objects.filter(entity_id=case_entity_id, role=Role.DIRECTOR).values(
        "user_id"
    )
    return (
        User.objects.filter(Q(pk__in=directors) | Q(pk=actor.pk), is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def _fail(form: Any, exc: ValidationError) -> None:
    form.add_error(None, exc)


# --- Lists and opening ----------------------------------------------------------------------


@require_GET
def enquiry_list(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
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
    user = _actor(request)
    try:
        task, case = s.enquiry_task_of(actor=user, task_id=task_id)
    except PermissionDenied:
        raise Http404 from None
    existing = sel.running_enquiry_of(case)
    if existing is not None:
        return redirect("enquiry-detail", enquiry_id=existing.pk)
    form = f.EnquiryOpenForm(
        request.POST or None,
        deciders=_decider_queryset(case.entity_id, user),
        initial={"decided_by": user.pk, "decision_authority": "referent"},
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
            _fail(form, exc)
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
            "weeks": getattr(settings, "RECUEIL_ENQUIRY_WEEKS", 8),
        },
    )


# --- One enquiry ----------------------------------------------------------------------------


@require_GET
def enquiry_detail(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    user = _actor(request)
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
        deciders=_decider_queryset(enquiry.case.entity_id, user),
        candidates=User.objects.filter(pk__in=eligible_ids).order_by("last_name"),
        initial={"decided_by": user.pk, "decision_authority": "referent"},
    )
    return form, candidates


@require_http_methods(["GET", "POST"])
def enquiry_appoint(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    user = _actor(request)
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
            _fail(form, exc)
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
def enquiry_end(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    user = _actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.MANAGE)
    form = f.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            s.enquiry_end(actor=user, enquiry=enquiry, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Enquête close : la commission n'y a plus accès."))
            return redirect("enquiry-detail", enquiry_id=enquiry.pk)
    return render(
        request,
        "enquiries/form.html",
        {"enquiry": enquiry, "form": form, "title": _("Clore l'enquête sans rapport")},
    )


@require_POST
def enquiry_conflict(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    user = _actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id)
    s.enquiry_conflict_declare(actor=user, enquiry=enquiry)
    messages.success(
        request, _("Conflit d'intérêts enregistré : vous n'avez plus accès à cette enquête.")
    )
    return redirect("enquiry-list")


# --- Letters --------------------------------------------------------------------------------


@require_POST
def letter_due_draft(request: HttpRequest, enquiry_id: str, due_id: int) -> HttpResponse:
    """Prepare the letter a step calls for, then continue on the letter's own page.

    404 unless the user sees the enquiry *and* drafts the case's letters: investigators
    (no grant on the case) are refused like strangers.
    """
    user = _actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id)
    due = sel.letter_due_or_404(enquiry, due_id)
    try:
        letter = s.letter_due_draft(actor=user, due=due)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("enquiry-detail", enquiry_id=enquiry.pk)
    messages.success(request, _("Brouillon prêt : vérifiez et complétez le courrier."))
    return redirect("letter-detail", case_id=letter.case_id, letter_id=letter.pk)


# --- Interviews -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def witness_add(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    user = _actor(request)
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
            _fail(form, exc)
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
def interview_plan(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    user = _actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    form = _interview_form(request, enquiry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interview = s.interview_plan(actor=user, enquiry=enquiry, **data)
        except ValidationError as exc:
            _fail(form, exc)
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


def _signer_choices(interview: Interview) -> list[tuple[str, str]]:
    """Those present who have not signed yet (the support person if one is allowed)."""
    choices = []
    for pending in sel.missing_commitments(
        interview, with_support=interview.support_person_allowed
    ):
        if pending.member is not None:
            choices.append((f"member:{pending.member.pk}", pending.label))
        else:
            choices.append((str(pending.signer), pending.label))
    return choices


@require_http_methods(["GET", "POST"])
def interview_detail(request: HttpRequest, enquiry_id: str, interview_id: str) -> HttpResponse:
    user = _actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    interview = sel.interview_or_404(enquiry, interview_id)
    action = request.POST.get("action") if request.method == "POST" else None
    post = request.POST if action else None
    commitment_form = f.CommitmentForm(
        post if action == "commitment" else None,
        choices=_signer_choices(interview),
        prefix="commitment",
    )
    authorisation_form = f.AuthorisationForm(
        post if action == "authorisation" else None, prefix="authorisation"
    )
    hold_form = f.HoldForm(post if action == "hold" else None, prefix="hold")
    done = _interview_action(
        user, interview, action, commitment_form, authorisation_form, hold_form
    )
    if done:
        messages.success(request, done)
        return redirect("enquiry-interview", enquiry_id=enquiry.pk, interview_id=interview.pk)
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
) -> str | None:
    """Run the posted action; the success message, or None when the page is shown again."""
    if action is None:
        return None
    try:
        if action == "commitment" and commitment_form.is_valid():
            signer = commitment_form.cleaned_data["signer"]
            member = None
            if signer.startswith("member:"):
                member = CommissionMember.objects.filter(
                    enquiry=interview.enquiry, pk=signer.split(":", 1)[1]
                ).first()
                signer = ConfidentialityCommitment.Signer.INTERVIEWER
            s.commitment_record(
                actor=user,
                interview=interview,
                signer=signer,
                member=member,
                signed_on=commitment_form.cleaned_data["signed_on"],
            )
            return _("Engagement de confidentialité enregistré.")
        if action == "authorisation" and authorisation_form.is_valid():
            s.recording_authorisation_record(
                actor=user, interview=interview, **authorisation_form.cleaned_data
            )
            return _("Réponse sur l'enregistrement consignée.")
        if action == "hold" and hold_form.is_valid():
            s.interview_hold(actor=user, interview=interview, **hold_form.cleaned_data)
            return _("Entretien tenu : rédigez le compte rendu.")
        if action == "cancel":
            s.interview_cancel(actor=user, interview=interview)
            return _("Entretien annulé.")
    except ValidationError as exc:
        form = {
            "commitment": commitment_form,
            "authorisation": authorisation_form,
            "hold": hold_form,
        }.get(action, hold_form)
        form.add_error(None, exc)
    return None


@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, enquiry_id: str, interview_id: str) -> HttpResponse:
    user = _actor(request)
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


# --- Files ----------------------------------------------------------------------------------


@csrf_exempt
def attachment_add(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    # Uploads stay in memory (no clear temporary file: T3); CSRF is checked just below,
    # once the handler is in place.
    handler = BoundedMemoryUploadHandler(request, max_bytes("recording"))
    request.upload_handlers = [handler]
    return _attachment_add(request, enquiry_id, handler)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _attachment_add(
    request: HttpRequest, enquiry_id: str, handler: BoundedMemoryUploadHandler
) -> HttpResponse:
    user = _actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    interviews = Interview.objects.filter(enquiry=enquiry).select_related("party")
    form = f.AttachmentForm(
        request.POST or None,
        request.FILES or None,
        interviews=interviews,
        initial={"interview": request.GET.get("interview")},
    )
    if request.method == "POST":
        if handler.too_large:
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error(
                None,
                _("Le fichier dépasse la taille maximale acceptée : il n'a pas été enregistré."),
            )
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            kind = form.cleaned_data["kind"]
            try:
                s.attachment_add(
                    actor=user,
                    enquiry=enquiry,
                    interview=form.cleaned_data["interview"],
                    kind=kind,
                    filename=upload.name or "",
                    content_type=upload.content_type or "",
                    data=upload.read(max_bytes(kind) + 1),
                )
            except ValidationError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Pièce enregistrée (chiffrée)."))
                return redirect("enquiry-detail", enquiry_id=enquiry.pk)
    return render(
        request,
        "enquiries/attachment.html",
        {
            "enquiry": enquiry,
            "form": form,
            "max_file": max_bytes("transcript"),
            "max_recording": max_bytes("recording"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def attachment_download(request: HttpRequest, enquiry_id: str, attachment_id: str) -> HttpResponse:
    user = _actor(request)
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


# --- Report ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    user = _actor(request)
    enquiry = sel.enquiry_for_report_or_404(user, enquiry_id)
    report = EnquiryReport.objects.filter(enquiry=enquiry).first()
    may_edit = (
        P.CONDUCT in sel.enquiry_permissions_of(user, enquiry)
        and enquiry.is_running
        and (report is None or report.status == EnquiryReport.Status.DRAFT)
    )
    if not may_edit and (report is None or report.status != EnquiryReport.Status.SUBMITTED):
        raise Http404  # nothing to read yet for the pilots and the decision-maker
    categories = sel.case_categories(enquiry.case)
    initial: dict[str, Any] = {"version": report.version if report else 0}
    if report is not None:
        initial.update(
            {
                "facts_established": report.facts_established or "",
                "facts_not_established": report.facts_not_established or "",
                "recommendations": report.recommendations,
                "recommendations_detail": report.recommendations_detail or "",
            }
        )
        initial.update({f"analysis_{k}": v for k, v in (report.analysis or {}).items()})
    form = f.ReportForm(
        request.POST if may_edit and request.method == "POST" else None,
        categories=categories,
        initial=initial,
    )
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                s.report_save(
                    actor=user,
                    enquiry=enquiry,
                    facts_established=data["facts_established"],
                    facts_not_established=data["facts_not_established"],
                    analysis=form.analysis(),
                    recommendations=data["recommendations"],
                    recommendations_detail=data["recommendations_detail"],
                    expected_version=data["version"],
                )
            except ValidationError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Rapport enregistré."))
                return redirect("enquiry-report", enquiry_id=enquiry.pk)
    if report is not None:
        s.report_read(actor=user, enquiry=enquiry)
    return render(
        request,
        "enquiries/report.html",
        {
            "enquiry": enquiry,
            "report": report,
            "form": form,
            "may_edit": may_edit,
            "categories": categories,
            "submit_form": f.SubmitForm(initial={"version": report.version}) if report else None,
            "recommendation_labels": [
                Recommendation(code).label for code in (report.recommendations if report else [])
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def report_submit(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    user = _actor(request)
    enquiry = sel.enquiry_or_404(user, enquiry_id, P.CONDUCT)
    form = f.SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cochez la case de confirmation pour remettre le rapport."))
        return redirect("enquiry-report", enquiry_id=enquiry.pk)
    try:
        s.report_submit(actor=user, enquiry=enquiry, expected_version=form.cleaned_data["version"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("enquiry-report", enquiry_id=enquiry.pk)
    messages.success(
        request,
        _("Rapport remis à l'autorité de décision. La mission de la commission est terminée."),
    )
    return redirect("enquiry-list")


# --- Roster (entity administrators) ---------------------------------------------------------


@require_GET
def roster(request: HttpRequest, code: str) -> HttpResponse:
    entity = entity_administered_or_404(user=_actor(request), code=code)
    investigators = (
        User.objects.filter(memberships__entity=entity, memberships__role=Role.INVESTIGATOR)
        .distinct()
        .order_by("last_name", "first_name")
    )
    profiles = {p.user_id: p for p in InvestigatorProfile.objects.filter(user__in=investigators)}
    rows = [(u, profiles.get(u.pk)) for u in investigators]
    return render(request, "enquiries/roster.html", {"entity": entity, "rows": rows})


@require_http_methods(["GET", "POST"])
def roster_entry(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    actor = _actor(request)
    entity = entity_administered_or_404(user=actor, code=code)
    person = User.objects.filter(
        pk=user_id, memberships__entity=entity, memberships__role=Role.INVESTIGATOR
    ).first()
    if person is None:
        raise Http404
    profile = InvestigatorProfile.objects.filter(user=person).first()
    initial: dict[str, Any] = {}
    if profile is not None:
        initial = {
            "gender": profile.gender,
            "languages": ", ".join(profile.languages),
            "trained_on": profile.trained_on,
            "team": profile.team,
            "shared_with_group": profile.shared_with_group,
            "available": profile.available,
            "unavailable_until": profile.unavailable_until,
            "max_load": profile.max_load,
        }
    form = f.RosterForm(request.POST or None, initial=initial or None)
    if request.method == "POST" and form.is_valid():
        try:
            s.roster_entry_save(
                actor=actor,
                user=person,
                entity=entity,
                conflicts=list(profile.conflicts.all()) if profile else [],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Fiche du vivier enregistrée."))
            return redirect("enquiry-roster", code=entity.code)
    return render(
        request,
        "enquiries/roster_entry.html",
        {"entity": entity, "person": person, "form": form},
    )
