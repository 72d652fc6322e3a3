"""The password change form of "Mon compte", in the words of a non-technical reader."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class RecueilPasswordChangeForm(PasswordChangeForm):
    """Django's checks (current password, the configured validators), one plain hint."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["new_password1"].help_text = _(
            "Au moins 12 caractères, pas seulement des chiffres, ni un mot de passe courant, "
            "ni proche de votre nom. Une phrase de plusieurs mots est facile à retenir."
        )
