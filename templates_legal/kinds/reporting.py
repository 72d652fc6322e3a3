"""Letters to the person who reported: acknowledgement, information on the follow-up (interim and final), closure (décret n° 2022-1284, art. 4)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from templates_legal.kinds.base import Addressee, LetterKind
from templates_legal.kinds.glossary import (
    INFORMATION_SIGNERS,
    LETTERHEAD,
    LETTERHEAD_OPTIONAL,
    SIGNED,
    TO_A_PERSON,
    TO_A_PERSON_OPTIONAL,
    context,
)

KINDS: tuple[LetterKind, ...] = (
    LetterKind(
        code="acknowledgement",
        label=_("Accusé de réception du signalement"),
        addressee=Addressee.REPORTING_PERSON,
        needs_signature=True,
        signatory_roles=INFORMATION_SIGNERS,
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "report_received_date",
            "feedback_deadline_date",
            *SIGNED,
            optional=(
                *LETTERHEAD_OPTIONAL,
                *TO_A_PERSON_OPTIONAL,
                "contact_email",
                "support_resources",
            ),
        ),
        legal_basis="décret n° 2022-1284, art. 4 ; directive (UE) 2019/1937, art. 9 ; "
        "loi n° 2016-1691, art. 9",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="interim_feedback",
        label=_("Information d'étape de la personne ayant signalé (état d'avancement)"),
        addressee=Addressee.REPORTING_PERSON,
        needs_signature=True,
        signatory_roles=INFORMATION_SIGNERS,
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "report_received_date",
            "progress_summary",
            *SIGNED,
            optional=(
                *LETTERHEAD_OPTIONAL,
                *TO_A_PERSON_OPTIONAL,
                "contact_email",
                "support_resources",
            ),
        ),
        # Feedback within three months, given while the enquiry still runs; what the
        # others' rights allow only (loi n° 2016-1691, art. 9).
        legal_basis="décret n° 2022-1284, art. 4 ; loi n° 2016-1691, art. 9",
    ),
    LetterKind(
        code="follow_up_information",
        label=_("Information finale de la personne ayant signalé sur les suites"),
        addressee=Addressee.REPORTING_PERSON,
        needs_signature=True,
        signatory_roles=INFORMATION_SIGNERS,
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "report_received_date",
            "follow_up_summary",
            *SIGNED,
            optional=(
                *LETTERHEAD_OPTIONAL,
                *TO_A_PERSON_OPTIONAL,
                "contact_email",
                "support_resources",
            ),
        ),
        legal_basis="décret n° 2022-1284, art. 4 ; directive (UE) 2019/1937, art. 9",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="closing_letter",
        label=_("Lettre de clôture"),
        addressee=Addressee.REPORTING_PERSON,
        needs_signature=True,
        signatory_roles=INFORMATION_SIGNERS,
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "report_received_date",
            "closing_reason",
            *SIGNED,
            optional=(
                *LETTERHEAD_OPTIONAL,
                *TO_A_PERSON_OPTIONAL,
                "contact_email",
                "support_resources",
            ),
        ),
        legal_basis="décret n° 2022-1284, art. 4 ; CNIL, délibérations n° 2019-139 et n° 2023-064",
        default_languages=("fr", "en"),
    ),
)
