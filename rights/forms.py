from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Entity
from rights.models import SubjectRequest


class RecordForm(forms.Form):
    entity = forms.ModelChoiceField(queryset=Entity.objects.none(), label=_("Entité"))
    kind = forms.ChoiceField(choices=SubjectRequest.Kind.choices, label=_("Droit exercé"))
    received_on = forms.DateField(
        label=_("Reçue le"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("La réponse est due un mois plus tard (RGPD art. 12.3)."),
    )
    requester_name = forms.CharField(label=_("Nom de la personne"), max_length=200)
    requester_contact = forms.CharField(
        label=_("Comment lui répondre (adresse, courriel)"), max_length=300
    )
    relation = forms.CharField(
        label=_("Lien avec les dossiers, si elle le dit (personne mise en cause, témoin…)"),
        max_length=200,
        required=False,
    )
    details = forms.CharField(
        label=_("Objet de la demande"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, entities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entity"]
        field.queryset = entities  # type: ignore[attr-defined]
        if len(entities) == 1:
            field.initial = entities[0]


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        choices=[(1, _("un mois")), (2, _("deux mois"))], coerce=int, label=_("Prolonger de")
    )
    reason = forms.CharField(
        label=_("Motifs (complexité, nombre de demandes), communiqués à la personne"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (SubjectRequest.Status.ANSWERED, SubjectRequest.Status.ANSWERED.label),
            (SubjectRequest.Status.REFUSED, SubjectRequest.Status.REFUSED.label),
        ],
        label=_("Suite donnée"),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Réponse apportée ou motifs du refus"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExportBuildForm(forms.Form):
    name = forms.CharField(
        label=_("Nom complet de la personne, tel que les dossiers l'enregistrent"),
        max_length=200,
        required=False,
    )
    email = forms.EmailField(label=_("Son adresse électronique"), required=False)
    confirm = forms.BooleanField(
        label=_("Je confirme qu'il s'agit de la personne qui demande"),
        help_text=_(
            "Les dossiers de l'entité où elle figure vous sont ouverts en lecture jusqu'à la "
            "clôture de la demande ou la publication de l'export."
        ),
        required=True,
    )
