"""The message form, shared by the handlers' pages (and usable by the portal's)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from threads.files import ACCEPT, max_file_bytes, max_files


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks their types, sizes and number."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:  # type: ignore[override]
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Chiffré. La personne le lit sur le portail avec son code de suivi ; "
            "son adresse éventuelle reçoit seulement un avis sans contenu."
        ),
    )
    attachments = MultipleFileField(label=_("Pièces jointes (facultatif)"))
    # The thread version the page showed: a message that arrived since stops the send.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "PDF, images PNG ou JPEG, DOCX ou texte ; %(n)d fichiers de %(mb)d Mo au plus."
        ) % {"n": max_files(), "mb": max_file_bytes() // (1024 * 1024)}
