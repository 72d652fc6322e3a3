"""How enquiries plug into the case procedure's ``enquiry`` step (``workflows.hooks``).

Registered by ``EnquiriesConfig.ready``: workflows never imports enquiries.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.models import Case
from enquiries.selectors import commission_members_to_remind, running_enquiry_of
from workflows.hooks import reminder_source_register, step_guard_register
from workflows.steps.enquiry import NAME as ENQUIRY_STEP


def no_summary_while_an_enquiry_runs(case: Case) -> None:
    """While an enquiry runs in Recueil, the commission's report moves the case on, not a summary."""
    if running_enquiry_of(case) is not None:
        raise ValidationError(
            _(
                "Une enquête interne est en cours dans Recueil : c'est la remise du rapport "
                "par la commission qui fera avancer le dossier."
            )
        )


def register() -> None:
    step_guard_register(ENQUIRY_STEP, no_summary_while_an_enquiry_runs)
    # The commission works to the enquiry deadline: its sitting members are reminded too.
    reminder_source_register("enquiry", commission_members_to_remind)
