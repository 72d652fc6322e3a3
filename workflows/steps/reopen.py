"""Reopening: new facts send a closed case back to triage; its whole history stays."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.core.audit.services import audit_record
from cases.models import Case, CasePermission, Closure, User
from cases.selectors.cases import user_can
from workflows import engine
from workflows.hooks import case_facts_changed
from workflows.models import CaseProcess
from workflows.schedule import deadlines_refresh
from workflows.status import ASSIGNED, UNASSIGNED


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Faits nouveaux justifiant la réouverture"), widget=forms.Textarea
    )


def case_reopen(*, actor: User, case: Case, reason: str) -> CaseProcess:
    """New facts: the case goes back to triage; its whole history stays."""
    if not user_can(actor, case, CasePermission.TRIAGE):
        raise ValidationError(_("Seul·e le·la référent·e du dossier peut le rouvrir."))
    if not reason.strip():
        raise ValidationError(_("Le motif de la réouverture est obligatoire."))
    # Durable: the reopening is a whole, never part of a larger transaction.
    with transaction.atomic(durable=True):
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.status != Case.Status.CLOSED:
            raise ValidationError(_("Seul un dossier clos peut être rouvert."))
        closure = (
            Closure.objects.filter(case=current)
            .filter(reopened_at__isnull=True)
            .order_by("-closed_at")
            .first()
        )
        if closure is not None:
            closure.reopened_at, closure.reopened_by, closure.reopen_reason = (
                timezone.now(),
                actor,
                reason,
            )
            closure.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
        Case.objects.filter(pk=case.pk).update(status=Case.Status.OPEN)
        process = engine.process_start(case=current, reopen=True)
        audit_record(
            actor=actor, action="case.reopened", target=current, entity_id=current.entity_id
        )
        # The reopening referent takes the new triage at once.
        task = Task.objects.get(
            process=process, flow_task_type="HUMAN", status__in=(UNASSIGNED, ASSIGNED)
        )
        if task.owner_id is None:
            engine.task_claim(actor=actor, task=task)
        elif task.owner_id != actor.pk:
            engine.task_assign(actor=actor, task=task, assignee=actor)
        deadlines_refresh(case=current)
        # Reopened: no retention clock runs while the case is open again.
        case_facts_changed(current)
    return process
