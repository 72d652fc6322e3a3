"""One form per step; labels are what a referent reads, French first."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Acknowledgement,
    Category,
    Channel,
    Closure,
    ContactKind,
    HandoverBasis,
    Orientation,
    OutcomeDecision,
    Party,
    TriageOutcome,
    User,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


def _categories() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Catégories"),
        queryset=Category.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Plusieurs catégories possibles."),
    )


class IntakeForm(forms.Form):
    contacted_on = forms.DateField(
        label=_("Date du contact"), widget=DateInput(), initial=timezone.localdate
    )
    channel = forms.ChoiceField(label=_("Canal"), choices=Channel.choices)
    contact_kind = forms.ChoiceField(
        label=_("La personne qui prend contact est"), choices=ContactKind.choices
    )
    person_status = forms.ChoiceField(label=_("Son statut"), choices=Party.Status.choices)
    anonymous = forms.BooleanField(label=_("La personne souhaite rester anonyme"), required=False)
    first_name = forms.CharField(label=_("Prénom (facultatif)"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Nom (facultatif)"), required=False, max_length=100)
    email = forms.EmailField(label=_("Adresse électronique (facultatif)"), required=False)
    phone = forms.CharField(label=_("Téléphone (facultatif)"), required=False, max_length=40)
    categories = _categories()
    narrative = forms.CharField(
        label=_("Récit"),
        widget=forms.Textarea,
        help_text=_(
            "Les faits tels que rapportés. Chiffré, visible des seules personnes en charge."
        ),
    )
    orientations = forms.MultipleChoiceField(
        label=_("Orientations proposées"),
        choices=Orientation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    danger = forms.BooleanField(label=_("Danger grave et immédiat"), required=False)
    ongoing = forms.BooleanField(label=_("Faits en cours"), required=False)
    meeting_requested = forms.BooleanField(
        label=_("La personne demande un entretien"), required=False
    )
    consent_to_handover = forms.BooleanField(
        label=_("La personne consent à la transmission à un·e référent·e"), required=False
    )
    legal_basis = forms.ChoiceField(
        label=_("Sans consentement : fondement légal de la transmission"),
        choices=[("", _("Aucun — rester une fiche d'écoute"))]
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
                "anonymous", _("Une personne anonyme ne peut pas avoir d'identité enregistrée.")
            )
        return data


class AcknowledgeForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Accusé de réception envoyé le"), widget=DateInput(), initial=timezone.localdate
    )
    means = forms.ChoiceField(label=_("Moyen"), choices=Acknowledgement.Means.choices)


class TriageForm(forms.Form):
    no_conflict_confirmed = forms.BooleanField(
        label=_("Je confirme n'avoir aucun conflit d'intérêts avec les personnes concernées"),
        required=False,
    )
    categories = _categories()
    outcomes = forms.MultipleChoiceField(
        label=_("Décisions"), choices=TriageOutcome.choices, widget=forms.CheckboxSelectMultiple
    )
    reasoning = forms.CharField(label=_("Motivation"), widget=forms.Textarea)
    no_article40_reason = forms.CharField(
        label=_(
            "Si les faits peuvent constituer un crime ou un délit sans saisine au titre de l'article 40 : pourquoi"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class InformationForm(forms.Form):
    note = forms.CharField(label=_("Informations reçues"), widget=forms.Textarea)


class Article40Form(forms.Form):
    sent_on = forms.DateField(
        label=_("Transmis au procureur le"), widget=DateInput(), initial=timezone.localdate
    )
    prosecutor_office = forms.CharField(label=_("Parquet destinataire"), max_length=200)
    note = forms.CharField(
        label=_("Observations"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EnquiryReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Conclusions du rapport d'enquête"),
        widget=forms.Textarea,
        help_text=_(
            "Seulement pour une enquête conduite hors de Recueil (prestataire extérieur…). "
            "Une enquête ouverte dans Recueil avance par la remise du rapport de sa commission."
        ),
    )


class DecisionForm(forms.Form):
    outcomes = forms.MultipleChoiceField(
        label=_("Décisions"),
        choices=OutcomeDecision.Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reasoning = forms.CharField(label=_("Motivation"), widget=forms.Textarea)


class DisciplinaryForm(forms.Form):
    summons_sent_on = forms.DateField(label=_("Convocation envoyée le"), widget=DateInput())
    file_open_from = forms.DateField(label=_("Dossier consultable à partir du"), widget=DateInput())
    hearing_on = forms.DateField(label=_("Date de la séance"), widget=DateInput())
    silence_notice = forms.BooleanField(
        label=_("La convocation informe la personne de son droit de se taire"), required=False
    )
    counsel_notice = forms.BooleanField(
        label=_("La convocation informe la personne de son droit à être assistée d'un conseil"),
        required=False,
    )


class FeedbackForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Personne informée le"), widget=DateInput(), initial=timezone.localdate
    )
    means = forms.ChoiceField(label=_("Moyen"), choices=Acknowledgement.Means.choices)
    summary = forms.CharField(
        label=_("Ce qui a été communiqué"),
        widget=forms.Textarea,
        help_text=_(
            "Sans porter atteinte aux droits des autres personnes (identité, sanctions individuelles)."
        ),
    )


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif de clôture"), choices=Closure.Reason.choices)
    detail = forms.CharField(
        label=_("Précisions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Faits nouveaux justifiant la réouverture"), widget=forms.Textarea
    )


class MeasureForm(forms.Form):
    description = forms.CharField(label=_("Mesure"), widget=forms.Textarea(attrs={"rows": 3}))
    beneficiary = forms.CharField(label=_("Au bénéfice de"), max_length=200)
    decided_by_name = forms.CharField(label=_("Décidée par"), max_length=200)
    decided_on = forms.DateField(
        label=_("Décidée le"), widget=DateInput(), initial=timezone.localdate
    )
    review_on = forms.DateField(label=_("À réexaminer le"), widget=DateInput())


class MeasureLiftForm(forms.Form):
    lifted_on = forms.DateField(label=_("Levée le"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))
    informed_on = forms.DateField(
        label=_("Personne informée le"), widget=DateInput(), required=False
    )


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Attribuer à"),
        queryset=User.objects.none(),
        empty_label=_("— Choisir une personne —"),
    )

    def __init__(self, *args: object, assignees: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["assignee"].queryset = assignees  # type: ignore[attr-defined]
