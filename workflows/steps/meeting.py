"""Meetings and interim feedback: the legal clocks a referent meets from the case page.

Décret 2022-1284 art. 4: a meeting (or video call) at the latest 20 working days after
the reporting person asks for it, at any time; written feedback within 3 months of the
acknowledgement, which an interim feedback (what was done and is planned) satisfies
before the final one at the ``feedback`` step. Beside the flow, like protective
measures: the referent in charge (``triage_case`` on the case) acts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.core.audit.services import audit_record
from cases.models import (
    Acknowledgement,
    Case,
    CaseDeadline,
    CasePermission,
    Feedback,
    Meeting,
    MeetingMode,
    User,
)
from cases.selectors.cases import user_can
from cases.services.closed import case_require_open
from threads.models import ReporterMessage
from workflows.schedule import deadline_ensure, received_on
from workflows.steps.common import DateInput
from workflows.steps.portal_delivery import PORTAL, portal_date, portal_means_setup, portal_post

_MODES = [("", gettext_lazy("— Choisir —")), *MeetingMode.choices]


class MeetingRequestForm(forms.Form):
    requested_on = forms.DateField(
        label=gettext_lazy("La personne a demandé un entretien le"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=gettext_lazy("L'entretien doit avoir lieu dans les 20 jours ouvrés."),
    )


class MeetingProposeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    proposed_on = forms.DateField(
        label=gettext_lazy("Entretien proposé pour le"), widget=DateInput()
    )
    mode = forms.ChoiceField(label=gettext_lazy("Modalité"), choices=_MODES)


class MeetingHeldForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(
        label=gettext_lazy("Entretien tenu le"), widget=DateInput(), initial=timezone.localdate
    )
    mode = forms.ChoiceField(label=gettext_lazy("Modalité"), choices=_MODES)
    attendees = forms.CharField(
        label=gettext_lazy("Présent·es pour l'établissement"),
        max_length=300,
        help_text=gettext_lazy("Noms et fonctions, séparés par des virgules."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes (facultatives)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class InterimFeedbackForm(forms.Form):
    sent_on = forms.DateField(
        label=gettext_lazy("Personne informée le"), widget=DateInput(), initial=timezone.localdate
    )
    means = forms.ChoiceField(label=gettext_lazy("Moyen"), choices=Acknowledgement.Means.choices)
    summary = forms.CharField(
        label=gettext_lazy("Ce qui a été fait et ce qui est prévu"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Sans information confidentielle sur d'autres personnes (identité, sanctions "
            "individuelles). Avec « Par le portail » : ce texte est envoyé tel quel à la personne."
        ),
    )

    def __init__(
        self, *args: Any, portal: bool = False, portal_default: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        portal_means_setup(self, portal=portal, portal_default=portal_default)


def _check_referent(actor: User, case: Case) -> None:
    if not user_can(actor, case, CasePermission.TRIAGE):
        raise ValidationError(_("Seul·e le·la référent·e en charge du dossier peut le faire."))


def _check_date(day: dt.date, case: Case) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."))
    if day < received_on(case):
        raise ValidationError(_("La date ne peut pas précéder la réception du signalement."))


def _locked(meeting: Meeting, version: int) -> Meeting:
    """The meeting row, locked; refused if someone changed it since the form was read."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.version != version:
        raise ValidationError(
            _("Cet entretien a été modifié entre-temps. Rechargez la page et recommencez.")
        )
    return current


def meeting_request(*, actor: User, case: Case, requested_on: dt.date) -> Meeting:
    """Record a request: the ``meeting`` clock runs 20 working days from it."""
    _check_referent(actor, case)
    _check_date(requested_on, case)
    with transaction.atomic(durable=True):  # a page's whole action, never nested
        case_require_open(case)
        if Meeting.objects.select_for_update().filter(case=case, held_on__isnull=True).exists():
            raise ValidationError(_("Un entretien demandé n'a pas encore eu lieu."))
        meeting = Meeting(
            key_id=case.key_id,
            case=case,
            requested_on=requested_on,
            attendees="",
            notes="",
            recorded_by=actor,
        )
        meeting.save(force_insert=True)
        # A request after a held meeting opens the clock again, from this request (one
        # deadline row per rule); a request still running (made at intake) keeps its date.
        reopened = CaseDeadline.objects.filter(
            case=case, rule="meeting", met_on__isnull=False
        ).update(met_on=None, reminded_at=None, escalated_at=None)
        deadline_ensure(case, "meeting", recompute=bool(reopened))
        audit_record(
            actor=actor,
            action="meeting.requested",
            target=case,
            entity_id=case.entity_id,
            details={"meeting": str(meeting.pk)},
        )
    return meeting


def meeting_propose(
    *, actor: User, meeting: Meeting, version: int, proposed_on: dt.date, mode: str
) -> Meeting:
    case = meeting.case
    _check_referent(actor, case)
    if mode not in MeetingMode.values:
        raise ValidationError(_("Choisissez la modalité de l'entretien."))
    if proposed_on < meeting.requested_on:
        raise ValidationError(_("L'entretien ne peut pas précéder la demande."))
    with transaction.atomic(durable=True):
        case_require_open(case)
        current = _locked(meeting, version)
        if current.held_on is not None:
            raise ValidationError(_("Cet entretien a déjà eu lieu."))
        current.proposed_on, current.mode = proposed_on, mode
        current.version += 1
        current.save(update_fields=["proposed_on", "mode", "version"])
        audit_record(
            actor=actor,
            action="meeting.proposed",
            target=case,
            entity_id=case.entity_id,
            details={"meeting": str(current.pk), "mode": mode},
        )
    return current


def meeting_held(
    *,
    actor: User,
    meeting: Meeting,
    version: int,
    held_on: dt.date,
    mode: str,
    attendees: str,
    notes: str,
) -> Meeting:
    """Record the meeting as held: the ``meeting`` deadline is met on that day."""
    case = meeting.case
    _check_referent(actor, case)
    if mode not in MeetingMode.values:
        raise ValidationError(_("Choisissez la modalité de l'entretien."))
    if not attendees.strip():
        raise ValidationError(_("Indiquez qui était présent·e pour l'établissement."))
    _check_date(held_on, case)
    if held_on < meeting.requested_on:
        raise ValidationError(_("L'entretien ne peut pas précéder la demande."))
    with transaction.atomic(durable=True):
        case_require_open(case)
        current = _locked(meeting, version)
        if current.held_on is not None:
            raise ValidationError(_("Cet entretien a déjà eu lieu."))
        current.held_on, current.mode = held_on, mode
        current.attendees, current.notes = attendees.strip(), notes.strip()
        current.version += 1
        current.save(update_fields=["held_on", "mode", "attendees", "notes", "version"])
        CaseDeadline.objects.filter(case=case, rule="meeting", met_on__isnull=True).update(
            met_on=held_on
        )
        audit_record(
            actor=actor,
            action="meeting.held",
            target=case,
            entity_id=case.entity_id,
            details={"meeting": str(current.pk), "mode": mode},
        )
    return current


def interim_feedback_give(
    *, actor: User, case: Case, sent_on: dt.date, means: str, summary: str
) -> Feedback:
    """Interim feedback to the reporting person: the 3-month ``feedback`` clock is met.

    Through the portal (``means`` "portal"), the summary is posted to the person today.
    """
    _check_referent(actor, case)
    sent_on = portal_date(means, sent_on)
    if not summary.strip():
        raise ValidationError(_("Indiquez ce qui a été communiqué à la personne."))
    if means not in Acknowledgement.Means.values:
        raise ValidationError(_("Choisissez le moyen utilisé."))
    _check_date(sent_on, case)
    with transaction.atomic(durable=True):
        case_require_open(case)
        if means == PORTAL:
            portal_post(
                actor=actor, case=case, text=summary.strip(), kind=ReporterMessage.Kind.FEEDBACK
            )
        feedback = Feedback(
            key_id=case.key_id,
            case=case,
            sent_on=sent_on,
            means=means,
            summary=summary.strip(),
            interim=True,
            recorded_by=actor,
        )
        feedback.save(force_insert=True)
        deadline_ensure(case, "feedback")
        CaseDeadline.objects.filter(case=case, rule="feedback", met_on__isnull=True).update(
            met_on=sent_on
        )
        audit_record(
            actor=actor,
            action="feedback.interim_given",
            target=case,
            entity_id=case.entity_id,
            details={"feedback": str(feedback.pk), "means": means},
        )
    return feedback
