"""Forms of the enquiry pages: parsing only; every rule lives in ``enquiries.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import Category, Party, User
from enquiries.languages import COMMON, language_choices
from enquiries.models import (
    CommissionMember,
    DecisionAuthority,
    EnquiryAttachment,
    Gender,
    Interview,
    Recommendation,
)
from workflows.steps.common import DateInput


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class DecisionFields(forms.Form):
    decision_authority = forms.ChoiceField(
        label=_("Qui a décidé"), choices=DecisionAuthority.choices, widget=forms.RadioSelect
    )
    decided_by = PersonChoiceField(
        label=_("Personne qui a pris la décision"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, deciders: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = deciders  # type: ignore[attr-defined]


class EnquiryOpenForm(DecisionFields):
    decided_on = forms.DateField(
        label=_("Date de la décision d'ouverture"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Motifs de la décision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Chiffré. Visible des personnes qui pilotent l'enquête."),
    )
    mandate = forms.CharField(
        label=_("Mission confiée à la commission"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Les faits à établir et les personnes à entendre : c'est tout ce que la commission "
            "saura du dossier, en plus des noms des personnes concernées."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Langues des personnes à entendre"),
        widget=forms.CheckboxSelectMultiple,
        initial=["fr"],
        help_text=_("Pour proposer des enquêteur·rices qui les parlent."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices(COMMON)  # type: ignore[attr-defined]


class AppointForm(DecisionFields):
    investigators = forms.ModelMultipleChoiceField(
        label=_("Membres de la commission"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Motifs de la désignation"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["investigators"].queryset = candidates  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))


class WitnessForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    status = forms.ChoiceField(label=_("Statut"), choices=Party.Status.choices)
    email = forms.EmailField(label=_("Adresse électronique (facultatif)"), required=False)
    phone = forms.CharField(label=_("Téléphone (facultatif)"), required=False, max_length=40)
    team = forms.CharField(
        label=_("Service ou équipe (facultatif)"),
        required=False,
        max_length=120,
        help_text=_("Sert à écarter des enquêteur·rices du même service."),
    )


class InterviewForm(forms.Form):
    party = PersonChoiceField(label=_("Personne entendue"), queryset=Party.objects.none())
    scheduled_at = forms.DateTimeField(label=_("Date et heure"), widget=DateTimeInput())
    mode = forms.ChoiceField(label=_("Modalité"), choices=Interview.Mode.choices)
    place = forms.CharField(label=_("Lieu, ou modalités de connexion"), max_length=300)
    language = forms.ChoiceField(label=_("Langue de l'entretien"), initial="fr")
    summons_sent_on = forms.DateField(
        label=_("Convocation envoyée le"), widget=DateInput(), initial=timezone.localdate
    )
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Membres de la commission présents"),
        queryset=CommissionMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    support_person_allowed = forms.BooleanField(
        label=_("La personne peut être accompagnée de la personne de son choix"),
        required=False,
        initial=True,
    )
    recording_requested = forms.BooleanField(
        label=_("Enregistrement envisagé (autorisation écrite de la personne nécessaire)"),
        required=False,
    )
    short_notice_accepted = forms.BooleanField(
        label=_("La personne a demandé ou accepté un délai de convocation plus court"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        parties: QuerySet[Party],
        members: QuerySet[CommissionMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        self.fields["party"].label_from_instance = _party_label  # type: ignore[attr-defined]
        self.fields["interviewers"].queryset = members  # type: ignore[attr-defined]
        self.fields["interviewers"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: str(m.investigator)
        )


def _party_label(party: Party) -> str:
    identity = party.identity or {}
    name = " ".join(str(identity.get(k, "")) for k in ("first_name", "last_name")).strip()
    return f"{name or '—'} ({party.get_role_display()})"


class CommitmentForm(forms.Form):
    signers = forms.MultipleChoiceField(
        label=_("Qui a signé l'engagement"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez toutes les personnes présentes qui ont signé."),
    )
    signed_on = forms.DateField(label=_("Signé le"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signers"].choices = choices  # type: ignore[attr-defined]


class AuthorisationForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Réponse écrite de la personne entendue"),
        choices=[("yes", _("Autorise l'enregistrement")), ("no", _("Refuse l'enregistrement"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    signed_on = forms.DateField(
        label=_("Signée le"), widget=DateInput(), initial=timezone.localdate
    )


class HoldForm(forms.Form):
    rights_stated = forms.BooleanField(
        label=_("La personne a été informée de ses droits avant d'être entendue"),
        required=False,
    )
    support_person_present = forms.BooleanField(
        label=_("Une personne l'accompagnait"), required=False
    )
    support_person_name = forms.CharField(
        label=_("Nom de la personne qui accompagne"), required=False, max_length=200
    )


class MinutesForm(forms.Form):
    body = forms.CharField(
        label=_("Compte rendu"),
        # A long text is written here: the whole width of the page, most of its height.
        widget=forms.Textarea(attrs={"rows": 24, "class": "editor"}),
        help_text=_("Chiffré. Chaque enregistrement garde une version."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MinutesStatusForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("read_back", "read_back"), ("sign", "sign"), ("refuse", "refuse")],
        widget=forms.HiddenInput,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    signed_on = forms.DateField(
        label=_("Signé le"), widget=DateInput(), required=False, initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("Refus de signer : observations de la personne"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de pièce"), choices=EnquiryAttachment.Kind.choices)
    interview = forms.ModelChoiceField(
        label=_("Entretien concerné"), queryset=Interview.objects.none(), required=False
    )
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, PNG, JPEG ; audio (MP3, M4A, OGG, WAV) pour un enregistrement autorisé."),
    )

    def __init__(self, *args: Any, interviews: QuerySet[Interview], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interview"].queryset = interviews  # type: ignore[attr-defined]
        self.fields["interview"].label_from_instance = (  # type: ignore[attr-defined]
            lambda i: (
                f"{date_format(timezone.localtime(i.scheduled_at), 'SHORT_DATETIME_FORMAT')}"
                f" — {_party_label(i.party)}"
            )
        )


class ReportForm(forms.Form):
    facts_established = forms.CharField(
        label=_("Faits établis"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    facts_not_established = forms.CharField(
        label=_("Faits non établis"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    recommendations = forms.MultipleChoiceField(
        label=_("Recommandations"),
        choices=Recommendation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recommendations_detail = forms.CharField(
        label=_("Précisions sur les recommandations (mesures de prévention…)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            self.fields[f"analysis_{category.code}"] = forms.CharField(
                label=_("Analyse — %(category)s") % {"category": category},
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
            )

    def analysis(self) -> dict[str, str]:
        return {c.code: self.cleaned_data.get(f"analysis_{c.code}", "") for c in self.categories}


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_(
            "Je remets le rapport à l'autorité de décision ; la commission n'aura plus accès à "
            "l'enquête."
        )
    )


class RosterForm(forms.Form):
    gender = forms.ChoiceField(label=_("Genre"), choices=Gender.choices)
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"), widget=forms.CheckboxSelectMultiple, initial=["fr"]
    )
    trained_on = forms.DateField(label=_("Formé·e le"), widget=DateInput(), required=False)
    team = forms.CharField(label=_("Service ou équipe"), max_length=120, required=False)
    shared_with_group = forms.BooleanField(
        label=_("Mobilisable dans les autres entités du groupe"), required=False
    )
    available = forms.BooleanField(label=_("Disponible"), required=False, initial=True)
    unavailable_until = forms.DateField(
        label=_("Indisponible jusqu'au"), widget=DateInput(), required=False
    )
    max_load = forms.IntegerField(
        label=_("Enquêtes simultanées au plus"), min_value=1, max_value=10, initial=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recorded = (self.initial or {}).get("languages") or []
        self.fields["languages"].choices = language_choices(  # type: ignore[attr-defined]
            COMMON, extra=recorded
        )
