from enquiries.models.enquiry import (
    CommissionAppointment,
    CommissionMember,
    DecisionAuthority,
    Enquiry,
    EnquiryGrant,
    EnquiryPermission,
    LetterDue,
    LetterStep,
)
from enquiries.models.interviews import (
    ConfidentialityCommitment,
    EnquiryAttachment,
    EnquiryReport,
    Interview,
    Minutes,
    MinutesVersion,
    Recommendation,
    RecordingAuthorisation,
)
from enquiries.models.roster import Gender, InvestigatorProfile

__all__ = [
    "CommissionAppointment",
    "CommissionMember",
    "ConfidentialityCommitment",
    "DecisionAuthority",
    "Enquiry",
    "EnquiryAttachment",
    "EnquiryGrant",
    "EnquiryPermission",
    "EnquiryReport",
    "Gender",
    "Interview",
    "InvestigatorProfile",
    "LetterDue",
    "LetterStep",
    "Minutes",
    "MinutesVersion",
    "Recommendation",
    "RecordingAuthorisation",
]
