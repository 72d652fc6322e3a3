"""Acknowledgement and feedback given through the portal, for a report made there.

An anonymous person who reported through the portal has no address: the law still
owes them a written acknowledgement within 7 working days and feedback within 3
months (décret n° 2022-1284, art. 4; Directive (EU) 2019/1937, art. 9). The delivery
mode "par le portail" posts the text as a handler's message in the case's
conversation (``threads``), where the person reads it with their receipt code; the
step is then recorded exactly as a letter would be, so the clock is met the same day.
The mode is offered only when the case has a conversation, and chosen by default when
no e-mail or postal address of the reporting person is known.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Acknowledgement, Case, Party, User
from threads.models import ReporterMessage, ReporterThread
from threads.services import message_post_by_handler

PORTAL = Acknowledgement.Means.PORTAL
ADDRESS_KEYS = ("email", "address", "postal_address")
REPORTING_ROLES = (Party.Role.REPORTING, Party.Role.VICTIM)


def case_thread(case: Case) -> ReporterThread | None:
    return ReporterThread.objects.filter(case=case).first()


def reporter_reachable(case: Case) -> bool:
    """Whether an e-mail or postal address of the reporting person is on file."""
    for party in case.parties.filter(role__in=REPORTING_ROLES, anonymous=False):
        identity = party.identity or {}
        if any(str(identity.get(key) or "").strip() for key in ADDRESS_KEYS):
            return True
    return False


def portal_form_kwargs(case: Case) -> dict[str, Any]:
    thread = case_thread(case)
    return {
        "portal": thread is not None,
        "portal_default": thread is not None and not reporter_reachable(case),
    }


def portal_means_setup(form: forms.Form, *, portal: bool, portal_default: bool) -> None:
    """The form's ``means`` offers the portal only when the case has a conversation."""
    means = form.fields["means"]
    if not portal:
        means.choices = [c for c in means.choices if c[0] != PORTAL]  # type: ignore[attr-defined]
    elif portal_default:
        form.initial.setdefault("means", PORTAL)


def portal_post(*, actor: User, case: Case, text: str, kind: str) -> ReporterMessage:
    """Post ``text`` to the reporting person; refused without a conversation or a text."""
    thread = case_thread(case)
    if thread is None:
        raise ValidationError(
            _("Ce dossier n'a pas d'échanges par le portail : choisissez un autre moyen.")
        )
    if not text.strip():
        raise ValidationError(_("Écrivez le texte qui sera envoyé par le portail."))
    return message_post_by_handler(actor=actor, thread=thread, body=text, kind=kind)


def portal_date(means: str, sent_on: Any) -> Any:
    """Through the portal the text leaves now: its date is today's, whatever was typed."""
    return timezone.localdate() if means == PORTAL else sent_on


PORTAL_TEXT_HELP = gettext_lazy(
    "Avec « Par le portail » : ce texte est envoyé tel quel à la personne, qui le lit avec "
    "son code de suivi ; la date d'envoi est celle du jour."
)
