from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value: object) -> str | None:
        return value.isoformat() if isinstance(value, dt.date) else super().format_value(value)


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la suspension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Contentieux en cours, demande d'une autorité… Le motif est chiffré."),
    )
    review_on = forms.DateField(label=_("À réexaminer le"), widget=DateInput())


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Motif de la levée"), widget=forms.Textarea(attrs={"rows": 3}))


class ProcedureEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Décision définitive le"),
        widget=DateInput(),
        help_text=_("Date à laquelle la procédure s'est terminée, délais de recours expirés."),
    )
