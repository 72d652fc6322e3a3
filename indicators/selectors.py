"""Anonymised indicators for steering bodies (DOMAIN.md, "Indicators", axe 6).

Per entity or for the group, per period: reports by month, by category, by channel and
by status of the person who made contact; listening records kept without hand-over;
decisions and their outcomes, person by person (sanctions by kind, Article 40
referrals, protective measures, protection fonctionnelle, no further action);
accompaniment offered; legal deadlines (met on time, late, missed, open past due) and
the median delays.

Everything is read from the monthly counts (``indicators.models.MonthlyCount``): a
constant handful of queries whatever the number of cases. Every figure is published by
``indicators.disclosure`` over the whole lattice (every entity and the group) of the
period, so that a figure reads the same in every view that shows it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import cast

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    Category,
    Entity,
    OutcomeDecision,
    Party,
    ProtectionRequest,
    Role,
    RoleMembership,
    User,
)
from cases.models.discipline import SANCTIONS, SanctionScale
from cases.models.procedure import Channel, ContactKind, MeasureKind, Orientation, TriageOutcome
from indicators.disclosure import Shown, Sum, min_count, publish
from indicators.facts import DEADLINE_RULES, DEADLINE_STATES, LATE, MISSED, ON_TIME, OPEN
from indicators.models import MonthlyCount, Publication, RefreshMark
from indicators.periods import Period

ALL = "all"
DEADLINE_LABELS = {
    "acknowledgement": gettext_lazy("Accusé de réception (7 jours ouvrés)"),
    "feedback": gettext_lazy("Retour à la personne (3 mois)"),
    "meeting": gettext_lazy("Entretien demandé (20 jours ouvrés)"),
}
STATE_LABELS = {
    ON_TIME: gettext_lazy("Respectés"),
    LATE: gettext_lazy("Tenus en retard"),
    MISSED: gettext_lazy("Manqués (dossier clos)"),
    OPEN: gettext_lazy("En cours, dépassés"),
}
# Breakdowns of the reports that are disjoint and complete: they sum to the reports.
DISJOINT = ("channel", "kind", "status", "urgency")
NONE_LABEL = gettext_lazy("Non renseigné")
SCALE_SHORT: dict[str, Promise] = {
    SanctionScale.STUDENT: gettext_lazy("Usager·ère"),
    SanctionScale.STUDENT_IMT: gettext_lazy("Usager·ère"),
    SanctionScale.CIVIL_SERVANT: gettext_lazy("Fonctionnaire"),
    SanctionScale.CONTRACT: gettext_lazy("Contractuel·le"),
}


@dataclass
class Row:
    label: str
    count: int  # exact: never rendered, kept for the tests and the narrative's choices
    shown: Shown

    @property
    def text(self) -> str:
        return self.shown.text


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row]
    total: Row | None = None
    chart: bool = True
    svg: str = ""  # set by indicators.charts.figure_charts

    @property
    def all_zero(self) -> bool:
        return all(r.count == 0 for r in self.rows)


@dataclass
class DeadlineRow:
    label: str
    due: Row
    states: list[Row]

    @property
    def on_time(self) -> Row:
        return self.states[0]

    @property
    def ratio(self) -> str:
        """Readable with masked parts: "10–14 respectés sur 20–24 échus, soit environ 55 %"."""
        if self.due.count == 0:
            return _("aucun délai échu")
        text = _("%(met)s respectés sur %(due)s échus") % {
            "met": self.on_time.text,
            "due": self.due.text,
        }
        share = self.share
        return (
            _("%(text)s, soit environ %(share)s %%") % {"text": text, "share": share}
            if share is not None
            else text
        )

    @property
    def share(self) -> int | None:
        """The share met on time, from the published bands only (so it tells nothing
        more than they do), when at least 20 fell due."""
        met, due = self.on_time.shown, self.due.shown
        if met.masked or due.masked or due.low < 4 * min_count() or not due.middle:
            return None
        return round(100 * met.middle / due.middle / 5) * 5


@dataclass
class Median:
    label: str
    days: int | None  # None when fewer than ``2 * min_count()`` deadlines were met

    @property
    def text(self) -> str:
        if self.days is None:
            return _("non publié (moins de %(n)s délais tenus)") % {"n": 2 * min_count()}
        return _("%(days)s jours") % {"days": self.days}


@dataclass
class MonthPoint:
    month: dt.date
    label: str
    current: Row
    previous: Row


@dataclass
class Indicators:
    entity_label: str
    period: Period
    published_end: dt.date
    reports: Row
    listening_only: Row
    months: list[MonthPoint] = field(default_factory=list)
    breakdowns: list[Table] = field(default_factory=list)
    deadlines: list[DeadlineRow] = field(default_factory=list)
    medians: list[Median] = field(default_factory=list)
    refreshed_at: dt.datetime | None = None
    group: bool = False

    @property
    def year(self) -> int:
        return self.period.start.year

    def table(self, key: str) -> Table:
        return next(t for t in self.breakdowns if t.key == key)


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


Key = tuple[object, str, str]  # scope (entity id or ALL), dimension, code


@dataclass
class Lattice:
    """Every figure of a period for every entity and the group, as published."""

    counts: dict[Key, int]
    shown: dict[Key, Shown]
    delays: dict[object, Counter[str]]
    codes: dict[str, list[str]]


def _codes(dimension: str, found: Iterable[str], known: Iterable[str]) -> list[str]:
    known = list(known)
    return known + sorted(set(found) - set(known))


def lattice(period: Period, today: dt.date | None = None) -> Lattice:
    """The period's figures as published: stored by the timer for a standard period
    (one query), else read from the monthly counts and published now."""
    end = period.published_end(today)
    stored = Publication.objects.filter(start=period.start, end=end).first()
    mark = RefreshMark.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True)
    if stored is not None and stored.refreshed_at == mark.first():
        return _loaded(stored.data)
    return compute_lattice(period, today)


def _loaded(data: dict) -> Lattice:
    counts: dict[Key, int] = {}
    shown: dict[Key, Shown] = {}
    for scope, dim, code, n, state, low, high in data["figures"]:
        key = (scope, dim, code)
        counts[key] = n
        shown[key] = Shown(state, low, math.inf if high is None else high)
    delays = {scope: Counter(h) for scope, h in data["delays"]}
    return Lattice(counts, shown, delays, data["codes"])


def dumped(lat: Lattice) -> dict:
    return {
        "figures": [
            [
                scope,
                dim,
                code,
                lat.counts[(scope, dim, code)],
                s.state,
                s.low,
                None if s.high == math.inf else s.high,
            ]
            for (scope, dim, code), s in lat.shown.items()
        ],
        "delays": [[scope, dict(h)] for scope, h in lat.delays.items()],
        "codes": lat.codes,
    }


def compute_lattice(period: Period, today: dt.date | None = None) -> Lattice:
    """Read the period's counts (one query) and publish them over every entity.

    Anyone may also open each month of the period alone (a custom period of one month):
    the figures of those one-month views are published first, each by itself, and the
    period is then published knowing them — its figures are the sums of theirs — so that
    no sum of months pins a masked count, whether of the period or of one of its months.
    A month's figures are never withheld here: they read as their own view shows them."""
    end = period.published_end(today)
    rows = MonthlyCount.objects.filter(month__gte=period.start, month__lt=end).values_list(
        "entity_id", "month", "dimension", "code", "count"
    )
    entity_ids = list(Entity.objects.values_list("pk", flat=True))
    raw: dict[tuple[int, str, str], int] = defaultdict(int)
    per_month: dict[dt.date, dict[tuple[int, str, str], int]] = defaultdict(dict)
    delays: dict[object, Counter[str]] = defaultdict(Counter)
    for entity_id, month, dim, code, n in rows:
        if dim == "delay":
            delays[entity_id][code] += n
            delays[ALL][code] += n
            continue
        raw[(entity_id, dim, code)] += n
        per_month[month][(entity_id, dim, code)] = n
        if dim == "reports":
            raw[(entity_id, "month", f"{month:%Y-%m}")] = n
            per_month[month][(entity_id, "month", f"{month:%Y-%m}")] = n
    found: dict[str, set[str]] = defaultdict(set)
    for _e, dim, code in raw:
        found[dim].add(code)
    known = _known_codes(period, end)
    codes = {dim: _codes(dim, found.get(dim, ()), known.get(dim, ())) for dim in known}
    counts, sums = _view(entity_ids, codes, raw)
    months = [m for m in period.months if m < end]
    if len(months) <= 1:
        return Lattice(counts, publish(counts, sums), delays, codes)
    every: dict[Hashable, int] = {k: n for k, n in counts.items()}
    fixed: dict[Hashable, Shown] = {}
    every_sum = list(sums)
    for month in months:
        code = f"{month:%Y-%m}"

        def alone(key: Hashable, code: str = code) -> Hashable:
            # A month's report count is the period's "month" figure itself.
            figure = cast(Key, key)
            return figure if figure[1] == "month" else (code, *figure)

        one_counts, one_sums = _view(entity_ids, {**codes, "month": [code]}, per_month[month])
        one_shown = publish(one_counts, one_sums)
        for key, n in one_counts.items():
            every[alone(key)] = n
            fixed[alone(key)] = one_shown[key]
        every_sum += [Sum(alone(r.total), [alone(p) for p in r.parts]) for r in one_sums]
    for key, n in counts.items():
        if n and key[1] != "month":
            every_sum.append(Sum(key, [(f"{m:%Y-%m}", *key) for m in months]))
    published = publish(every, every_sum, fixed)
    return Lattice(counts, {k: published[k] for k in counts}, delays, codes)


def _view(
    entity_ids: list[int], codes: dict[str, list[str]], raw: Mapping[tuple[int, str, str], int]
) -> tuple[dict[Key, int], list[Sum]]:
    """The figures of one view of every entity and the group, and the sums anyone knows
    between them: the group over its entities, the reports over each disjoint breakdown
    and over the months, a deadline's total over its states, protection requests over
    their decisions."""
    scopes: list[object] = [*entity_ids, ALL]
    counts: dict[Key, int] = {}
    sums: list[Sum] = []
    for dim, dim_codes in codes.items():
        for code in dim_codes:
            for entity_id in entity_ids:
                counts[(entity_id, dim, code)] = raw.get((entity_id, dim, code), 0)
            counts[(ALL, dim, code)] = sum(counts[(e, dim, code)] for e in entity_ids)
            sums.append(Sum((ALL, dim, code), [(e, dim, code) for e in entity_ids]))
    for scope in scopes:
        for dim in (*DISJOINT, "month"):
            sums.append(Sum((scope, "reports", ""), [(scope, dim, c) for c in codes[dim]]))
        for rule in DEADLINE_RULES:
            parts = [(scope, "deadline", f"{rule}:{s}") for s in DEADLINE_STATES]
            counts[(scope, "due", rule)] = sum(counts[p] for p in parts)
            sums.append(Sum((scope, "due", rule), parts))
        parts = [(scope, "protection", c) for c in codes["protection"]]
        counts[(scope, "protection_total", "")] = sum(counts[p] for p in parts)
        sums.append(Sum((scope, "protection_total", ""), parts))
    return counts, sums


def _known_codes(period: Period, end: dt.date) -> dict[str, list[str]]:
    return {
        "reports": [""],
        "listening": [""],
        "article40": [""],
        "month": [f"{m:%Y-%m}" for m in period.months if m < end],
        "category": list(
            Category.objects.order_by("position", "code").values_list("code", flat=True)
        ),
        "channel": [c for c, _l in Channel.choices] + [""],
        "kind": [c for c, _l in ContactKind.choices] + [""],
        "status": [c for c, _l in Party.Status.choices] + [""],
        "urgency": ["danger", "ongoing", "none"],
        "triage": [c for c, _l in TriageOutcome.choices],
        "decision": [c for c, _l in OutcomeDecision.Outcome.choices],
        "sanction": [k.code for k in SANCTIONS],
        "measure": [c for c, _l in MeasureKind.choices],
        "protection": [c for c, _l in ProtectionRequest.Decision.choices],
        "accompaniment": [c for c, _l in Orientation.choices],
        "deadline": [f"{r}:{s}" for r in DEADLINE_RULES for s in DEADLINE_STATES],
    }


def _median(histogram: Counter[str], rule: str) -> tuple[int, int | None]:
    values = sorted(
        (int(code.split(":")[1]), n) for code, n in histogram.items() if code.startswith(rule + ":")
    )
    total = sum(n for _d, n in values)
    if total < 2 * min_count():
        return total, None
    seen, middle = 0, (total + 1) // 2
    for days, n in values:
        seen += n
        if seen >= middle:
            return total, days
    return total, None  # pragma: no cover


def indicators(
    entities: list[Entity],
    period: Period,
    label: str,
    *,
    today: dt.date | None = None,
    group: bool | None = None,
) -> Indicators:
    """The published indicators of ``entities``: one entity, or the group (every entity)."""
    current = lattice(period, today)
    previous = lattice(period.previous(), today)
    scope: object = entities[0].pk if len(entities) == 1 and not group else ALL
    labels = _labels()

    def row(dim: str, code: str, text: str, lat: Lattice = current) -> Row:
        key = (scope, dim, code)
        return Row(text, lat.counts.get(key, 0), lat.shown.get(key) or publish({key: 0}, [])[key])

    def table(key: str, title: str, dim: str, *, chart: bool = True, hide_zero: bool = False):
        rows = [row(dim, c, labels[dim].get(c, c) or str(NONE_LABEL)) for c in current.codes[dim]]
        if hide_zero:
            rows = [r for r in rows if r.count]
        return Table(key, title, rows, chart=chart)

    result = Indicators(
        entity_label=label,
        period=period,
        published_end=period.published_end(today),
        reports=row("reports", "", _("Signalements transmis")),
        listening_only=row("listening", "", _("Fiches d'écoute sans transmission")),
        group=scope == ALL,
    )
    mark = RefreshMark.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True)
    result.refreshed_at = mark.first()
    same_year = period.start.year == period.months[-1].year
    for month, before in zip(period.months, period.previous().months, strict=True):
        if month >= result.published_end:
            break
        result.months.append(
            MonthPoint(
                month,
                formats.date_format(month, "M" if same_year else "m/y"),
                row("month", f"{month:%Y-%m}", formats.date_format(month, "F Y")),
                row("month", f"{before:%Y-%m}", formats.date_format(before, "F Y"), previous),
            )
        )
    protection = table("protection", _("Demandes de protection fonctionnelle"), "protection")
    protection.total = row("protection_total", "", _("Demandes reçues"))
    sanctions = table(
        "sanctions",
        _("Sanctions prononcées, par personne mise en cause"),
        "sanction",
        hide_zero=True,
    )
    result.breakdowns = [
        table("category", _("Signalements par catégorie"), "category"),
        table("channel", _("Signalements par canal"), "channel"),
        table("status", _("Signalements par statut de la personne"), "status"),
        table("kind", _("Signalements par qualité de la personne"), "kind", chart=False),
        table("urgency", _("Signalements urgents"), "urgency", chart=False),
        table("triage", _("Décisions des référents"), "triage", chart=False),
        table("decision", _("Suites décidées par la direction"), "decision"),
        sanctions,
        Table(
            "referrals",
            _("Saisines du procureur"),
            [row("article40", "", _("Signalements au procureur (article 40)"))],
            chart=False,
        ),
        table("measure", _("Mesures conservatoires, par type"), "measure"),
        protection,
        table("accompaniment", _("Accompagnement proposé"), "accompaniment", chart=False),
    ]
    for rule in DEADLINE_RULES:
        result.deadlines.append(
            DeadlineRow(
                str(DEADLINE_LABELS[rule]),
                row("due", rule, _("Échus")),
                [row("deadline", f"{rule}:{s}", str(STATE_LABELS[s])) for s in DEADLINE_STATES],
            )
        )
    for rule, text in (
        ("acknowledgement", _("Délai médian d'accusé de réception")),
        ("feedback", _("Délai médian de retour à la personne")),
    ):
        _total, days = _median(current.delays.get(scope, Counter()), rule)
        result.medians.append(Median(text, days))
    return result


def _labels() -> dict[str, dict[str, str]]:
    def of(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
        return {str(c): str(label) for c, label in choices}

    sanction_labels = {}
    for kind in SANCTIONS:
        scale = SCALE_SHORT.get(kind.scale)
        sanction_labels[kind.code] = f"{scale} — {kind.label}" if scale else str(kind.label)
    return {
        "category": {c.code: str(c) for c in Category.objects.all()},
        "channel": of(Channel.choices),
        "kind": of(ContactKind.choices),
        "status": of(Party.Status.choices),
        "urgency": {
            "danger": _("Danger grave et immédiat"),
            "ongoing": _("Faits en cours (sans danger immédiat)"),
            "none": _("Sans urgence signalée"),
        },
        "triage": of(TriageOutcome.choices),
        "decision": of(OutcomeDecision.Outcome.choices),
        "sanction": sanction_labels,
        "measure": of(MeasureKind.choices),
        "protection": of(ProtectionRequest.Decision.choices),
        "accompaniment": of(Orientation.choices),
    }
