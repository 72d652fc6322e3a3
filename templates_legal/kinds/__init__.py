"""The letter kinds Recueil generates, and the exact data each one may carry.

A data table, one module per family (``reporting``, ``enquiry``, ``referral``,
``discipline``, ``protection``); the shapes in ``base``, the placeholder descriptions
in ``glossary``.

A kind's *documented context* is the closed list of placeholders its template may
use. It is the confidentiality boundary of a letter: an uploaded template that uses
any other name is refused (``services.template_upload``) and ``rendering.render_docx``
refuses a context holding any other key, so no caller can slip data into a letter
that its addressee may not know. Two consequences, by design:

- letters to the person implicated (charge letter, decision) have no placeholder for
  the reporting person's identity: loi n° 2016-1691 (Sapin II), art. 9 — that
  identity is disclosed only with consent, except to the judicial authority;
- the Article 40 letter, to the procureur de la République, carries the full facts and
  both identities: code de procédure pénale, art. 40 (the official passes on "tous les
  renseignements, procès-verbaux et actes qui y sont relatifs").

Values are plain text (or ``datetime.date``, formatted in the letter's language, or a
boolean for the few ``{% if %}`` switches); never model instances, so a template
cannot walk from a value to other data.
"""

from __future__ import annotations

from templates_legal.kinds import discipline, enquiry, protection, referral, reporting
from templates_legal.kinds.base import Addressee, LetterKind, Placeholder
from templates_legal.kinds.glossary import GLOSSARY

__all__ = [
    "GLOSSARY",
    "KINDS",
    "KINDS_BY_CODE",
    "Addressee",
    "LetterKind",
    "Placeholder",
    "UnknownLetterKind",
    "letter_kind",
]

_FAMILIES = (reporting, enquiry, referral, discipline, protection)
_ORDER = (
    "acknowledgement",
    "enquiry_opening",
    "commission_appointment",
    "interview_summons",
    "confidentiality_commitment",
    "recording_authorisation",
    "interview_minutes",
    "enquiry_report",
    "article40_referral",
    "disciplinary_summons",
    "staff_charge_civil",
    "staff_charge_contract",
    "disciplinary_decision",
    "interim_feedback",
    "follow_up_information",
    "closing_letter",
    "protection_decision",
)
_ALL = {kind.code: kind for family in _FAMILIES for kind in family.KINDS}
# The order people choose from: the procedure's, then anything a family adds.
KINDS: tuple[LetterKind, ...] = tuple(
    [_ALL[code] for code in _ORDER if code in _ALL]
    + [kind for code, kind in _ALL.items() if code not in _ORDER]
)

KINDS_BY_CODE: dict[str, LetterKind] = {kind.code: kind for kind in KINDS}


class UnknownLetterKind(LookupError):
    pass


def letter_kind(code: str | LetterKind) -> LetterKind:
    if isinstance(code, LetterKind):
        return code
    try:
        return KINDS_BY_CODE[code]
    except KeyError:
        raise UnknownLetterKind(code) from None
