"""The listener's own contact records: the only case data a listener keeps after hand-over.

A listener reads a contact record they logged, or a question asked through the portal
in their entity, while they are still a listener of that entity; nobody else reads it
through this path (404, existing or not: T1). Of the case
it became, they see the reference and the status only — never the referent's work,
the enquiry or the letters (no case grant is given to a listener).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from cases.models import (
    CaseKey,
    Category,
    Contact,
    ContactFollowUp,
    Role,
    RoleMembership,
    User,
)
from cases.models.procedure import Orientation


@dataclass(frozen=True)
class OwnContact:
    contact: Contact
    categories: list[Category]
    orientations: list[str]  # labels, in the interface language
    follow_ups: list[ContactFollowUp]


def own_contact_or_404(user: User, pk: uuid.UUID) -> OwnContact:
    if not user.is_authenticated or not user.is_active:
        raise Http404
    # A question asked through the portal (a record with a conversation) is the listening
    # cell's: any listener of its entity reads it. Named by its reverse relation only,
    # since the conversation's app sits above the case records.
    contact = (
        Contact.objects.filter(Q(listener=user) | Q(reporter_thread__isnull=False), pk=pk)
        .select_related("case", "entity")
        .first()
    )
    if (
        contact is None
        # Anonymised at the end of its retention (its key, or its case's, is shredded):
        # nothing left to read.
        or CaseKey.objects.filter(pk=contact.key_id, wrapped__isnull=True).exists()
        or not RoleMembership.objects.filter(
            user=user, entity_id=contact.entity_id, role=Role.LISTENER
        ).exists()
    ):
        raise Http404
    labels = dict(Orientation.choices)
    return OwnContact(
        contact=contact,
        categories=list(contact.categories.all()),
        # The directory entries chosen; for older records, the kinds offered.
        orientations=[r.name for r in contact.support_resources.all()]
        or [str(labels.get(code, code)) for code in contact.orientations or []],
        follow_ups=list(contact.follow_ups.all()),
    )
