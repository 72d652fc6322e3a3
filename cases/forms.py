from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Entity, Role


class StaffAccountForm(forms.Form):
    username = forms.SlugField(label=_("Identifiant"), max_length=150)
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
