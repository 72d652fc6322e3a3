"""Letters of the internal enquiry: opening, commission, interviews, minutes, report."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.models import Role
from templates_legal.kinds.base import Addressee, LetterKind
from templates_legal.kinds.glossary import (
    LETTERHEAD,
    LETTERHEAD_OPTIONAL,
    SIGNED,
    TO_A_PERSON,
    TO_A_PERSON_OPTIONAL,
    context,
)

KINDS: tuple[LetterKind, ...] = (
    LetterKind(
        code="enquiry_opening",
        label=_("Décision d'ouverture d'une enquête administrative interne"),
        addressee=Addressee.CASE_FILE,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value,),
        placeholders=context(
            *LETTERHEAD,
            "report_received_date",
            "facts_categories",
            "report_due_date",
            *SIGNED,
            optional=LETTERHEAD_OPTIONAL,
        ),
        legal_basis="code général de la fonction publique, L. 135-1 à L. 135-6 ; "
        "décret n° 2020-256 ; décret n° 2022-1284",
    ),
    LetterKind(
        code="commission_appointment",
        label=_("Désignation de la commission d'enquête"),
        addressee=Addressee.INVESTIGATOR,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value,),
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "enquiry_opening_date",
            "investigators_names",
            "facts_categories",
            "report_due_date",
            *SIGNED,
            optional=(*LETTERHEAD_OPTIONAL, "recipient_salutation"),
        ),
        legal_basis="décret n° 2020-256 ; loi n° 2016-1691, art. 9",
    ),
    LetterKind(
        code="interview_summons",
        label=_("Convocation à un entretien"),
        addressee=Addressee.INTERVIEWEE,
        needs_signature=True,
        signatory_roles=(Role.INVESTIGATOR.value, Role.REFERENT.value, Role.LEGAL.value),
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "recipient_capacity",
            "right_to_remain_silent",
            "interview_date",
            "interview_time",
            "interview_place",
            "interviewers_names",
            *SIGNED,
            optional=(*LETTERHEAD_OPTIONAL, *TO_A_PERSON_OPTIONAL, "contact_email"),
        ),
        legal_basis="Cons. const. n° 2024-1105 QPC ; CE, 9 mai 2025, n° 499277 ; "
        "directive (UE) 2019/1937, art. 18",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="confidentiality_commitment",
        label=_("Engagement de confidentialité"),
        addressee=Addressee.INTERVIEWEE,
        needs_signature=True,
        signatory_roles=(),
        addressee_signs=True,
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "recipient_capacity",
            optional=LETTERHEAD_OPTIONAL,
        ),
        legal_basis="loi n° 2016-1691, art. 9 ; code général de la fonction publique, L. 135-3",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="recording_authorisation",
        label=_("Autorisation d'enregistrement d'un entretien"),
        addressee=Addressee.INTERVIEWEE,
        needs_signature=True,
        signatory_roles=(),
        addressee_signs=True,
        placeholders=context(
            *LETTERHEAD,
            *TO_A_PERSON,
            "interview_date",
            "interviewers_names",
            optional=(*LETTERHEAD_OPTIONAL, "recording_retention"),
        ),
        legal_basis="directive (UE) 2019/1937, art. 18 ; règlement (UE) 2016/679",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="interview_minutes",
        label=_("Compte rendu d'entretien"),
        addressee=Addressee.CASE_FILE,
        needs_signature=True,
        signatory_roles=(Role.INVESTIGATOR.value,),
        addressee_signs=True,
        placeholders=context(
            *LETTERHEAD,
            "interview_date",
            "interview_place",
            "interviewee_name",
            "interviewee_capacity",
            "right_to_remain_silent",
            "interviewers_names",
            "minutes_text",
            optional=(*LETTERHEAD_OPTIONAL, "interview_time"),
        ),
        legal_basis="directive (UE) 2019/1937, art. 18 ; Cons. const. n° 2024-1105 QPC",
    ),
    LetterKind(
        code="enquiry_report",
        label=_("Trame du rapport d'enquête"),
        addressee=Addressee.CASE_FILE,
        needs_signature=True,
        signatory_roles=(Role.INVESTIGATOR.value,),
        placeholders=context(
            *LETTERHEAD,
            "report_received_date",
            "enquiry_opening_date",
            "investigators_names",
            "facts_categories",
            optional=LETTERHEAD_OPTIONAL,
        ),
        legal_basis="décret n° 2020-256",
    ),
)
