"""Forms of the protection fonctionnelle and precautionary suspension pages."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Party, ProtectionMeasureKind, ProtectionRequest
from workflows.steps.common import DateInput


def person_name(party: Party) -> str:
    identity = party.identity or {}
    name = f"{identity.get('first_name', '')} {identity.get('last_name', '')}".strip()
    return f"{name} ({party.get_status_display()})"


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:  # type: ignore[override]
        return person_name(obj)


def _parties(parties: Iterable[Party]) -> QuerySet[Party]:
    return Party.objects.filter(pk__in=[p.pk for p in parties])


class ProtectionRequestForm(forms.Form):
    party = PartyChoiceField(
        label=_("Membre du personnel qui demande la protection"),
        queryset=Party.objects.none(),
        empty_label=_("— Choisir —"),
    )
    requested_on = forms.DateField(
        label=_("Demande reçue le"), widget=DateInput(), initial=timezone.localdate
    )
    facts = forms.CharField(
        label=_("Faits à l'origine de la demande (chiffrés)"),
        help_text=_("Les violences, menaces ou agissements subis du fait des fonctions."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: object, parties: Iterable[Party], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["party"].queryset = _parties(parties)  # type: ignore[attr-defined]


class ProtectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[
            (ProtectionRequest.Decision.GRANTED, _("Protection accordée")),
            (ProtectionRequest.Decision.REFUSED, _("Protection refusée")),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(
        label=_("Décidée le"), widget=DateInput(), initial=timezone.localdate
    )
    reasons = forms.CharField(
        label=_("Motifs de la décision"),
        help_text=_("Obligatoires pour un refus : ils figurent dans le courrier de décision."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        # The service refuses it too; here the message sits on the field to fill.
        refused = cleaned.get("decision") == ProtectionRequest.Decision.REFUSED
        if refused and not str(cleaned.get("reasons") or "").strip():
            self.add_error("reasons", _("Un refus doit être motivé : indiquez ses motifs."))
        return cleaned


class ProtectionMeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Mesure"), choices=[("", _("— Choisir —")), *ProtectionMeasureKind.choices]
    )
    detail = forms.CharField(
        label=_("Précisions (obligatoires pour « Autre mesure »)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    started_on = forms.DateField(
        label=_("À partir du"), widget=DateInput(), initial=timezone.localdate
    )


class SuspensionForm(forms.Form):
    party = PartyChoiceField(
        label=_("Membre du personnel mis en cause"),
        queryset=Party.objects.none(),
        empty_label=_("— Choisir —"),
    )
    decided_on = forms.DateField(
        label=_("Décidée le"), widget=DateInput(), initial=timezone.localdate
    )
    starts_on = forms.DateField(
        label=_("Prend effet le"), widget=DateInput(), initial=timezone.localdate
    )
    criminal_proceedings = forms.BooleanField(
        label=_("Des poursuites pénales sont engagées"), required=False
    )
    reasons = forms.CharField(
        label=_("Motifs : la faute grave reprochée (chiffrés)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, parties: Iterable[Party], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["party"].queryset = _parties(parties)  # type: ignore[attr-defined]


class SuspensionEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Levée le"), widget=DateInput(), initial=timezone.localdate)
