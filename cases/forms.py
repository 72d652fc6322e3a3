from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import Entity, Orientation, Party, Role, SupportResource, User


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


class AccountTitleForm(forms.Form):
    title = forms.CharField(
        label=_("Fonction"),
        max_length=200,
        required=False,
        help_text=_(
            "Imprimée sous la signature des courriers (« Référente égalité », « Directeur de "
            "l'école »)."
        ),
    )


class EntityDetailsForm(forms.ModelForm):
    """What an entity's letters print in their letterhead."""

    class Meta:
        model = Entity
        fields = ["postal_address", "city"]
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 3})}


class PersonForm(forms.Form):
    """A person of the case; every identity field is stored encrypted under the case key."""

    role = forms.ChoiceField(label=_("Qualité dans le dossier"), choices=Party.Role.choices)
    anonymous = forms.BooleanField(label=_("Anonyme ou pas encore identifiée"), required=False)
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=Party.Status.choices,
        initial=Party.Status.UNKNOWN,
        help_text=_("Il décide de la procédure disciplinaire applicable."),
    )
    programme = forms.CharField(
        label=_("Formation (élève, doctorant·e)"), max_length=150, required=False
    )
    year = forms.CharField(label=_("Année d'études"), max_length=50, required=False)
    unit = forms.CharField(
        label=_("Service, laboratoire ou employeur (personnel, personne extérieure)"),
        max_length=200,
        required=False,
    )
    email = forms.EmailField(label=_("Adresse électronique"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=40, required=False)
    address = forms.CharField(
        label=_("Adresse postale (pour les courriers)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    account = forms.ModelChoiceField(
        label=_("Compte Recueil de cette personne (si elle en a un)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Aucun"),
        help_text=_(
            "Une personne citée dans le dossier en est écartée : ses accès à ce dossier "
            "sont retirés et elle ne pourra pas le traiter."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    IDENTITY = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "address",
        "programme",
        "year",
        "unit",
    )

    def __init__(self, *args: Any, accounts: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Chiffrée, datée et signée de votre nom ; visible de qui peut lire le dossier."
        ),
    )


class NarrativeForm(forms.Form):
    narrative = forms.CharField(label=_("Récit corrigé"), widget=forms.Textarea(attrs={"rows": 10}))
    reason = forms.CharField(
        label=_("Pourquoi cette correction ?"),
        max_length=500,
        help_text=_("Le texte précédent reste lisible dans le dossier, avec votre motif."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseAttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, PNG, JPEG, audio, DOCX ou texte ; il est chiffré dès sa réception."),
    )


class HistoryFilterForm(forms.Form):
    """GET filters of the history page; choices are what the case's own history holds."""

    person = forms.ModelChoiceField(
        label=_("Personne"), queryset=User.objects.none(), required=False, empty_label=_("Toutes")
    )
    kind = forms.ChoiceField(label=_("Type d'action"), required=False)
    since = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[User],
        kinds: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("Toutes"))] + kinds  # type: ignore[attr-defined]


class SupportResourceForm(forms.ModelForm):
    """An entry of the entity's support directory."""

    class Meta:
        model = SupportResource
        fields = ["kind", "name", "contact", "active"]
        labels = {"kind": _("Type"), "contact": _("Comment la joindre (téléphone, adresse…)")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [("", _("— Choisir —")), *Orientation.choices]  # type: ignore[attr-defined]
