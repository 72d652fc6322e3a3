"""The portal's forms: a report, a question, a receipt code, a message.

Plain HTML forms that work with JavaScript disabled (Tor Browser's safest mode). Field
names are stable: a draft under review carries them, sealed (``portal.drafts``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.models import Category, ContactKind, Party
from threads.forms import MultipleFileField

# Plain-language descriptions of the default categories (a deployment's own categories
# show their label alone). What the words mean for a person, not the legal definitions.
CATEGORY_HELP = {
    "harcelement-moral": _(
        "Propos ou comportements répétés qui dégradent vos conditions d'études ou de travail."
    ),
    "harcelement-sexuel": _(
        "Propos ou comportements à connotation sexuelle, répétés ou imposés, ou une pression "
        "grave pour obtenir un acte sexuel, même une seule fois."
    ),
    "cyberharcelement": _(
        "Harcèlement par messages, réseaux sociaux, photos ou vidéos diffusées en ligne."
    ),
    "agissement-sexiste": _(
        "Un propos ou un comportement lié au sexe de la personne, qui l'humilie ou l'intimide."
    ),
    "agression-sexuelle": _("Un contact sexuel imposé, sans consentement."),
    "viol": _("Toute pénétration sexuelle ou tout acte bucco-génital imposé."),
    "discrimination": _(
        "Être traité·e moins bien en raison de son origine, son sexe, son orientation, son "
        "handicap, sa religion, son âge ou un autre critère interdit."
    ),
    "violence": _("Coups, menaces, violences physiques ou psychologiques."),
    "sante-securite": _("Un danger pour la santé ou la sécurité au travail ou en cours."),
    "racisme": _("Propos, actes ou traitements hostiles en raison d'une origine supposée."),
    "antisemitisme": _("Propos, actes ou traitements hostiles envers les personnes juives."),
    "lgbt-phobie": _(
        "Propos, actes ou traitements hostiles en raison de l'orientation sexuelle ou de "
        "l'identité de genre."
    ),
    "laicite": _("Une atteinte au principe de laïcité dans l'établissement."),
}

EMPTY = [("", _("— Choisir —"))]
YES_NO_UNKNOWN = [("yes", _("Oui")), ("no", _("Non")), ("unknown", _("Je ne sais pas"))]
PERSON_ROLES = [
    ("", _("— Son rôle —")),
    (Party.Role.IMPLICATED.value, _("Personne mise en cause")),
    (Party.Role.WITNESS.value, _("Témoin")),
    (Party.Role.VICTIM.value, _("Autre victime")),
]
IDENTITY = [
    ("anonymous", _("Je reste anonyme")),
    ("named", _("Je donne mon identité")),
]
SHARE = [
    ("no", _("Non : mon identité reste connue des seules personnes qui traitent le signalement")),
    ("yes", _("Oui, elle peut leur être communiquée si c'est nécessaire")),
]
CONTACT_PREFERENCES = [
    ("portal", _("Uniquement par ce portail, avec mon code de suivi")),
    ("email", _("Par courriel")),
    ("phone", _("Par téléphone")),
]
PEOPLE_SLOTS = 3


def _max_text() -> int:
    return int(settings.RECUEIL_PORTAL_MAX_TEXT_CHARS)


class CategoriesField(forms.ModelMultipleChoiceField):
    """Each box says the category and, under it, what it means in plain words."""

    def label_from_instance(self, obj: Any) -> str:
        described = CATEGORY_HELP.get(obj.code)
        if not described:
            return str(obj)
        return format_html('{} <span class="choice-help">{}</span>', str(obj), described)


class ReportForm(forms.Form):
    categories = CategoriesField(
        label=_("De quoi s'agit-il ?"),
        queryset=Category.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez tout ce qui correspond ; en cas de doute, cochez au plus proche."),
        error_messages={"required": _("Cochez au moins une case.")},
    )
    what = forms.CharField(
        label=_("Ce qui s'est passé"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Avec vos mots. Vous pourrez compléter plus tard avec votre code de suivi."),
    )
    when = forms.CharField(
        label=_("Quand ? (facultatif)"),
        required=False,
        max_length=200,
        help_text=_("Une date, une période, même approximative."),
    )
    where = forms.CharField(
        label=_("Où ? (facultatif)"),
        required=False,
        max_length=300,
        help_text=_("Un lieu, un cours, un stage, en ligne…"),
    )
    ongoing = forms.ChoiceField(
        label=_("Les faits se poursuivent-ils ?"), choices=YES_NO_UNKNOWN, widget=forms.RadioSelect
    )
    danger = forms.BooleanField(
        label=_("Quelqu'un est en danger grave et immédiat"),
        required=False,
        help_text=_(
            "Le signalement sera examiné en priorité. En cas d'urgence, appelez le 17 ou le 112."
        ),
    )
    reporter_kind = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=list(ContactKind.choices),
        widget=forms.RadioSelect,
    )
    reporter_status = forms.ChoiceField(
        label=_("Votre situation dans l'établissement"),
        choices=EMPTY + [c for c in Party.Status.choices if c[0] != Party.Status.UNKNOWN],
    )
    identity = forms.ChoiceField(
        label=_("Anonymat"),
        choices=IDENTITY,
        widget=forms.RadioSelect,
        help_text=_(
            "Anonyme, vous pouvez suivre le signalement et échanger avec les référent·es grâce "
            "à votre code de suivi. Une enquête reste possible, mais il peut être plus difficile "
            "d'agir."
        ),
    )
    first_name = forms.CharField(label=_("Prénom"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Nom"), required=False, max_length=100)
    email = forms.EmailField(label=_("Adresse électronique"), required=False)
    phone = forms.CharField(label=_("Téléphone"), required=False, max_length=40)
    share_identity = forms.ChoiceField(
        label=_(
            "Votre identité peut-elle être communiquée aux personnes mises en cause, si c'est "
            "nécessaire au traitement ?"
        ),
        choices=SHARE,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Sans votre accord, elle ne leur est jamais communiquée (loi Sapin II, art. 9)."
        ),
    )
    preferred_contact = forms.ChoiceField(
        label=_("Comment souhaitez-vous être recontacté·e ?"),
        choices=CONTACT_PREFERENCES,
        widget=forms.RadioSelect,
        initial="portal",
    )
    meeting_requested = forms.BooleanField(
        label=_("Je souhaite un entretien (en personne ou en visioconférence)"), required=False
    )
    notify_address = forms.EmailField(
        label=_("Adresse pour être prévenu·e d'un nouveau message (facultatif)"),
        required=False,
        help_text=_(
            "Elle ne reçoit que « vous avez un nouveau message », jamais de contenu. Anonyme, "
            "choisissez une adresse qui ne vous identifie pas."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what"].validators.append(MaxLengthValidator(_max_text()))
        for n in range(1, PEOPLE_SLOTS + 1):
            self.fields[f"person{n}_name"] = forms.CharField(
                label=_("Nom ou description"), required=False, max_length=200
            )
            self.fields[f"person{n}_function"] = forms.CharField(
                label=_("Sa fonction (enseignant·e, camarade, encadrant·e…)"),
                required=False,
                max_length=200,
            )
            self.fields[f"person{n}_role"] = forms.ChoiceField(
                label=_("Son rôle"), choices=PERSON_ROLES, required=False
            )
            self.fields[f"person{n}_status"] = forms.ChoiceField(
                label=_("Sa situation"),
                choices=[("", _("— Je ne sais pas —")), *Party.Status.choices[:-1]],
                required=False,
            )

    def people_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "n": n,
                "fields": [self[f"person{n}_{k}"] for k in ("name", "function", "role", "status")],
            }
            for n in range(1, PEOPLE_SLOTS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named_fields = ("first_name", "last_name", "email", "phone")
        if data.get("identity") == "anonymous":
            for name in named_fields:
                if data.get(name):
                    self.add_error(
                        name,
                        _(
                            "Vous avez choisi l'anonymat : laissez ce champ vide, ou donnez votre identité."
                        ),
                    )
            if data.get("preferred_contact") in ("email", "phone"):
                self.add_error(
                    "preferred_contact",
                    _("Anonyme, vous êtes recontacté·e par ce portail avec votre code de suivi."),
                )
        elif data.get("identity") == "named":
            if not (data.get("first_name") or data.get("last_name")):
                self.add_error("last_name", _("Donnez au moins votre nom ou votre prénom."))
            if not data.get("share_identity"):
                self.add_error("share_identity", _("Répondez à cette question."))
            if data.get("preferred_contact") == "email" and not data.get("email"):
                self.add_error("email", _("Donnez l'adresse où vous recontacter."))
            if data.get("preferred_contact") == "phone" and not data.get("phone"):
                self.add_error("phone", _("Donnez le numéro où vous recontacter."))
        for n in range(1, PEOPLE_SLOTS + 1):
            if data.get(f"person{n}_name") and not data.get(f"person{n}_role"):
                self.add_error(f"person{n}_role", _("Indiquez son rôle."))
        return data


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Votre question"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Sans nom si vous le souhaitez. La cellule d'écoute vous répond ici, avec votre code."
        ),
    )
    reporter_kind = forms.ChoiceField(
        label=_("Vous êtes (facultatif)"),
        choices=EMPTY + list(ContactKind.choices),
        required=False,
    )
    notify_address = forms.EmailField(
        label=_("Adresse pour être prévenu·e d'une réponse (facultatif)"),
        required=False,
        help_text=_("Elle ne reçoit que « vous avez un nouveau message », jamais de contenu."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].validators.append(MaxLengthValidator(_max_text()))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Votre code de suivi"),
        max_length=64,
        help_text=_("20 caractères, avec ou sans espaces."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message ou vos informations complémentaires"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = MultipleFileField(label=_("Fichiers (facultatif)"))  # type: ignore[assignment]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FilesForm(forms.Form):
    files = MultipleFileField(label=_("Joindre des fichiers (facultatif)"))  # type: ignore[assignment]
