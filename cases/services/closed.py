"""A closed case is read-only until it is reopened: the one guard every change calls.

Every service that changes what a case holds calls ``case_require_open`` inside its
transaction, before it writes anything; the pages call it as soon as they have the
case, so a closed case offers no form (``config.middleware.ClosedCaseMiddleware``
turns the refusal into a message on the case page). The way back is the reopening
(``workflows.steps.reopen``), which the referent who closed the case keeps
(``closed_case_custodian``).

What stays possible on a closed case, and why (those services do not call the guard):

- reading: the case page, its history, downloads, the prior-history lookup (a read,
  traced as one);
- reopening, for the new facts that justify it;
- retention: a legal hold, its lifting, the end of a judicial procedure
  (``retention.services``) — CNIL délibération n° 2023-064: retention runs from the
  closure, and a hold is what suspends it;
- letters already finalised: signing, withdrawing, making the PDF
  (``templates_legal.letters.services``) — the letter was decided and numbered
  before the closure; and drafting the kinds whose ``after_closure`` says so;
- the staff protections on their own legal clock (``cases.services.protection``,
  ``workflows.suspension``): the director's decision on a protection request already
  recorded, the measures of a granted protection and its decision letter (code général
  de la fonction publique L134-1: the employer owes the protection whatever becomes of
  the report; CRPA L211-2 and L231-4: a request is answered, by a reasoned decision),
  and the end of a running suspension (CGFP L531-1: four months at most);
- lifting a protective measure still in force (``workflows.steps.measures``): ending
  a restriction on a person must never wait for a reopening;
- the conversation with the reporting person (``threads.services``): new facts come
  that way, and they are what reopens a case;
- data-subject requests (``rights``): RGPD art. 12 to 21 apply to closed cases too.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case


class CaseClosed(ValidationError):
    """The case is not open: nothing was changed.

    A ``ValidationError``, so a form that calls a service shows it as its error; a
    page that refuses up front lets it reach the middleware, which shows it on the
    case page (``case_id``).
    """

    def __init__(self, case_id: uuid.UUID, message: str) -> None:
        super().__init__(message, code="case_closed")
        self.case_id = case_id


def closed_message(status: str) -> str:
    if status == Case.Status.SHREDDED:
        return _("Ce dossier a été détruit : il ne peut plus être modifié.")
    return _("Le dossier est clos : rouvrez-le pour le modifier.")


def case_require_open(case: Case) -> None:
    """Refuse (``CaseClosed``) unless ``case`` is open, as the database has it now.

    Inside a transaction the case row is locked, so a closure committing meanwhile is
    waited for and seen: a change never lands on a case closed under it.
    """
    rows = Case.objects.filter(pk=case.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    status = rows.values_list("status", flat=True).first()
    if status != Case.Status.OPEN:
        raise CaseClosed(case.pk, closed_message(status or Case.Status.SHREDDED))
