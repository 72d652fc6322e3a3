"""Retention rules: how long a case or a listening record is kept, and the text behind it.

One registry (``RULES``), like ``workflows.deadlines.RULES``: every stored retention date
carries the code of the rule it comes from, and the pages show the rule's plain-French
statement and source. The periods an establishment may choose are settings, bounded by
the texts; ``retention.checks`` refuses a value beyond the bound at start-up.

Source for the case rules: CNIL, délibération n° 2023-064 du 6 juillet 2023 portant
adoption d'un référentiel relatif aux traitements de données à caractère personnel
destinés à la mise en œuvre d'un dispositif d'alertes professionnelles (JORF du
21 juillet 2023), replacing délibération n° 2019-139; its retention section says:
a report found outside the scope of the system is destroyed or anonymised without delay;
when it is followed by no disciplinary or judicial procedure, its data are destroyed or
anonymised within two months of the end of the verifications; when a disciplinary or
judicial procedure is brought, they are kept until that procedure ends and the time
limits for appeals against the decision have run.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

CNIL_2023_064 = (
    "CNIL, délibération n° 2023-064 du 6 juillet 2023 (référentiel « dispositifs "
    "d'alerte professionnelle »), durées de conservation"
)


class Subject(enum.StrEnum):
    CASE = "case"
    CONTACT = "contact"
    SUBJECT_REQUEST = "subject_request"


@dataclass(frozen=True)
class Bound:
    """A period an establishment may set, in months, with the legal maximum."""

    setting: str
    maximum: int
    minimum: int = 0


@dataclass(frozen=True)
class RetentionRule:
    code: str
    subject: Subject
    # What happens, in plain French, as the case page says it.
    label: StrPromise = field(compare=False)
    source: str | StrPromise = field(compare=False)
    bound: Bound | None = field(default=None, compare=False)
    # False when the date waits for the procedure's end, recorded by a person.
    dated: bool = field(default=True, compare=False)
    # True when the period was chosen by Recueil and still awaits a legal reading.
    to_confirm: bool = field(default=False, compare=False)


OUT_OF_SCOPE = RetentionRule(
    code="out_of_scope",
    subject=Subject.CASE,
    label=_("Signalement hors du champ du dispositif : anonymisé sans délai après la clôture."),
    source=CNIL_2023_064,
)
NO_FOLLOW_UP = RetentionRule(
    code="no_follow_up",
    subject=Subject.CASE,
    label=_(
        "Dossier clos sans suite disciplinaire ni judiciaire : anonymisé au plus tard deux mois "
        "après la fin des vérifications (la clôture)."
    ),
    source=CNIL_2023_064,
    bound=Bound(setting="RECUEIL_RETENTION_NO_FOLLOW_UP_MONTHS", maximum=2),
)
DISCIPLINARY = RetentionRule(
    code="disciplinary",
    subject=Subject.CASE,
    label=_(
        "Suite disciplinaire : conservé jusqu'au terme de la procédure et l'expiration du délai "
        "de recours contre la dernière décision (deux mois, code de justice administrative, "
        "art. R. 421-1)."
    ),
    source=CNIL_2023_064,
)
DISCIPLINARY_PENDING = RetentionRule(
    code="disciplinary_pending",
    subject=Subject.CASE,
    label=_(
        "Suite disciplinaire engagée sans décision enregistrée : conservé jusqu'au terme de "
        "la procédure, recours compris, date enregistrée par la direction ou la direction "
        "juridique."
    ),
    source=CNIL_2023_064,
    dated=False,
)
JUDICIAL = RetentionRule(
    code="judicial",
    subject=Subject.CASE,
    label=_(
        "Suite judiciaire (article 40) : conservé jusqu'au terme de la procédure judiciaire, "
        "recours compris ; la direction ou la direction juridique enregistre la date de la "
        "décision définitive."
    ),
    source=CNIL_2023_064,
    dated=False,
)
LISTENING = RetentionRule(
    code="listening",
    subject=Subject.CONTACT,
    label=_(
        "Fiche d'écoute non transmise : anonymisée deux mois après le dernier échange "
        "(à confirmer avec le délégué à la protection des données)."
    ),
    # No text fixes it: Recueil applies the référentiel's period for a report with no
    # follow-up, counted from the last exchange — to confirm with the DPO.
    source=f"Par analogie : {CNIL_2023_064} (à confirmer)",
    bound=Bound(setting="RECUEIL_RETENTION_LISTENING_MONTHS", maximum=2),
    to_confirm=True,
)

# A data-subject request (RGPD art. 15 to 21) is a record of the legal directorate, not a
# case: no text found fixes how long it is kept (searched 30 November 2026, see
# docs/LEGAL_RULES.md). What the record is for once answered: to show, on a complaint or a
# CNIL inspection, that the request was answered lawfully and in time (RGPD art. 5.2, the
# controller must be able to demonstrate compliance). The CNIL's guidance on retention
# periods allows keeping data past their purpose in intermediate archive "for an eventual
# litigation"; it fixes no period for these records. The dates, the right exercised and the
# outcome stay in clear after anonymisation (and the audit trail), so only who asked, what,
# the answer's text and the export become unreadable. Default 24 months after closure, a
# deployment may choose 12 to 60 (the five years of the common civil limitation, code
# civil art. 2224, as the upper bound) — all of it to confirm by the legal directorate.
SUBJECT_REQUEST = RetentionRule(
    code="subject_request",
    subject=Subject.SUBJECT_REQUEST,
    label=_(
        "Demande d'exercice de droits close : l'identité de la personne, l'objet de la "
        "demande, la réponse et l'export sont rendus illisibles à l'issue de la durée fixée "
        "par l'établissement après la clôture (entre un et cinq ans), le temps de pouvoir "
        "justifier de la réponse ; restent le droit exercé, les dates et la suite donnée "
        "(à confirmer par la direction juridique)."
    ),
    source=(
        "RGPD, art. 5.1.e (limitation de la conservation) et 5.2 (responsabilité) ; CNIL, "
        "« Les durées de conservation des données » (archivage intermédiaire pour un "
        "éventuel contentieux) ; aucune durée fixée par un texte : à confirmer"
    ),
    bound=Bound(setting="RECUEIL_RETENTION_SUBJECT_REQUEST_MONTHS", maximum=60, minimum=12),
    to_confirm=True,
)

RULES: Mapping[str, RetentionRule] = MappingProxyType(
    {
        rule.code: rule
        for rule in (
            OUT_OF_SCOPE,
            NO_FOLLOW_UP,
            DISCIPLINARY,
            DISCIPLINARY_PENDING,
            JUDICIAL,
            LISTENING,
            SUBJECT_REQUEST,
        )
    }
)


def get_rule(code: str) -> RetentionRule:
    return RULES[code]
