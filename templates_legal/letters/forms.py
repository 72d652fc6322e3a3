"""Forms of the letter pages: choosing a letter, and editing a draft's free values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from templates_legal.context import LOCKED_NAMES
from templates_legal.kinds import LetterKind

# Values long enough to need a text area (several sentences or an address).
LONG_TEXT = frozenset(
    {
        "entity_address",
        "recipient_address",
        "court_address",
        "facts_summary",
        "charges_summary",
        "minutes_text",
        "decision_text",
        "decision_grounds",
        "follow_up_summary",
        "closing_reason",
        "support_resources",
        "measures_taken",
        "reporting_person_identity",
        "person_implicated_identity",
        "investigators_names",
        "recording_retention",
        "file_access_place",
        # One measure a line: a one-line input would join them on saving the draft.
        "protection_measures",
        "protection_grounds",
        "enclosures",
    }
)


class LetterChoiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Courrier"))
    language = forms.ChoiceField(label=_("Langue du courrier"))

    def __init__(
        self, *args: Any, kinds: list[tuple[LetterKind, list[str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.languages_by_kind = {kind.code: languages for kind, languages in kinds}
        kind_field = cast(forms.ChoiceField, self.fields["kind"])
        language_field = cast(forms.ChoiceField, self.fields["language"])
        kind_field.choices = [(kind.code, kind.label) for kind, _languages in kinds]
        languages = sorted({code for _kind, codes in kinds for code in codes})
        names = {"fr": _("français"), "en": _("anglais")}
        language_field.choices = [(code, names.get(code, code)) for code in languages]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, language = data.get("kind"), data.get("language")
        if kind and language and language not in self.languages_by_kind.get(kind, []):
            raise forms.ValidationError(
                _("Ce courrier n'a pas de modèle dans cette langue pour votre entité.")
            )
        return data


class LetterValuesForm(forms.Form):
    """One field per placeholder of the kind, except those Recueil sets itself.

    Nothing is required here: a draft may be saved half done; finalising checks that
    every required value is there.
    """

    def __init__(
        self,
        *args: Any,
        kind: LetterKind,
        values: Mapping[str, object] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        values = values or {}
        for placeholder in kind.placeholders:
            name = placeholder.name
            if name in LOCKED_NAMES:
                continue
            label = placeholder.description
            initial = values.get(name)
            field: forms.Field
            if placeholder.kind == "flag":
                field = forms.BooleanField(label=label, required=False, initial=bool(initial))
            elif placeholder.kind == "date":
                field = forms.DateField(
                    label=label,
                    required=False,
                    initial=initial,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                )
            else:
                # A value already on several lines keeps them (a text input would drop them).
                several_lines = isinstance(initial, str) and "\n" in initial
                widget = (
                    forms.Textarea(attrs={"rows": 4})
                    if name in LONG_TEXT or several_lines
                    else forms.TextInput()
                )
                field = forms.CharField(
                    label=label, required=False, initial=initial, widget=widget, max_length=20000
                )
            if placeholder.required and placeholder.kind != "flag":
                field.widget.attrs["aria-describedby"] = f"id_{name}-help"
                field.help_text = _("Obligatoire pour finaliser le courrier.")
            self.fields[name] = field

    def values(self) -> dict[str, object]:
        data: dict[str, object] = {}
        for name, value in self.cleaned_data.items():
            data[name] = value.isoformat() if isinstance(value, dt.date) else value
        return data
