"""Inbox, intake and task pages: parse, check, call one service, render."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.core.accounts.selectors import request_roles
from cases.core.security.params import query_page
from cases.core.security.recent import recent_second_factor
from cases.models import CasePermission, Contact, Entity, Party, ProtectiveMeasure, Role, User
from cases.selectors.cases import case_or_404
from cases.services.cases import case_read_record
from cases.services.closed import case_require_open
from cases.services.support import support_defaults_ensure
from threads.selectors import questions_of, unread_threads
from workflows import engine, selectors
from workflows.dashboard import task_deadline
from workflows.hooks import pending_actions, step_panels
from workflows.inbox import inbox_read
from workflows.steps import measures, reopen, step_of
from workflows.steps.intake import DIRECT_ROLES, IntakeData, IntakeForm, contact_log
from workflows.urgency import case_urgency

# The steps whose page lists the file's persons with their status (who is decided about).
PERSONS_SHOWN = frozenset({"decision", "disciplinary", "sanction"})


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Attribuer à"),
        queryset=User.objects.none(),
        empty_label=gettext_lazy("— Choisir une personne —"),
    )

    def __init__(self, *args: object, assignees: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["assignee"].queryset = assignees  # type: ignore[attr-defined]


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    found = inbox_read(
        user,
        request_roles(request),
        mine_number=query_page(request, "mine"),
        pool_number=query_page(request, "pool"),
        today=timezone.localdate(),
    )
    return render(
        request,
        "workflows/inbox.html",
        {
            "mine": found.mine,
            "claimable": found.claimable,
            # An investigator's interviews, minutes and report (registered by enquiries).
            "actions": pending_actions(user, {role for _e, role in request_roles(request)}),
            "investigator": any(role == Role.INVESTIGATOR for _e, role in request_roles(request)),
            # Conversations with unread messages from the reporting person (one statement).
            "unread_threads": unread_threads(
                user, [e for e, role in request_roles(request) if role == Role.LISTENER]
            ),
        },
    )


def _listener_entities(user: User) -> list[Entity]:
    return _entities(user, [Role.LISTENER])


def _entities(user: User, roles: list[str]) -> list[Entity]:
    return list(
        Entity.objects.filter(memberships__user=user, memberships__role__in=roles)
        .distinct()
        .order_by("name")
    )


@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """A listener's first contact, or (without the listener role) a report received directly
    by a referent or the legal directorate."""
    user = _actor(request)
    entities = _entities(user, [Role.LISTENER, *DIRECT_ROLES])
    if not entities:
        raise Http404
    entity = entities[0]
    if len(entities) > 1:
        chosen = request.POST.get("entity") or request.GET.get("entity")
        entity = next((e for e in entities if e.code == chosen), entity)
    direct = entity not in _listener_entities(user)
    support_defaults_ensure(entity=entity)
    form = IntakeForm(request.POST or None, entity=entity, direct=direct)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identity = {
            k: data[k] for k in ("first_name", "last_name", "email", "phone") if data.get(k)
        }
        try:
            contact = contact_log(
                actor=user,
                entity=entity,
                data=IntakeData(
                    contacted_on=data["contacted_on"],
                    channel=data["channel"],
                    contact_kind=data["contact_kind"],
                    person_status=data["person_status"],
                    categories=list(data["categories"]),
                    narrative=data["narrative"],
                    anonymous=data["anonymous"],
                    identity=identity,
                    support_resources=list(data["support_resources"]),
                    danger=data["danger"],
                    ongoing=data["ongoing"],
                    meeting_requested=data["meeting_requested"],
                    consent_to_handover=data.get("consent_to_handover", False),
                    legal_basis=data.get("legal_basis", ""),
                ),
                direct=direct,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if direct and contact.case is not None:
                messages.success(
                    request,
                    _("Signalement enregistré (dossier %(ref)s) et confié aux référent·es.")
                    % {"ref": contact.case.reference},
                )
                return redirect("inbox")
            if contact.case is not None:
                messages.success(
                    request,
                    _("Contact enregistré et transmis aux référent·es (dossier %(ref)s).")
                    % {"ref": contact.case.reference},
                )
            else:
                messages.success(request, _("Fiche d'écoute enregistrée (non transmise)."))
            return redirect("contacts")
    return render(
        request,
        "workflows/intake.html",
        {"form": form, "entity": entity, "entities": entities, "direct": direct},
    )


@require_GET
def contacts(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    if not _listener_entities(user):
        raise Http404
    rows = (
        Contact.objects.filter(listener=user)
        .select_related("case", "entity", "key")
        .prefetch_related("categories")
        .defer("narrative", "identity")
        .order_by("-contacted_on", "-logged_at")
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    # Questions asked through the portal are the cell's, not one listener's.
    questions = questions_of(e.pk for e in _listener_entities(user))
    return render(
        request,
        "workflows/contacts.html",
        {"contacts": page, "page": page, "questions": questions},
    )


@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _actor(request)
    access = selectors.task_for_user_or_404(user, task_id)
    task = access.task
    node = task.flow_task
    step = step_of(node.name)
    case = task.process.caseprocess.case
    initial = step.initial(case) if step.initial and access.is_owner else None
    form_kwargs = step.form_kwargs(case) if step.form_kwargs and access.is_owner else {}
    form = (
        step.form(request.POST or None, initial=initial, **form_kwargs) if access.is_owner else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                step.run(user, task, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except engine.TaskUnavailable as exc:
                messages.error(request, str(exc))
                return redirect("inbox")
            else:
                messages.success(
                    request, _("Étape enregistrée : %(title)s.") % {"title": node.task_title}
                )
                return redirect("inbox")
    if access.is_owner:
        case_read_record(actor=user, case=case, what="case")
    names_before_claim: list[Party] = []
    if access.claimable and not access.is_owner:
        # To declare a conflict of interest honestly before claiming, one must know who
        # is named: the persons' names and roles only (no narrative, no contact), traced.
        names_before_claim = list(
            case.parties.only("id", "key_id", "role", "anonymous", "identity")
        )
        case_read_record(actor=user, case=case, what="names_before_claim")
    context = {
        "names_before_claim": names_before_claim,
        "task": task,
        "node": node,
        "case": case if access.is_owner else None,
        "reference": case.reference,
        "form": form,
        "access": access,
        "assign_form": AssignForm(assignees=selectors.eligible_assignees(task))
        if access.is_owner
        else None,
        "deadline": task_deadline(task.pk, timezone.localdate()),
        "urgency": case_urgency(case),
        "panels": step_panels(node.name, case) if access.is_owner else [],
        "persons": list(case.parties.all())
        if access.is_owner and node.name in PERSONS_SHOWN
        else [],
    }
    return render(request, "workflows/task.html", context)


def _task_action(request: HttpRequest, task_id: int, action: str) -> HttpResponse:
    user = _actor(request)
    access = selectors.task_for_user_or_404(user, task_id)
    try:
        if action == "claim":
            engine.task_claim(actor=user, task=access.task)
            messages.success(request, _("Tâche prise en charge."))
            return redirect("task", task_id=task_id)
        if action == "release":
            engine.task_release(actor=user, task=access.task)
            messages.success(request, _("Tâche remise dans la file de l'entité."))
        if action == "assign":
            form = AssignForm(request.POST, assignees=selectors.eligible_assignees(access.task))
            if not form.is_valid():
                messages.error(request, _("Choisissez une personne dans la liste."))
                return redirect("task", task_id=task_id)
            engine.task_assign(actor=user, task=access.task, assignee=form.cleaned_data["assignee"])
            messages.success(request, _("Tâche attribuée."))
        if action == "conflict":
            engine.task_conflict_declare(actor=user, task=access.task)
            messages.success(
                request, _("Conflit d'intérêts enregistré : vous n'aurez plus accès à ce dossier.")
            )
    except engine.TaskUnavailable as exc:
        messages.error(request, str(exc))
    return redirect("inbox")


@require_POST
def task_claim(request: HttpRequest, task_id: int) -> HttpResponse:
    return _task_action(request, task_id, "claim")


@require_POST
def task_release(request: HttpRequest, task_id: int) -> HttpResponse:
    return _task_action(request, task_id, "release")


@require_POST
@recent_second_factor
def task_assign(request: HttpRequest, task_id: int) -> HttpResponse:
    return _task_action(request, task_id, "assign")


@require_POST
def task_conflict(request: HttpRequest, task_id: int) -> HttpResponse:
    return _task_action(request, task_id, "conflict")


@require_http_methods(["GET", "POST"])
def case_reopen(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = _actor(request)
    case = case_or_404(user, case_id, CasePermission.TRIAGE)
    form = reopen.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reopen.case_reopen(actor=user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Dossier rouvert : la qualification vous est attribuée."))
            return redirect("inbox")
    return render(
        request,
        "workflows/simple_form.html",
        {"form": form, "case": case, "title": _("Rouvrir le dossier")},
    )


@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = _actor(request)
    case = case_or_404(user, case_id, CasePermission.TRIAGE)
    case_require_open(case)
    form = measures.MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measures.measure_add(actor=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Mesure conservatoire enregistrée."))
            return redirect("case-detail", case_id=case.pk)
    return render(
        request,
        "workflows/simple_form.html",
        {"form": form, "case": case, "title": _("Mesure conservatoire")},
    )


@require_http_methods(["GET", "POST"])
def measure_lift(request: HttpRequest, case_id: uuid.UUID, measure_id: uuid.UUID) -> HttpResponse:
    user = _actor(request)
    case = case_or_404(user, case_id, CasePermission.TRIAGE)
    measure = ProtectiveMeasure.objects.filter(
        case=case, pk=measure_id, lifted_on__isnull=True
    ).first()
    if measure is None:
        raise Http404
    form = measures.MeasureLiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measures.measure_lift(actor=user, measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Mesure levée."))
            return redirect("case-detail", case_id=case.pk)
    return render(
        request,
        "workflows/simple_form.html",
        {"form": form, "case": case, "title": _("Lever la mesure")},
    )
