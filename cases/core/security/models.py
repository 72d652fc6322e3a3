"""Per-account login delay (T4): failures counted for an account whatever the address."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginDelay(models.Model):
    """Failed passwords and codes of one login name, and until when it must wait.

    Keyed on the name typed, not on an account row, so an unknown name behaves like a
    known one (the delay does not tell which accounts exist).
    """

    username = models.CharField(_("identifiant"), max_length=150, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("délai de connexion")

    def __str__(self) -> str:
        return f"login-delay:{self.failures}"
