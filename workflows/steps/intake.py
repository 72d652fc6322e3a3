"""Intake: a listener logs a first contact and, with consent or a legal basis, hands it over.

The hand-over creates the case (``cases.services.cases.case_create``, the one way
a case is created) and starts its procedure at ``acknowledge``. It happens at once
(``contact_log``) or later, from the listening record (``contact_handover``): one
path either way. A referent or the legal directorate who receives a report
themselves logs it on the same page (``direct=True``): no listening cell, the case
goes straight to the referents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from cases.core.audit.services import audit_record
from cases.core.crypto.datakeys import data_key_create
from cases.models import (
    Case,
    CaseCategory,
    Category,
    Channel,
    Contact,
    ContactFollowUp,
    ContactKind,
    Entity,
    Handover,
    HandoverBasis,
    Party,
    Role,
    SupportResource,
    User,
)
from cases.services.cases import case_create, party_add
from cases.services.support import support_resources
from threads.models import ReporterThread
from threads.services import thread_handover
from workflows import engine
from workflows.hooks import contact_facts_changed
from workflows.schedule import deadline_ensure, deadlines_refresh
from workflows.status import UNASSIGNED
from workflows.steps.common import DateInput, categories_field, handover_record
from workflows.urgency import urgency_start

# Who may log a report received directly, without the listening cell.
DIRECT_ROLES = (Role.REFERENT, Role.LEGAL)

EMPTY_CHOICE = [("", gettext_lazy("— Choisir —"))]


class IntakeForm(forms.Form):
    contacted_on = forms.DateField(
        label=gettext_lazy("Date du contact"), widget=DateInput(), initial=timezone.localdate
    )
    channel = forms.ChoiceField(label=gettext_lazy("Canal"), choices=Channel.choices)
    # No preselected answer: an unchanged default would feed the indicators unnoticed.
    contact_kind = forms.ChoiceField(
        label=gettext_lazy("La personne qui prend contact est"),
        choices=EMPTY_CHOICE + list(ContactKind.choices),
    )
    person_status = forms.ChoiceField(
        label=gettext_lazy("Son statut"), choices=EMPTY_CHOICE + list(Party.Status.choices)
    )
    anonymous = forms.BooleanField(
        label=gettext_lazy("La personne souhaite rester anonyme"), required=False
    )
    first_name = forms.CharField(
        label=gettext_lazy("Prénom (facultatif)"), required=False, max_length=100
    )
    last_name = forms.CharField(
        label=gettext_lazy("Nom (facultatif)"), required=False, max_length=100
    )
    email = forms.EmailField(
        label=gettext_lazy("Adresse électronique (facultatif)"), required=False
    )
    phone = forms.CharField(
        label=gettext_lazy("Téléphone (facultatif)"), required=False, max_length=40
    )
    categories = categories_field()
    narrative = forms.CharField(
        label=gettext_lazy("Récit"),
        widget=forms.Textarea,
        help_text=gettext_lazy(
            "Les faits tels que rapportés. Chiffré, visible des seules personnes en charge."
        ),
    )
    support_resources = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Ressources proposées à la personne"),
        queryset=SupportResource.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("L'annuaire de l'entité, tenu par son administrateur·rice."),
    )
    danger = forms.BooleanField(label=gettext_lazy("Danger grave et immédiat"), required=False)
    ongoing = forms.BooleanField(label=gettext_lazy("Faits en cours"), required=False)
    meeting_requested = forms.BooleanField(
        label=gettext_lazy("La personne demande un entretien"), required=False
    )
    consent_to_handover = forms.BooleanField(
        label=gettext_lazy("La personne consent à la transmission à un·e référent·e"),
        required=False,
    )
    legal_basis = forms.ChoiceField(
        label=gettext_lazy("Sans consentement : fondement légal de la transmission"),
        choices=[("", gettext_lazy("Aucun — rester une fiche d'écoute"))]
        + [
            (c.value, c.label)
            for c in HandoverBasis
            if c not in (HandoverBasis.CONSENT, HandoverBasis.DECISION)
        ],
        required=False,
    )

    def __init__(
        self, *args: Any, entity: Entity | None = None, direct: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if entity is not None:
            self.fields["support_resources"].queryset = support_resources(entity=entity)  # type: ignore[attr-defined]
        if direct:
            # Received directly: the report is the referents' at once, no hand-over choice.
            del self.fields["consent_to_handover"]
            del self.fields["legal_basis"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("anonymous") and any(
            data.get(k) for k in ("first_name", "last_name", "email", "phone")
        ):
            self.add_error(
                "anonymous",
                gettext_lazy("Une personne anonyme ne peut pas avoir d'identité enregistrée."),
            )
        return data


@dataclass
class IntakeData:
    contacted_on: dt.date
    channel: str
    contact_kind: str
    person_status: str
    categories: list[Category]
    narrative: str
    anonymous: bool = False
    identity: dict[str, Any] = field(default_factory=dict)
    orientations: list[str] = field(default_factory=list)  # kinds (Orientation codes)
    support_resources: list[SupportResource] = field(default_factory=list)
    danger: bool = False
    ongoing: bool = False
    meeting_requested: bool = False
    consent_to_handover: bool = False
    legal_basis: str = ""  # a HandoverBasis other than consent, when there is no consent


def contact_log(*, actor: User, entity: Entity, data: IntakeData, direct: bool = False) -> Contact:
    """A listener logs a first contact; hands it to the referents if consent or a legal basis allows.

    Without either, it stays a listening record: counted in indicators, no case,
    and it may hold no identifying data at all. With ``direct``, a referent or a
    legal officer of the entity logs a report they received themselves: the case is
    created at once (basis "direct report"); a referent keeps its acknowledgement.
    Audited: ``contact.logged`` (channel and basis codes only).
    """
    if direct:
        if not actor.memberships.filter(entity=entity, role__in=DIRECT_ROLES).exists():
            raise ValidationError(
                _(
                    "Seul·e un·e référent·e ou la direction juridique de l'entité peut enregistrer un signalement reçu directement."
                )
            )
    elif not actor.memberships.filter(entity=entity, role=Role.LISTENER).exists():
        raise ValidationError(
            _("Seul·e un·e écoutant·e de l'entité peut enregistrer un premier contact.")
        )
    if not data.categories:
        raise ValidationError(_("Choisissez au moins une catégorie."))
    if data.contacted_on > timezone.localdate():
        raise ValidationError(_("La date du contact ne peut pas être dans le futur."))
    if any(r.entity_id != entity.pk for r in data.support_resources):
        raise ValidationError(_("Cette ressource n'est pas dans l'annuaire de l'entité."))
    # Orientation is recorded as directory entries; their kinds feed the indicators.
    orientations = sorted(set(data.orientations) | {r.kind for r in data.support_resources})
    basis = HandoverBasis.CONSENT if data.consent_to_handover else data.legal_basis
    if direct:
        basis = HandoverBasis.DIRECT
    if basis and basis not in HandoverBasis.values:
        raise ValidationError(_("Fondement de transmission inconnu."))
    with transaction.atomic():
        contact = Contact(
            key=data_key_create(),
            entity=entity,
            listener=actor,
            contacted_on=data.contacted_on,
            channel=data.channel,
            contact_kind=data.contact_kind,
            person_status=data.person_status,
            anonymous=data.anonymous,
            orientations=orientations,
            danger=data.danger,
            ongoing=data.ongoing,
            meeting_requested=data.meeting_requested,
            consent_to_handover=data.consent_to_handover,
            narrative=data.narrative,
            identity=data.identity or {},
        )
        contact.save(force_insert=True)
        contact.categories.set(data.categories)
        contact.support_resources.set(data.support_resources)
        audit_record(
            actor=actor,
            action="contact.logged",
            object_type="cases.contact",
            object_id=str(contact.pk),
            entity_id=entity.pk,
            details={"channel": data.channel, "handover": basis or None},
        )
        if basis:
            case = _handover_to_referents(actor=actor, contact=contact, basis=basis)
            if direct and actor.memberships.filter(entity=entity, role=Role.REFERENT).exists():
                _acknowledgement_keep(actor=actor, case=case)
        contact_facts_changed(contact)
    return contact


def _acknowledgement_keep(*, actor: User, case: Case) -> None:
    """The referent who received the report directly owns its acknowledgement task."""
    for task in Task.objects.filter(process__caseprocess__case=case, status=UNASSIGNED):
        if task.flow_task.name == "acknowledge":
            engine.task_claim(actor=actor, task=task)


def _handover_to_referents(*, actor: User | None, contact: Contact, basis: str) -> Case:
    case = case_create(
        actor=actor,
        entity=contact.entity,
        narrative=contact.narrative,
        key_id=contact.key_id,
        audit_details={"from": "contact", "basis": basis},
    )
    contact.case = case
    contact.save(update_fields=["case"])
    # A question asked through the portal: its conversation follows it into the case.
    thread = ReporterThread.objects.filter(contact=contact).first()
    if thread is not None:
        thread_handover(thread=thread, case=case, actor=actor)
    CaseCategory.objects.bulk_create(
        CaseCategory(case=case, category=c) for c in contact.categories.all()
    )
    if contact.identity or contact.anonymous:
        role = Party.Role.VICTIM if contact.contact_kind == "victim" else Party.Role.REPORTING
        # Through the one service that also writes the blind index ("Déjà citée ailleurs ?").
        party_add(
            actor=actor,
            case=case,
            role=role,
            status=_party_status(contact.person_status),
            anonymous=contact.anonymous,
            identity=contact.identity or {},
        )
    from_stage = Handover.Stage.LISTENING
    if actor is None:
        # Sent by the person through the portal: straight to the referents.
        from_stage = Handover.Stage.REFERENT
    elif basis == HandoverBasis.DIRECT:
        from_stage = Handover.Stage.REFERENT
        if not actor.memberships.filter(entity=contact.entity, role=Role.REFERENT).exists():
            from_stage = Handover.Stage.LEGAL
    handover_record(actor, case, Handover.Stage.REFERENT, basis, from_stage=from_stage)
    # No case grant for the listener: they keep their own contact record (its page reads
    # ``Contact.listener``) and see the case's reference and status there, nothing more.
    engine.process_start(case=case)
    deadline_ensure(case, "feedback")
    if contact.meeting_requested:
        deadline_ensure(case, "meeting")
    if contact.danger or contact.ongoing:
        urgency_start(case=case)
    deadlines_refresh(case=case)
    return case


def _party_status(person_status: str) -> str:
    return person_status if person_status in Party.Status.values else Party.Status.UNKNOWN


class FollowUpForm(forms.Form):
    followed_on = forms.DateField(
        label=gettext_lazy("Date de l'échange"), widget=DateInput(), initial=timezone.localdate
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Canal"), choices=EMPTY_CHOICE + list(Channel.choices)
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Chiffrée, visible de vous seul·e tant que la fiche n'est pas transmise."
        ),
    )


class LaterHandoverForm(forms.Form):
    consent_to_handover = forms.BooleanField(
        label=gettext_lazy("La personne consent à la transmission à un·e référent·e"),
        required=False,
    )
    legal_basis = forms.ChoiceField(
        label=gettext_lazy("Sans consentement : fondement légal de la transmission"),
        choices=[("", gettext_lazy("Aucun"))]
        + [
            (c.value, c.label)
            for c in HandoverBasis
            if c not in (HandoverBasis.CONSENT, HandoverBasis.DECISION, HandoverBasis.DIRECT)
        ],
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("consent_to_handover") and not data.get("legal_basis"):
            self.add_error(
                "consent_to_handover",
                gettext_lazy(
                    "Cochez le consentement de la personne ou choisissez un fondement légal."
                ),
            )
        return data


def _own_open_record(actor: User, contact: Contact) -> Contact:
    """The record, locked, if ``actor`` logged it (or it is a portal question of their
    entity) and is still a listener of its entity."""
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    # A question asked through the portal is the cell's: any listener of the entity keeps it.
    question = ReporterThread.objects.filter(contact=locked).exists()
    if (locked.listener_id != actor.pk and not question) or not actor.memberships.filter(
        entity_id=locked.entity_id, role=Role.LISTENER
    ).exists():
        raise ValidationError(_("Seul·e l'écoutant·e qui a ouvert la fiche peut la compléter."))
    return locked


def contact_follow_up_add(
    *, actor: User, contact: Contact, followed_on: dt.date, channel: str, note: str
) -> ContactFollowUp:
    """The listener who keeps a record notes a later exchange. Audited (codes only)."""
    if followed_on > timezone.localdate():
        raise ValidationError(_("La date de l'échange ne peut pas être dans le futur."))
    if followed_on < contact.contacted_on:
        raise ValidationError(_("La date de l'échange précède le premier contact."))
    if channel not in Channel.values:
        raise ValidationError(_("Canal inconnu."))
    if not note.strip():
        raise ValidationError(_("La note est vide."))
    with transaction.atomic():
        locked = _own_open_record(actor, contact)
        follow_up = ContactFollowUp(
            key_id=locked.key_id,
            contact=locked,
            followed_on=followed_on,
            channel=channel,
            note=note,
            recorded_by=actor,
        )
        follow_up.save(force_insert=True)
        audit_record(
            actor=actor,
            action="contact.followed_up",
            object_type="cases.contact",
            object_id=str(locked.pk),
            entity_id=locked.entity_id,
            details={"channel": channel},
        )
        contact_facts_changed(locked)
    return follow_up


def contact_handover(
    *, actor: User, contact: Contact, consent: bool, legal_basis: str = ""
) -> Case:
    """The listener hands a kept record over later, with consent or a legal basis.

    Creates the case exactly as a hand-over at intake does. Refused if the record was
    handed over meanwhile (the row is locked: two clicks make one case). Audited:
    ``contact.handed_over`` with the basis code.
    """
    basis = HandoverBasis.CONSENT if consent else legal_basis
    allowed = {c.value for c in HandoverBasis} - {HandoverBasis.DECISION, HandoverBasis.DIRECT}
    if basis not in allowed:
        raise ValidationError(
            _("Cochez le consentement de la personne ou choisissez un fondement légal.")
        )
    with transaction.atomic():
        locked = _own_open_record(actor, contact)
        if locked.case_id is not None:
            raise ValidationError(_("Cette fiche a déjà été transmise."))
        if consent:
            locked.consent_to_handover = True
            locked.save(update_fields=["consent_to_handover"])
        audit_record(
            actor=actor,
            action="contact.handed_over",
            object_type="cases.contact",
            object_id=str(locked.pk),
            entity_id=locked.entity_id,
            details={"basis": basis},
        )
        case = _handover_to_referents(actor=actor, contact=locked, basis=basis)
        # Handed over: the record's own retention clock stops; the case's takes over.
        contact_facts_changed(locked)
        return case


@dataclass
class PortalPerson:
    """Someone the reporting person names: who (as they put it), their role, their status."""

    role: str  # a Party.Role: implicated, witness or victim
    name: str
    function: str = ""
    status: str = Party.Status.UNKNOWN


def portal_report_receive(
    *, entity: Entity, data: IntakeData, people: list[PortalPerson] | None = None
) -> Case:
    """A report sent through the public portal enters the procedure at intake.

    The same path as a listener's hand-over (``_handover_to_referents``): a listening
    record of channel "portal" with no listener, handed at once to the entity's
    referents — on the person's own sending (consent) or, anonymous, as an anonymous
    report received by the platform. Urgency, the acknowledgement and feedback clocks
    run from receipt as for any report. Called by ``portal`` only; no actor: nothing
    about who sent it is recorded (T6). Audited: ``contact.logged`` (codes only).
    """
    if not data.categories:
        raise ValidationError(_("Choisissez au moins une catégorie."))
    basis = HandoverBasis.ANONYMOUS_REPORT if data.anonymous else HandoverBasis.CONSENT
    with transaction.atomic():
        contact = _portal_contact(entity=entity, data=data, consent=True)
        audit_record(
            actor=None,
            action="contact.logged",
            object_type="cases.contact",
            object_id=str(contact.pk),
            entity_id=entity.pk,
            details={"channel": Channel.PORTAL, "handover": basis},
        )
        case = _handover_to_referents(actor=None, contact=contact, basis=basis)
        contact_facts_changed(contact)
        for person in people or []:
            party_add(
                actor=None,
                case=case,
                role=person.role,
                status=_party_status(person.status),
                identity={
                    k: v for k, v in (("last_name", person.name), ("unit", person.function)) if v
                },
            )
    return case


def portal_question_receive(*, entity: Entity, data: IntakeData) -> Contact:
    """A question asked through the portal: a listening record with no listener, no case.

    The entity's listening cell answers it through the portal's conversation; with the
    person's agreement it is later handed over as a report. Audited: ``contact.logged``.
    """
    with transaction.atomic():
        contact = _portal_contact(entity=entity, data=data, consent=False)
        audit_record(
            actor=None,
            action="contact.logged",
            object_type="cases.contact",
            object_id=str(contact.pk),
            entity_id=entity.pk,
            details={"channel": Channel.PORTAL, "handover": None},
        )
        # A question kept without hand-over has its own retention clock, as a listener's.
        contact_facts_changed(contact)
    return contact


def _portal_contact(*, entity: Entity, data: IntakeData, consent: bool) -> Contact:
    if not data.narrative.strip():
        raise ValidationError(_("Le texte est vide."))
    contact = Contact(
        key=data_key_create(),
        entity=entity,
        listener=None,
        contacted_on=timezone.localdate(),
        channel=Channel.PORTAL,
        contact_kind=data.contact_kind,
        person_status=data.person_status,
        anonymous=data.anonymous,
        orientations=[],
        danger=data.danger,
        ongoing=data.ongoing,
        meeting_requested=data.meeting_requested,
        consent_to_handover=consent,
        narrative=data.narrative,
        identity=data.identity or {},
    )
    contact.save(force_insert=True)
    contact.categories.set(data.categories)
    return contact
