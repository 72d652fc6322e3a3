"""Legal and internal deadlines of a case, on the French working-day calendar.

Pure functions, no model and no database: the case workflow passes dates in and gets
``Deadline`` objects (due date + the rule it comes from) or ``Violation`` lists back.

Counting conventions (one place, so that every deadline counts the same way):

* A period runs from the day *after* its starting event: the day of receipt, of the request
  or of the acknowledgement does not count (code de procédure civile art. 641 al. 1; for the
  EU text, règlement (CEE, Euratom) n° 1182/71 art. 3 §1). A period of N working days
  therefore ends on the N-th working day after the event, and the act is on time if it is
  done on that day.
* "Jours ouvrés" are Monday to Friday minus French public holidays, taken from the
  ``holidays`` library (never a hand-typed list), plus Good Friday and 26 December for
  entities in Alsace-Moselle (départements 57, 67, 68: code du travail L3134-13; Good
  Friday is there limited to communes with a Protestant or mixed church, but the library,
  like common practice, applies it to the whole of the three départements, and so does
  Recueil).
* A period in months ends on the same day-of-month, or on the last day of the month when
  that day does not exist (code de procédure civile art. 641 al. 2): 31 January + 1 month is
  28 (or 29) February.
* A due date that falls on a week-end or holiday is NOT pushed to the next working day
  (unlike code de procédure civile art. 642 for court deadlines): the décret and the CNIL
  set maximum durations, and Recueil keeps the strict date so that meeting it always meets
  the law.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

__all__ = [
    "ACKNOWLEDGEMENT",
    "ARTICLE40",
    "DECISION",
    "DISCIPLINARY_SUMMONS",
    "ENQUIRY",
    "FEEDBACK",
    "FILE_ACCESS",
    "LEGAL_HOLD_REVIEW",
    "MEETING",
    "RETENTION_NO_FOLLOW_UP",
    "RULES",
    "SUSPENSION_CIVIL",
    "SUSPENSION_CONTRACT",
    "SUSPENSION_MONTHS",
    "TRIAGE",
    "Deadline",
    "DeadlineRule",
    "DeadlineStatus",
    "RuleKind",
    "Violation",
    "acknowledgement_deadline",
    "add_months",
    "add_working_days",
    "check_disciplinary_hearing",
    "disciplinary_summons_deadline",
    "enquiry_deadline",
    "feedback_deadline",
    "file_access_deadline",
    "get_rule",
    "is_working_day",
    "meeting_deadline",
    "retention_deadline",
    "triage_deadline",
]

# --- Calendar -------------------------------------------------------------------------------

# The `holidays` library knows Alsace ("6AE", départements 67 and 68) and Moselle ("57") as
# two subdivisions with the same two extra days (Vendredi saint, Saint-Étienne). Recueil has
# one flag for both, so it takes the union: the result stays right if the library ever
# splits them.
_ALSACE_MOSELLE_SUBDIVISIONS = ("57", "6AE")

# Lundi de Pentecôte: the library counts it as a holiday (re-added by loi n° 2008-351), and so
# does Recueil. It is a public holiday in law (code du travail L3133-1); the "journée de
# solidarité" (L3133-7) may be worked on it, but that is an employer-by-employer arrangement
# a national deadline cannot depend on, and the décret's "jours ouvrés" do not carve it out.


@lru_cache(maxsize=512)
def _holiday_dates(year: int, alsace_moselle: bool) -> frozenset[dt.date]:
    """Public holidays of one year for one variant, built once per (year, variant).

    Working-day loops ask for the same one or two years thousands of times on an inbox page;
    building a ``holidays`` object is the slow part, a frozenset lookup is not. A year is the
    unit of the cache because a deadline spans at most two of them.
    """
    dates = set(holidays.country_holidays("FR", years=year).keys())
    if alsace_moselle:
        for subdivision in _ALSACE_MOSELLE_SUBDIVISIONS:
            dates.update(holidays.country_holidays("FR", subdiv=subdivision, years=year).keys())
    return frozenset(dates)


def is_working_day(day: dt.date, *, alsace_moselle: bool = False) -> bool:
    """True for a "jour ouvré": Monday to Friday and not a French public holiday."""
    return day.weekday() < 5 and day not in _holiday_dates(day.year, alsace_moselle)


def add_working_days(start: dt.date, days: int, *, alsace_moselle: bool = False) -> dt.date:
    """The ``days``-th working day after ``start``; ``start`` itself never counts.

    Decree n° 2022-1284 art. 4 counts "sept jours ouvrés à compter de cette réception": the day
    of the event is excluded (code de procédure civile art. 641; règlement n° 1182/71 art. 3),
    so a report received on a Wednesday is counted from Thursday, whatever the hour. Zero days
    returns ``start`` unchanged.
    """
    if days < 0:
        raise ValueError("days must be zero or positive")
    return _add_working_days(start, days, alsace_moselle)


@lru_cache(maxsize=4096)
def _add_working_days(start: dt.date, days: int, alsace_moselle: bool) -> dt.date:
    # Cached: an inbox recomputes the same few (date, period) pairs for many cases.
    day = start
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day, alsace_moselle=alsace_moselle):
            remaining -= 1
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` plus calendar months, clamped to the end of the month (CPC art. 641 al. 2)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    next_month = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(start.day, last_day))


# --- Rules ----------------------------------------------------------------------------------


class RuleKind(enum.StrEnum):
    LEGAL = "legal"  # set by a statute, decree or CNIL referential: never configurable
    INTERNAL = "internal"  # Recueil's own service level, configurable per deployment


@dataclass(frozen=True)
class DeadlineRule:
    """Where a deadline comes from. Two rules are the same rule when their codes are equal."""

    code: str
    label: StrPromise = field(compare=False)
    # Legal citations stay in French (they name French texts); internal rules are prose.
    source: str | StrPromise = field(compare=False)
    kind: RuleKind = field(compare=False)


ACKNOWLEDGEMENT = DeadlineRule(
    code="acknowledgement",
    label=_("Accusé de réception écrit du signalement"),
    source=(
        "Décret n° 2022-1284 du 3 octobre 2022, art. 4 (loi n° 2016-1691 art. 8, "
        "modifiée par la loi n° 2022-401) ; directive (UE) 2019/1937, art. 9"
    ),
    kind=RuleKind.LEGAL,
)
MEETING = DeadlineRule(
    code="meeting",
    label=_("Rencontre ou visioconférence demandée par l'auteur du signalement"),
    source="Décret n° 2022-1284 du 3 octobre 2022, art. 4",
    kind=RuleKind.LEGAL,
)
FEEDBACK = DeadlineRule(
    code="feedback",
    label=_("Information écrite de l'auteur du signalement sur les suites données"),
    source="Décret n° 2022-1284 du 3 octobre 2022, art. 4 ; directive (UE) 2019/1937, art. 9",
    kind=RuleKind.LEGAL,
)
DISCIPLINARY_SUMMONS = DeadlineRule(
    code="disciplinary_summons",
    label=_("Convocation devant la section disciplinaire"),
    source="Code de l'éducation, art. R. 811-31",
    kind=RuleKind.LEGAL,
)
FILE_ACCESS = DeadlineRule(
    code="file_access",
    label=_("Consultation du dossier avant la séance disciplinaire"),
    source="Code de l'éducation, art. R. 811-31",
    kind=RuleKind.LEGAL,
)
# Staff: each status its own texts, not the students' (issue #15).
STAFF_CIVIL_SUMMONS = DeadlineRule(
    code="staff_civil_summons",
    label=_("Convocation devant le conseil de discipline (fonctionnaire)"),
    source="Décret n° 84-961 du 25 octobre 1984, art. 4",
    kind=RuleKind.LEGAL,
)
STAFF_CIVIL_FILE_ACCESS = DeadlineRule(
    code="staff_civil_file_access",
    label=_("Communication intégrale du dossier avant la séance (fonctionnaire)"),
    source="Code général de la fonction publique, art. L532-4",
    kind=RuleKind.LEGAL,
)
STAFF_CONTRACT_SUMMONS = DeadlineRule(
    code="staff_contract_summons",
    label=_(
        "Information de l'agent contractuel de ses droits avant la commission consultative "
        "paritaire"
    ),
    source="Décret n° 86-83 du 17 janvier 1986, art. 44",
    kind=RuleKind.LEGAL,
)
RETENTION_NO_FOLLOW_UP = DeadlineRule(
    code="retention_no_follow_up",
    label=_("Suppression ou anonymisation d'un signalement sans suite"),
    source=(
        "CNIL, délibération n° 2019-139 du 18 juillet 2019 (référentiel alertes "
        "professionnelles), mise à jour par la délibération n° 2023-064"
    ),
    kind=RuleKind.LEGAL,
)
TRIAGE = DeadlineRule(
    code="triage",
    label=_("Qualification du signalement par un·e référent·e"),
    # The number of days is the RECUEIL_TRIAGE_DAYS setting.
    source=_("Délai interne fixé par l'établissement (jours ouvrés)"),
    kind=RuleKind.INTERNAL,
)
URGENT_TRIAGE = DeadlineRule(
    code="urgent_triage",
    label=_("Premier examen d'un signalement urgent"),
    # Danger grave et immédiat or facts still going on: RECUEIL_URGENT_TRIAGE_HOURS hours.
    source=_("Délai interne fixé par l'établissement (heures)"),
    kind=RuleKind.INTERNAL,
)
ENQUIRY = DeadlineRule(
    code="enquiry",
    label=_("Remise du rapport d'enquête interne"),
    # The number of weeks is the RECUEIL_ENQUIRY_WEEKS setting.
    source=_("Délai interne fixé par l'établissement (semaines calendaires)"),
    kind=RuleKind.INTERNAL,
)

ARTICLE40 = DeadlineRule(
    code="article40",
    label=_("Transmission au procureur de la République (« sans délai »)"),
    # The internal number of days is the RECUEIL_ARTICLE40_DAYS setting.
    source=_(
        "Code de procédure pénale, art. 40 ; délai interne fixé par l'établissement (jours ouvrés)"
    ),
    kind=RuleKind.INTERNAL,
)
DECISION = DeadlineRule(
    code="decision",
    label=_("Décision de la direction après l'enquête"),
    # The number of days is the RECUEIL_DECISION_DAYS setting.
    source=_("Délai interne fixé par l'établissement (jours ouvrés)"),
    kind=RuleKind.INTERNAL,
)
# Precautionary suspension of staff implicated: its situation settled within 4 months.
SUSPENSION_CIVIL = DeadlineRule(
    code="suspension_civil",
    label=_("Fin de la suspension conservatoire (fonctionnaire, 4 mois)"),
    source="Code général de la fonction publique, art. L531-1",
    kind=RuleKind.LEGAL,
)
SUSPENSION_CONTRACT = DeadlineRule(
    code="suspension_contract",
    label=_("Fin de la suspension conservatoire (agent contractuel, 4 mois)"),
    source="Décret n° 86-83 du 17 janvier 1986, art. 43",
    kind=RuleKind.LEGAL,
)
# A legal hold suspends a case's retention (retention/services.py): it is reviewed on the
# date its author set, and the deadline sweep reminds them then.
LEGAL_HOLD_REVIEW = DeadlineRule(
    code="legal_hold_review",
    label=_("Réexamen de la suspension de la durée de conservation (gel)"),
    source=_("Date de réexamen fixée par la direction ou la direction juridique"),
    kind=RuleKind.INTERNAL,
)

# Every rule a case deadline can carry, legal and internal: the one registry.
RULES: Mapping[str, DeadlineRule] = MappingProxyType(
    {
        rule.code: rule
        for rule in (
            ACKNOWLEDGEMENT,
            MEETING,
            FEEDBACK,
            DISCIPLINARY_SUMMONS,
            FILE_ACCESS,
            RETENTION_NO_FOLLOW_UP,
            TRIAGE,
            URGENT_TRIAGE,
            ENQUIRY,
            ARTICLE40,
            DECISION,
            SUSPENSION_CIVIL,
            SUSPENSION_CONTRACT,
            LEGAL_HOLD_REVIEW,
            STAFF_CIVIL_SUMMONS,
            STAFF_CIVIL_FILE_ACCESS,
            STAFF_CONTRACT_SUMMONS,
        )
    }
)


def get_rule(code: str) -> DeadlineRule:
    """The rule registered under ``code``; ``KeyError`` for an unknown code."""
    return RULES[code]


# Periods fixed by the texts. Internal periods are read from settings at call time.
ACKNOWLEDGEMENT_WORKING_DAYS = 7  # décret 2022-1284 art. 4: "sept jours ouvrés"
MEETING_WORKING_DAYS = 20  # décret 2022-1284 art. 4: "au plus tard vingt jours ouvrés"
FEEDBACK_MONTHS = 3  # décret 2022-1284 art. 4: "n'excédant pas trois mois"
SUMMONS_MIN_DAYS = 15  # code de l'éducation R.811-31: "quinze jours au moins avant"
FILE_ACCESS_MIN_DAYS = 10  # R.811-31: "période débutant au moins dix jours avant"
# Décret 84-961 art. 4: "convoqué par le président du conseil de discipline quinze jours au
# moins avant la date de réunion, par lettre recommandée avec demande d'avis de réception".
STAFF_CIVIL_SUMMONS_MIN_DAYS = 15
# Décret 86-83 art. 44 gives the contract agent the whole file and defenders of their
# choice before any sanction; the arrêtés instituting the commissions consultatives
# paritaires require the agent informed of these rights at least 15 days before the
# meeting (docs/LEGAL_RULES.md, "to verify").
STAFF_CONTRACT_SUMMONS_MIN_DAYS = 15
RETENTION_NO_FOLLOW_UP_MONTHS = 2  # CNIL référentiel: "dans un délai de deux mois"
SUSPENSION_MONTHS = 4  # CGFP L531-1 ; décret 86-83 art. 43: "dans un délai de quatre mois"


# --- Deadlines ------------------------------------------------------------------------------

DeadlineStatus = Literal["ok", "soon", "overdue"]


@dataclass(frozen=True)
class Deadline:
    """A due date and the rule it comes from; ``start`` is the date the period runs from.

    For the disciplinary notices the period runs backwards from the hearing, so ``start`` is
    the hearing and ``due`` the last day on which the act is still in time.
    """

    rule: DeadlineRule
    due: dt.date
    start: dt.date

    def days_left(self, today: dt.date) -> int:
        """Calendar days until ``due``: 0 on the due date, negative once overdue."""
        return (self.due - today).days

    def is_overdue(self, today: dt.date) -> bool:
        # The due date itself is still in time (the period ends at midnight of that day).
        return today > self.due

    def status(self, today: dt.date, *, warn_days: int = 3) -> DeadlineStatus:
        """ "overdue" after ``due``, "soon" within ``warn_days`` calendar days, else "ok"."""
        left = self.days_left(today)
        if left < 0:
            return "overdue"
        if left <= warn_days:
            return "soon"
        return "ok"


def acknowledgement_deadline(received_on: dt.date, *, alsace_moselle: bool = False) -> Deadline:
    """Written acknowledgement within 7 working days of receipt (décret 2022-1284 art. 4)."""
    due = add_working_days(received_on, ACKNOWLEDGEMENT_WORKING_DAYS, alsace_moselle=alsace_moselle)
    return Deadline(rule=ACKNOWLEDGEMENT, due=due, start=received_on)


def meeting_deadline(requested_on: dt.date, *, alsace_moselle: bool = False) -> Deadline:
    """Meeting or video call at the latest 20 working days after the request (same article)."""
    due = add_working_days(requested_on, MEETING_WORKING_DAYS, alsace_moselle=alsace_moselle)
    return Deadline(rule=MEETING, due=due, start=requested_on)


def feedback_deadline(
    *, acknowledged_on: dt.date | None, received_on: dt.date, alsace_moselle: bool = False
) -> Deadline:
    """Written feedback within 3 months (décret 2022-1284 art. 4; directive 2019/1937 art. 9).

    The text counts from the acknowledgement or, when none was sent, from the end of the
    7-working-day acknowledgement period. A *late* acknowledgement does not buy extra time:
    Recueil counts from the earlier of the two starts, so that a breach of the first deadline
    never pushes the second one back.
    """
    if acknowledged_on is not None and acknowledged_on < received_on:
        raise ValueError("a report cannot be acknowledged before it is received")
    ack_period_end = acknowledgement_deadline(received_on, alsace_moselle=alsace_moselle).due
    if acknowledged_on is None or acknowledged_on > ack_period_end:
        start = ack_period_end
    else:
        start = acknowledged_on
    return Deadline(rule=FEEDBACK, due=add_months(start, FEEDBACK_MONTHS), start=start)


def _positive_int_setting(name: str) -> int:
    # Read at call time so that override_settings and per-deployment values apply at once.
    value = getattr(settings, name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ImproperlyConfigured(f"{name} must be a positive integer, not {value!r}")
    return value


def triage_deadline(created_on: dt.date, *, alsace_moselle: bool = False) -> Deadline:
    """Internal: a referent qualifies a new case within RECUEIL_TRIAGE_DAYS working days."""
    days = _positive_int_setting("RECUEIL_TRIAGE_DAYS")
    due = add_working_days(created_on, days, alsace_moselle=alsace_moselle)
    return Deadline(rule=TRIAGE, due=due, start=created_on)


def enquiry_deadline(opened_on: dt.date) -> Deadline:
    """Internal: the enquiry report is due RECUEIL_ENQUIRY_WEEKS calendar weeks after opening."""
    weeks = _positive_int_setting("RECUEIL_ENQUIRY_WEEKS")
    return Deadline(rule=ENQUIRY, due=opened_on + dt.timedelta(weeks=weeks), start=opened_on)


def retention_deadline(verification_ended_on: dt.date) -> Deadline:
    """Without disciplinary or judicial follow-up, delete or anonymise within 2 months of the
    end of verification (CNIL référentiel alertes professionnelles, délib. 2019-139/2023-064).
    """
    due = add_months(verification_ended_on, RETENTION_NO_FOLLOW_UP_MONTHS)
    return Deadline(rule=RETENTION_NO_FOLLOW_UP, due=due, start=verification_ended_on)


def disciplinary_summons_deadline(*, hearing_on: dt.date) -> Deadline:
    """Last day to summon a student: 15 days before the hearing (code de l'éducation R.811-31)."""
    due = hearing_on - dt.timedelta(days=SUMMONS_MIN_DAYS)
    return Deadline(rule=DISCIPLINARY_SUMMONS, due=due, start=hearing_on)


def file_access_deadline(*, hearing_on: dt.date) -> Deadline:
    """Last day to open the file for consultation: 10 days before the hearing (R.811-31)."""
    due = hearing_on - dt.timedelta(days=FILE_ACCESS_MIN_DAYS)
    return Deadline(rule=FILE_ACCESS, due=due, start=hearing_on)


# --- Blocking checks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """A legal rule an intended step would break; the step must not go ahead."""

    rule: DeadlineRule
    message: str


def _fr(day: dt.date) -> str:
    """A date in the interface language's own format (never a hand-written pattern)."""
    return date_format(day, "DATE_FORMAT")


def _short_notice(*, on: dt.date, hearing_on: dt.date, minimum: int) -> dict[str, object] | None:
    """Message values when ``on`` is less than ``minimum`` days before the hearing, else None."""
    notice = (hearing_on - on).days
    if notice >= minimum:
        return None
    if notice > 0:
        timing = gettext("soit %(days)s jour(s) avant") % {"days": notice}
    elif notice == 0:
        timing = gettext("soit le jour même de la séance")
    else:
        timing = gettext("soit après la séance")
    return {
        "on": _fr(on),
        "hearing": _fr(hearing_on),
        "timing": timing,
        "minimum": minimum,
        "earliest": _fr(on + dt.timedelta(days=minimum)),
    }


def check_disciplinary_hearing(
    *,
    summons_sent_on: dt.date,
    file_open_from: dt.date,
    hearing_on: dt.date,
    summons_received_on: dt.date | None = None,
) -> list[Violation]:
    """Reasons why a student disciplinary hearing may not be held on ``hearing_on``.

    Code de l'éducation R.811-31: the person is summoned "quinze jours au moins avant la date
    de la séance" and may consult the file "pendant une période débutant au moins dix jours
    avant la date de la séance". Days are calendar days and the day of the summons does not
    count (CPC art. 641): a summons sent on the 1st allows a hearing on the 16th at the
    earliest. The summons must actually reach the person in time (TA Montreuil,
    1er décembre 2022, n° 2212719, annulled a sanction after a postal failure), so when the
    delivery date is known it is checked too.

    Returns an empty list when the hearing may be held. It does not raise, so that the caller
    can show every reason at once and refuse the step.
    """
    violations: list[Violation] = []
    summons_dates = [(summons_sent_on, gettext("envoyée"))]
    if summons_received_on is not None:
        summons_dates.append((summons_received_on, gettext("reçue")))
    for on, how in summons_dates:
        values = _short_notice(on=on, hearing_on=hearing_on, minimum=SUMMONS_MIN_DAYS)
        if values is not None:
            message = gettext(
                "Convocation %(how)s le %(on)s pour la séance disciplinaire du %(hearing)s, "
                "%(timing)s : l'article R. 811-31 du code de l'éducation "
                "impose de convoquer la personne poursuivie au moins %(minimum)s jours avant la "
                "séance. La séance ne peut pas se tenir avant le %(earliest)s."
            )
            violations.append(
                Violation(rule=DISCIPLINARY_SUMMONS, message=message % {**values, "how": how})
            )
    values = _short_notice(on=file_open_from, hearing_on=hearing_on, minimum=FILE_ACCESS_MIN_DAYS)
    if values is not None:
        message = gettext(
            "Dossier consultable à partir du %(on)s pour la séance disciplinaire du %(hearing)s, "
            "%(timing)s : l'article R. 811-31 du code de l'éducation impose que "
            "la personne poursuivie ou son conseil puisse consulter le dossier au moins "
            "%(minimum)s jours avant la séance. La séance ne peut pas se tenir avant le "
            "%(earliest)s."
        )
        violations.append(Violation(rule=FILE_ACCESS, message=message % values))
    return violations


# --- Staff: each status its own notice periods -----------------------------------------------


def check_staff_hearing(
    *,
    status: str,
    summons_sent_on: dt.date,
    file_open_from: dt.date,
    hearing_on: dt.date,
) -> list[Violation]:
    """Reasons why a staff member's disciplinary body may not sit on ``hearing_on``.

    ``status``: ``staff_civil`` (civil servant: conseil de discipline, décret n° 84-961
    art. 4, 15 days; the whole file consultable before the sitting, CGFP L532-4) or
    ``staff_contract`` (State contract staff: commission consultative paritaire, décret
    n° 86-83 art. 44). Calendar days, the day of the summons not counted (CPC art. 641),
    as for students. Any other status: no rule here (``[]``).
    """
    violations: list[Violation] = []
    if status == "staff_civil":
        values = _short_notice(
            on=summons_sent_on, hearing_on=hearing_on, minimum=STAFF_CIVIL_SUMMONS_MIN_DAYS
        )
        if values is not None:
            message = gettext(
                "Convocation envoyée le %(on)s pour le conseil de discipline du %(hearing)s, "
                "%(timing)s : l'article 4 du décret n° 84-961 du 25 octobre 1984 impose de "
                "convoquer le fonctionnaire au moins %(minimum)s jours avant la réunion. Le "
                "conseil ne peut pas se réunir avant le %(earliest)s."
            )
            violations.append(Violation(rule=STAFF_CIVIL_SUMMONS, message=message % values))
        if file_open_from >= hearing_on:
            message = gettext(
                "Dossier consultable à partir du %(on)s seulement, pour le conseil de discipline "
                "du %(hearing)s : le fonctionnaire a droit à la communication intégrale de son "
                "dossier avant la séance (code général de la fonction publique, art. L532-4)."
            )
            violations.append(
                Violation(
                    rule=STAFF_CIVIL_FILE_ACCESS,
                    message=message % {"on": _fr(file_open_from), "hearing": _fr(hearing_on)},
                )
            )
    elif status == "staff_contract":
        values = _short_notice(
            on=summons_sent_on, hearing_on=hearing_on, minimum=STAFF_CONTRACT_SUMMONS_MIN_DAYS
        )
        if values is not None:
            message = gettext(
                "Information de l'agent le %(on)s pour la commission consultative paritaire du "
                "%(hearing)s, %(timing)s : l'agent contractuel doit être informé de son droit à "
                "la communication intégrale de son dossier et à l'assistance de défenseurs "
                "(décret n° 86-83 du 17 janvier 1986, art. 44) au moins %(minimum)s jours avant "
                "la réunion. La commission ne peut pas se réunir avant le %(earliest)s."
            )
            violations.append(Violation(rule=STAFF_CONTRACT_SUMMONS, message=message % values))
    return violations
