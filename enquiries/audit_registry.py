"""django-auditlog for the enquiry models, masked the way ``cases.audit_registry`` masks.

Encrypted text and JSON fields are replaced by a constant, encrypted files are left
out of the diff; ``cases.audit_registry`` chains every LogEntry into the audit trail
(its ``post_log`` receiver is registered once for all models).
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.db import models

from cases.crypto.fields import EncryptedBinaryField, EncryptedField
from enquiries import models as m


def _register(model: type[models.Model]) -> None:
    encrypted = [f for f in model._meta.fields if isinstance(f, EncryptedField)]
    auditlog.register(
        model,
        mask_fields=[f.name for f in encrypted if not isinstance(f, EncryptedBinaryField)],
        mask_callable="cases.audit_registry.mask",
        exclude_fields=[f.name for f in encrypted if isinstance(f, EncryptedBinaryField)],
    )


def register_models() -> None:
    for model in (
        m.InvestigatorProfile,
        m.Enquiry,
        m.CommissionAppointment,
        m.CommissionMember,
        m.Interview,
        m.ConfidentialityCommitment,
        m.RecordingAuthorisation,
        m.Minutes,
        m.EnquiryAttachment,
        m.EnquiryReport,
    ):
        _register(model)
