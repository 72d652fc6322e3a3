"""Every change of an enquiry goes through one of these functions (atomic, audited)."""

from enquiries.services.access import enquiry_access_grant, enquiry_access_revoke
from enquiries.services.enquiry import (
    commission_appoint,
    commission_dismiss,
    enquiry_conflict_declare,
    enquiry_end,
    enquiry_open,
    enquiry_task_of,
)
from enquiries.services.files import attachment_add, attachment_read
from enquiries.services.interviews import (
    commitment_record,
    commitments_record,
    interview_cancel,
    interview_hold,
    interview_plan,
    recording_authorisation_record,
    witness_add,
)
from enquiries.services.letters import letter_due_draft, letter_due_produced
from enquiries.services.minutes import (
    minutes_read,
    minutes_read_back,
    minutes_refuse,
    minutes_save,
    minutes_sign,
)
from enquiries.services.report import report_read, report_save, report_submit
from enquiries.services.roster import roster_entry_save, roster_for, suggest_pair

__all__ = [
    "attachment_add",
    "attachment_read",
    "commission_appoint",
    "commission_dismiss",
    "commitment_record",
    "commitments_record",
    "enquiry_access_grant",
    "enquiry_access_revoke",
    "enquiry_conflict_declare",
    "enquiry_end",
    "enquiry_open",
    "enquiry_task_of",
    "interview_cancel",
    "interview_hold",
    "interview_plan",
    "letter_due_draft",
    "letter_due_produced",
    "minutes_read",
    "minutes_read_back",
    "minutes_refuse",
    "minutes_save",
    "minutes_sign",
    "recording_authorisation_record",
    "report_read",
    "report_save",
    "report_submit",
    "roster_entry_save",
    "roster_for",
    "suggest_pair",
    "witness_add",
]
