"""The draft form keeps what a value says on several lines (one protection measure a line)."""

from __future__ import annotations

from django import forms

from templates_legal.kinds import letter_kind
from templates_legal.letters.forms import LetterValuesForm


def test_the_measures_of_a_protection_decision_are_edited_in_a_text_area():
    form = LetterValuesForm(
        kind=letter_kind("protection_decision"),
        values={"protection_measures": "Prise en charge des frais\nSoutien psychologique"},
    )
    assert isinstance(form.fields["protection_measures"].widget, forms.Textarea)


def test_a_value_on_several_lines_gets_a_text_area_whatever_its_name():
    form = LetterValuesForm(
        kind=letter_kind("acknowledgement"),
        values={"recipient_name": "Camille Exemple\nChez Mme Exemple"},
    )
    assert isinstance(form.fields["recipient_name"].widget, forms.Textarea)
    single = LetterValuesForm(
        kind=letter_kind("acknowledgement"), values={"recipient_name": "Camille Exemple"}
    )
    assert isinstance(single.fields["recipient_name"].widget, forms.TextInput)
