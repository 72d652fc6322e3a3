from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Entity, Orientation, Role, SupportResource


class StaffAccountForm(forms.Form):
    # Letters, digits, dots, hyphens and underscores: "prenom.nom", as every demo account.
    username = forms.RegexField(
        label=_("Identifiant"),
        max_length=150,
        regex=r"^[A-Za-z0-9._-]+\Z",
        error_messages={
            "invalid": _(
                "Lettres sans accent, chiffres, points, tirets et tirets bas uniquement "
                "(par exemple : prenom.nom)."
            )
        },
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(label=_("Adresse électronique professionnelle"))
    roles = forms.MultipleChoiceField(
        label=_("Rôles dans l'entité"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle à attribuer"), choices=Role.choices)


class EntityDetailsForm(forms.ModelForm):
    """What an entity's letters print in their letterhead."""

    class Meta:
        model = Entity
        fields = ["postal_address", "city"]
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 3})}


class SupportResourceForm(forms.ModelForm):
    """An entry of the entity's support directory."""

    class Meta:
        model = SupportResource
        fields = ["kind", "name", "contact", "active"]
        labels = {"kind": _("Type"), "contact": _("Comment la joindre (téléphone, adresse…)")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [("", _("— Choisir —")), *Orientation.choices]  # type: ignore[attr-defined]
