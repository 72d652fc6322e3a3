"""Intake: a listener logs a first contact and, with consent or a legal basis, hands it over.

The hand-over creates the case (``cases.services.cases.case_create``, the one way
a case is created) and starts its procedure at ``acknowledge``.
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

from cases.core.audit.services import audit_record
from cases.core.crypto.datakeys import data_key_create
from cases.models import (
    Case,
    CaseCategory,
    Category,
    Channel,
    Contact,
    ContactKind,
    Entity,
    Handover,
    HandoverBasis,
    Orientation,
    Party,
    Role,
    User,
)
from cases.services.cases import case_create, party_add
from workflows import engine
from workflows.schedule import deadline_ensure, deadlines_refresh
from workflows.steps.common import DateInput, categories_field, handover_record


class IntakeForm(forms.Form):
    contacted_on = forms.DateField(
        label=gettext_lazy("Date du contact"), widget=DateInput(), initial=timezone.localdate
    )
    channel = forms.ChoiceField(label=gettext_lazy("Canal"), choices=Channel.choices)
    contact_kind = forms.ChoiceField(
        label=gettext_lazy("La personne qui prend contact est"), choices=ContactKind.choices
    )
    person_status = forms.ChoiceField(
        label=gettext_lazy("Son statut"), choices=Party.Status.choices
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
    orientations = forms.MultipleChoiceField(
        label=gettext_lazy("Orientations proposées"),
        choices=Orientation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
    orientations: list[str] = field(default_factory=list)
    danger: bool = False
    ongoing: bool = False
    meeting_requested: bool = False
    consent_to_handover: bool = False
    legal_basis: str = ""  # a HandoverBasis other than consent, when there is no consent


def contact_log(*, actor: User, entity: Entity, data: IntakeData) -> Contact:
    """A listener logs a first contact; hands it to the referents if consent or a legal basis allows.

    Without either, it stays a listening record: counted in indicators, no case,
    and it may hold no identifying data at all.
    """
    if not actor.memberships.filter(entity=entity, role=Role.LISTENER).exists():
        raise ValidationError(
            _("Seul·e un·e écoutant·e de l'entité peut enregistrer un premier contact.")
        )
    if not data.categories:
        raise ValidationError(_("Choisissez au moins une catégorie."))
    if data.contacted_on > timezone.localdate():
        raise ValidationError(_("La date du contact ne peut pas être dans le futur."))
    basis = HandoverBasis.CONSENT if data.consent_to_handover else data.legal_basis
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
            orientations=data.orientations,
            danger=data.danger,
            ongoing=data.ongoing,
            meeting_requested=data.meeting_requested,
            consent_to_handover=data.consent_to_handover,
            narrative=data.narrative,
            identity=data.identity or {},
        )
        contact.save(force_insert=True)
        contact.categories.set(data.categories)
        audit_record(
            actor=actor,
            action="contact.logged",
            object_type="cases.contact",
            object_id=str(contact.pk),
            entity_id=entity.pk,
            details={"channel": data.channel, "handover": basis or None},
        )
        if basis:
            _handover_to_referents(actor=actor, contact=contact, basis=basis)
    return contact


def _handover_to_referents(*, actor: User, contact: Contact, basis: str) -> Case:
    case = case_create(
        actor=actor,
        entity=contact.entity,
        narrative=contact.narrative,
        key_id=contact.key_id,
        audit_details={"from": "contact", "basis": basis},
    )
    contact.case = case
    contact.save(update_fields=["case"])
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
    handover_record(
        actor, case, Handover.Stage.REFERENT, basis, from_stage=Handover.Stage.LISTENING
    )
    # No case grant for the listener: they keep their own contact record (its page reads
    # ``Contact.listener``) and see the case's reference and status there, nothing more.
    engine.process_start(case=case)
    deadline_ensure(case, "feedback")
    if contact.meeting_requested:
        deadline_ensure(case, "meeting")
    deadlines_refresh(case=case)
    return case


def _party_status(person_status: str) -> str:
    return person_status if person_status in Party.Status.values else Party.Status.UNKNOWN
