"""Notices by mail: "something awaits you in Recueil", and a link to the start page.

A mail crosses servers Recueil does not control, so a notice says nothing of what
awaits: no case reference, no step, no name, no narrative — the same words for every
event, and one opaque link to the start page, where the person logs in and sees what
is theirs. Each person gets their own message (no list of recipients), sent once the
caller's transaction commits: a rolled-back action sends nothing.

Callers (the procedure, letters, enquiries) choose the recipients; this module only
sends, to active accounts that have an address, each once, never to the actor.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from cases.core.accounts.models import User

SUBJECT = "Quelque chose vous attend dans Recueil / Something awaits you in Recueil"
BODY = (
    "Bonjour,\n\n"
    "Quelque chose vous attend dans Recueil. Connectez-vous pour le voir :\n\n"
    "{link}\n\n"
    "Ce message ne contient volontairement aucun détail.\n\n"
    "---\n\n"
    "Hello,\n\n"
    "Something awaits you in Recueil. Log in to see it:\n\n"
    "{link}\n\n"
    "This message deliberately contains no details.\n"
)


def notice_link() -> str:
    return settings.RECUEIL_BASE_URL.rstrip("/") + reverse("home")


def notice_send(recipients: Iterable[User], *, actor: User | None = None) -> int:
    """Tell each of ``recipients`` that something awaits them; returns how many will be told."""
    seen: set[int] = set()
    addresses: list[str] = []
    for user in recipients:
        if user.pk in seen or not user.is_active or not user.email:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        seen.add(user.pk)
        addresses.append(user.email)
    if not addresses:
        return 0
    body = BODY.format(link=notice_link())
    messages = [
        (f"{settings.EMAIL_SUBJECT_PREFIX}{SUBJECT}", body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in addresses
    ]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(addresses)
