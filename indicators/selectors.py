"""Anonymised indicators for steering bodies (DOMAIN.md, "Indicators", axe 6).

Per entity and per year: reports by category, by channel and by status of the
person who made contact; listening records kept without hand-over; enquiries
opened; outcomes (triage decisions, direction decisions, Article 40 referrals,
protective measures); accompaniment offered; legal deadlines met.

Every figure is a count over rows that carry no confidential field: nothing here
decrypts anything. Small counts are suppressed so that no person can be singled
out: a count from 1 to ``RECUEIL_INDICATOR_MIN_COUNT - 1`` is shown as "< N", and
when a breakdown would have a single suppressed cell (which its total would give
away), the next smallest cell is suppressed too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Article40Referral,
    Case,
    CaseCategory,
    CaseDeadline,
    Category,
    Contact,
    Entity,
    OutcomeDecision,
    Party,
    ProtectionRequest,
    ProtectiveMeasure,
    Role,
    RoleMembership,
    TriageDecision,
    User,
)
from cases.models.procedure import Channel, ContactKind, Orientation, TriageOutcome

DEADLINE_LABELS = {
    "acknowledgement": _("Accusé de réception (7 jours ouvrés)"),
    "feedback": _("Retour à la personne (3 mois)"),
    "meeting": _("Entretien demandé (20 jours ouvrés)"),
}


def min_count() -> int:
    return int(settings.RECUEIL_INDICATOR_MIN_COUNT)


@dataclass
class Cell:
    label: str
    count: int
    suppressed: bool = False

    @property
    def shown(self) -> str:
        if self.suppressed:
            return f"< {min_count()}"
        return str(self.count)


@dataclass
class Breakdown:
    title: str
    cells: list[Cell]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)


@dataclass
class DeadlineRate:
    label: str
    due: int
    met_in_time: int
    suppressed: bool = False

    @property
    def shown(self) -> str:
        if self.suppressed:
            return f"< {min_count()}"
        return f"{self.met_in_time} / {self.due} ({round(100 * self.met_in_time / self.due)} %)"


@dataclass
class Indicators:
    entity_label: str
    year: int
    reports: Cell
    listening_only: Cell
    breakdowns: list[Breakdown] = field(default_factory=list)
    deadlines: list[DeadlineRate] = field(default_factory=list)


def suppress(cells: list[Cell]) -> list[Cell]:
    """Primary suppression of small counts, then complementary suppression."""
    threshold = min_count()
    for cell in cells:
        cell.suppressed = 0 < cell.count < threshold
    hidden = [c for c in cells if c.suppressed]
    if len(hidden) == 1:
        others = sorted((c for c in cells if not c.suppressed and c.count), key=lambda c: c.count)
        if others:
            others[0].suppressed = True
    return cells


def indicator_entities(user: User) -> list[Entity]:
    """Entities whose indicators ``user`` may read: steering members only.

    Steering at the Direction générale reads every entity and the consolidation;
    steering in a school reads that school.
    """
    steering = RoleMembership.objects.filter(user=user, role=Role.STEERING).select_related("entity")
    entities = {m.entity for m in steering}
    if any(e.kind == Entity.Kind.HEADQUARTERS for e in entities):
        return list(Entity.objects.order_by("name"))
    return sorted(entities, key=lambda e: e.name)


def _cells(counts: Counter[str], labels: Iterable[tuple[str, object]]) -> list[Cell]:
    return suppress([Cell(str(label), counts.get(code, 0)) for code, label in labels])


def indicators(entities: list[Entity], year: int, label: str) -> Indicators:
    """The indicators of ``entities`` (one, or several consolidated) for ``year``."""
    ids = [e.pk for e in entities]
    cases = Case.objects.filter(entity_id__in=ids, created_at__year=year)
    contacts = Contact.objects.filter(entity_id__in=ids, contacted_on__year=year)
    report_count = cases.count()
    reports, listening = (
        suppress([Cell(str(_("Signalements transmis")), report_count)])[0],
        Cell(
            str(_("Fiches d'écoute sans transmission")),
            contacts.filter(case__isnull=True).count(),
        ),
    )
    suppress([listening])

    by_category = Counter(
        dict(
            CaseCategory.objects.filter(case__in=cases)
            .values_list("category__code")
            .annotate(n=Count("id"))
            .values_list("category__code", "n")
        )
    )
    categories = [(c.code, str(c)) for c in Category.objects.order_by("position", "code")]
    # Breakdowns count reports (contacts handed over), whose total is shown anyway:
    # counted over every contact they would sum to reports + listening records and
    # give away a masked listening-record count by difference.
    handed = contacts.filter(case__isnull=False)
    by_channel = Counter(
        dict(handed.values_list("channel").annotate(n=Count("id")).values_list("channel", "n"))
    )
    by_kind = Counter(
        dict(
            handed.values_list("contact_kind")
            .annotate(n=Count("id"))
            .values_list("contact_kind", "n")
        )
    )
    by_status = Counter(
        dict(
            handed.values_list("person_status")
            .annotate(n=Count("id"))
            .values_list("person_status", "n")
        )
    )
    # Disjoint cells (they sum to the reports shown), so complementary suppression holds.
    urgency = Counter(
        {
            "danger": handed.filter(danger=True).count(),
            "ongoing": handed.filter(danger=False, ongoing=True).count(),
            "none": handed.filter(danger=False, ongoing=False).count(),
        }
    )
    triage = Counter(
        code
        for outcomes in TriageDecision.objects.filter(case__in=cases).values_list(
            "outcomes", flat=True
        )
        for code in set(outcomes or [])
    )
    decisions = Counter(
        code
        for outcomes in OutcomeDecision.objects.filter(case__in=cases).values_list(
            "outcomes", flat=True
        )
        for code in set(outcomes or [])
    )
    accompaniment = Counter(
        code
        for orientations in contacts.values_list("orientations", flat=True)
        for code in set(orientations or [])
    )
    actions = Counter(
        {
            "article40_referrals": Article40Referral.objects.filter(case__in=cases).count(),
            "protective_measures": ProtectiveMeasure.objects.filter(case__in=cases).count(),
        }
    )
    result = Indicators(entity_label=label, year=year, reports=reports, listening_only=listening)
    result.breakdowns = [
        Breakdown(str(_("Signalements par catégorie")), _cells(by_category, categories)),
        Breakdown(str(_("Signalements par canal")), _cells(by_channel, Channel.choices)),
        Breakdown(
            str(_("Signalements par qualité de la personne")),
            _cells(by_kind, ContactKind.choices),
        ),
        Breakdown(
            str(_("Signalements par statut de la personne")),
            _cells(by_status, Party.Status.choices),
        ),
        Breakdown(
            str(_("Signalements urgents")),
            _cells(
                urgency,
                [
                    ("danger", _("Danger grave et immédiat")),
                    ("ongoing", _("Faits en cours (sans danger immédiat)")),
                    ("none", _("Sans urgence signalée")),
                ],
            ),
        ),
        Breakdown(str(_("Décisions des référents")), _cells(triage, TriageOutcome.choices)),
        Breakdown(
            str(_("Décisions de la direction")), _cells(decisions, OutcomeDecision.Outcome.choices)
        ),
        Breakdown(
            str(_("Saisines et mesures")),
            _cells(
                actions,
                [
                    ("article40_referrals", _("Signalements au procureur (article 40)")),
                    ("protective_measures", _("Mesures conservatoires")),
                ],
            ),
        ),
        Breakdown(str(_("Accompagnement proposé")), _cells(accompaniment, Orientation.choices)),
        _protection(cases),
    ]
    result.deadlines = _deadlines(cases)
    return result


def _protection(cases: object) -> Breakdown:
    """Protection fonctionnelle requests (CGFP L134-1), by decision: disjoint cells whose
    total is the number of requests, so complementary suppression holds."""
    by_decision = Counter(
        dict(
            ProtectionRequest.objects.filter(case__in=cases)
            .values_list("decision")
            .annotate(n=Count("id"))
            .values_list("decision", "n")
        )
    )
    cells = _cells(by_decision, ProtectionRequest.Decision.choices)
    # The total is shown above its cells; masked when small, as any count.
    total = suppress([Cell(str(_("Demandes reçues")), sum(c.count for c in cells))])
    return Breakdown(str(_("Demandes de protection fonctionnelle")), total + cells)


def _deadlines(cases: object) -> list[DeadlineRate]:
    rows = (
        CaseDeadline.objects.filter(case__in=cases, met_on__isnull=False)
        .values("rule")
        .annotate(due=Count("id"), in_time=Count("id", filter=Q(met_on__lte=F("due_on"))))
    )
    rates = []
    for row in rows:
        label = DEADLINE_LABELS.get(row["rule"])
        if label is None:
            continue
        rate = DeadlineRate(str(label), row["due"], row["in_time"])
        rate.suppressed = rate.due < min_count()
        rates.append(rate)
    return sorted(rates, key=lambda r: r.label)


def years_available() -> list[int]:
    """From the first case's year to this one (one indexed lookup, not a scan)."""
    first = Case.objects.order_by("created_at").values_list("created_at", flat=True).first()
    this_year = timezone.localdate().year
    if first is None:
        return [this_year]
    return list(range(this_year, max(timezone.localtime(first).year, this_year - 9) - 1, -1))
