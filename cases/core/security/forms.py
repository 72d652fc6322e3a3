from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases.core.security.throttle import login_failure_record, login_wait_minutes


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code à usage unique"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("Code à 6 chiffres de votre application, ou un code de secours."),
    )


def wait_message(minutes: int) -> str:
    return ngettext(
        "Trop d'essais ont échoué pour ce compte : réessayez dans %(minutes)d minute.",
        "Trop d'essais ont échoué pour ce compte : réessayez dans %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class DelayedAuthenticationForm(AuthenticationForm):
    """The password step, refused without testing the password while the account waits.

    See ``cases.core.security.throttle``: failures are counted per account, from any address.
    """

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        minutes = login_wait_minutes(username)
        if minutes:
            raise forms.ValidationError(wait_message(minutes), code="delayed")
        try:
            return super().clean()
        except forms.ValidationError as exc:
            # A pair django-axes already locked is not tried, so not counted twice.
            if username and not getattr(self.request, "axes_locked_out", False):
                login_failure_record(username)
                warning = _attempts_left_warning(self.request, username)
                if warning:
                    raise forms.ValidationError([*exc.error_list, warning]) from exc
            raise


# From this many attempts left, the password step says so (and how long a block lasts).
WARN_WHEN_ATTEMPTS_LEFT = 2


def lockout_minutes() -> int:
    return max(1, round(float(settings.AXES_COOLOFF_TIME or 0) * 60))


def _attempts_left_warning(request: Any, username: str) -> forms.ValidationError | None:
    failures = AxesProxyHandler.get_failures(request, {"username": username})
    left = int(settings.AXES_FAILURE_LIMIT) - failures
    if not 0 < left <= WARN_WHEN_ATTEMPTS_LEFT:
        return None
    return forms.ValidationError(
        ngettext(
            "Attention : encore %(left)d essai avant que la connexion à ce compte depuis cet "
            "appareil soit bloquée pendant %(minutes)d minutes.",
            "Attention : encore %(left)d essais avant que la connexion à ce compte depuis cet "
            "appareil soit bloquée pendant %(minutes)d minutes.",
            left,
        )
        % {"left": left, "minutes": lockout_minutes()},
        code="attempts_left",
    )
