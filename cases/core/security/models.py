"""Per-account login delay (T4): failures counted for an account whatever the address."""

from __future__ import annotations

import uuid

from django.conf import settings
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


class SessionRecord(models.Model):
    """What "Mon compte" shows of one open session of an account: which device, since
    when, last seen. The session itself is Django's (database-backed); this row is found
    by its key, and the pages name it by its own opaque id, never by the key.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_records"
    )
    session_key = models.CharField(max_length=40, unique=True)
    device = models.CharField(_("appareil"), max_length=80)
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("session ouverte")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"session:{self.pk}"
