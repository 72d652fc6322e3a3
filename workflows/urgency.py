"""Urgent reports: "danger grave et immédiat" or facts still going on.

An urgent report gets a short internal deadline for its first examination
(``RECUEIL_URGENT_TRIAGE_HOURS``) and its entity's referents and direction hear of it
at once, by a mail that says only that something awaits them (T7: no content).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.core.audit.services import audit_record
from cases.models import Case, ConflictDeclaration, Contact, Role, RoleMembership, User
from workflows.schedule import deadline_ensure

DANGER = "danger"
ONGOING = "ongoing"
LABELS = {
    DANGER: gettext_lazy("Danger grave et immédiat"),
    ONGOING: gettext_lazy("Faits en cours"),
}


def urgency_of(contact: Contact | None) -> str:
    """``danger``, ``ongoing`` or ``""``: the most pressing of the two flags."""
    if contact is None:
        return ""
    return DANGER if contact.danger else ONGOING if contact.ongoing else ""


def case_urgency(case: Case) -> str:
    return urgency_of(Contact.objects.filter(case=case).only("danger", "ongoing").first())


def _alerted(case: Case) -> list[User]:
    conflicted = ConflictDeclaration.objects.filter(case=case).values_list("user_id", flat=True)
    ids = RoleMembership.objects.filter(
        entity_id=case.entity_id, role__in=[Role.REFERENT, Role.DIRECTOR], user__is_active=True
    ).values_list("user_id", flat=True)
    return list(
        User.objects.filter(pk__in=ids).exclude(pk__in=conflicted).exclude(email="").distinct()
    )


def urgency_start(*, case: Case) -> None:
    """Start the short deadline and alert the referents and the direction (on commit).

    Called inside the hand-over's transaction; a rolled-back hand-over sends nothing.
    Audited: ``case.urgent_notified`` with the number of people alerted.
    """
    deadline_ensure(case, "urgent_triage")
    people = _alerted(case)
    link = settings.RECUEIL_BASE_URL.rstrip("/") + reverse("inbox")
    subject = f"{settings.EMAIL_SUBJECT_PREFIX}{_('Un signalement demande votre attention')}"
    body = _(
        "Un signalement urgent vient d'être transmis dans Recueil et demande votre attention "
        "rapidement."
    )
    messages = [
        (subject, f"{body}\n\n{link}\n", settings.DEFAULT_FROM_EMAIL, [u.email]) for u in people
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    audit_record(
        actor=None,
        action="case.urgent_notified",
        target=case,
        entity_id=case.entity_id,
        details={"recipients": len(people)},
    )
