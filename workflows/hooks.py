"""Extension points where apps above ``workflows`` plug into a step, without workflows importing them.

``enquiries`` fills them in its ``AppConfig.ready``:

* a *step guard* refuses the owner's own completion of a step while something
  else drives it (an enquiry running in Recueil moves the ``enquiry`` step by its
  commission's report, not by the referent's summary);
* a *reminder source* adds people to remind and escalate to for a deadline rule
  (the sitting members of the case's commission for ``enquiry``);
* a *pending action source* adds what a person must do outside the procedure's own
  tasks (an investigator's interviews, minutes and report) to "Mes tâches" and the
  start page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from cases.models import Case, Contact, User

StepGuard = Callable[[Case], None]
"""Raises ``ValidationError`` (with the reason) when the step may not be completed by hand."""

ReminderSource = Callable[[Case], Iterable[User]]

_guards: dict[str, list[StepGuard]] = {}
_reminders: dict[str, list[ReminderSource]] = {}


def step_guard_register(step: str, guard: StepGuard) -> None:
    registered = _guards.setdefault(step, [])
    if guard not in registered:
        registered.append(guard)


def step_guards_check(step: str, case: Case) -> None:
    """Run every guard of ``step``; the first refusal raises."""
    for guard in _guards.get(step, []):
        guard(case)


def reminder_source_register(rule: str, source: ReminderSource) -> None:
    registered = _reminders.setdefault(rule, [])
    if source not in registered:
        registered.append(source)


def reminder_people(rule: str, case: Case) -> list[User]:
    """Everyone the registered sources add for ``rule`` on ``case``, once each."""
    people: list[User] = []
    for source in _reminders.get(rule, []):
        people += [u for u in source(case) if u not in people]
    return people


# --- pending actions outside the procedure's own tasks -------------------------------------


@dataclass(frozen=True)
class PendingAction:
    """Something a person must do that is not a task of the case procedure (an interview
    to hold, minutes to have signed, a report due), as "Mes tâches" and the start page
    list it: a title, where to do it, the case's reference, a due date if any."""

    title: str
    url: str
    case_reference: str
    due_on: dt.date | None = None


PendingActionSource = Callable[[User], Iterable[PendingAction]]
"""Everything ``user`` has to do in the registering app; a fixed number of queries."""

# Each source with the role whose work it lists (None: asked of everyone).
_pending_sources: list[tuple[PendingActionSource, str | None]] = []


def pending_action_source_register(source: PendingActionSource, role: str | None = None) -> None:
    """Register ``source``; with ``role``, it is asked only of people who hold that role."""
    if all(known is not source for known, _role in _pending_sources):
        _pending_sources.append((source, role))


def pending_actions(user: User, roles: Collection[str] | None = None) -> list[PendingAction]:
    """Every registered app's pending actions of ``user``, soonest due first.

    ``roles``: the user's roles when the caller already has them (the request keeps
    them): a source registered for a role they do not hold is not asked, so a referent's
    inbox pays nothing for the investigators' list.
    """
    found = [
        action
        for source, role in _pending_sources
        if roles is None or role is None or role in roles
        for action in source(user)
    ]
    return sorted(found, key=lambda a: (a.due_on is None, a.due_on or dt.date.min, a.title))


# --- what a step's page shows from apps above ----------------------------------------------


@dataclass(frozen=True)
class StepPanel:
    """A card on a task page, filled by an app above workflows (the enquiry's report on the
    director's decision): a title and (label, text) rows, shown to the task's owner only."""

    title: str
    rows: tuple[tuple[str, str], ...]


StepPanelSource = Callable[[Case], Iterable[StepPanel]]

_panels: dict[str, list[StepPanelSource]] = {}


def step_panel_register(step: str, source: StepPanelSource) -> None:
    registered = _panels.setdefault(step, [])
    if source not in registered:
        registered.append(source)


def step_panels(step: str, case: Case) -> list[StepPanel]:
    return [panel for source in _panels.get(step, []) for panel in source(case)]


# --- more work for the timers ----------------------------------------------------------------

TimerJob = Callable[[], str]
"""Runs once per timer pass (idempotent); returns a one-line summary, counts only (T7)."""

_timer_jobs: dict[str, TimerJob] = {}


def timer_register(name: str, job: TimerJob) -> None:
    """An app above workflows adds its sweep to ``workflow_timers`` and the Celery sweep."""
    _timer_jobs[name] = job


def timer_jobs_run() -> list[str]:
    return [f"{name}: {job()}" for name, job in sorted(_timer_jobs.items())]


# --- facts that start a clock after the procedure ----------------------------------------
#
# The procedure records the events that start a retention period (a closure, its reason,
# a sanction and its appeal deadline, an Article 40 referral, a reopening; a listening
# record logged, followed up or handed over). ``retention`` listens: it recomputes the
# retention date from the recorded facts in the same transaction (CNIL référentiel,
# délibération n° 2023-064), so the clock can never lag the procedure.

CaseFactsListener = Callable[[Case], object]
ContactFactsListener = Callable[[Contact], object]

_case_listeners: list[CaseFactsListener] = []
_contact_listeners: list[ContactFactsListener] = []


def case_facts_listener_register(listener: CaseFactsListener) -> None:
    if listener not in _case_listeners:
        _case_listeners.append(listener)


def case_facts_changed(case: Case) -> None:
    """Called by the procedure after a step is done or a case reopened (in its transaction)."""
    for listener in _case_listeners:
        listener(case)


def contact_facts_listener_register(listener: ContactFactsListener) -> None:
    if listener not in _contact_listeners:
        _contact_listeners.append(listener)


def contact_facts_changed(contact: Contact) -> None:
    """Called when a listening record is logged, followed up or handed over."""
    for listener in _contact_listeners:
        listener(contact)


# --- records kept outside cases, anonymised by ``apply_retention`` --------------------------
#
# ``retention`` owns the retention rules (``retention.rules.RULES``, each cited and bounded)
# and the nightly run. An app of its layer that keeps records of its own (``rights``: the
# data-subject requests) may neither import it nor be imported by it, so both meet here:
# the app registers a *retention source* — what a run on a given day would anonymise (the
# dry run lists it) and the anonymisation of one batch — and ``retention`` registers how a
# rule code is described, so the app's pages show the rule's text and source.


@dataclass(frozen=True)
class RetentionItem:
    """One record a run would anonymise: references, rule code and date only, never content."""

    kind: str
    pk: Any
    reference: str
    rule: str
    due_on: dt.date


@dataclass(frozen=True)
class RetentionSource:
    kind: str
    # Read only: what a run on that day would anonymise, under which rule.
    due: Callable[[dt.date], Iterable[RetentionItem]]
    # Anonymise at most ``batch`` due records in one transaction, with one audit entry
    # each; returns how many (0 when nothing is left).
    apply: Callable[[dt.date, int], int]


_retention_sources: dict[str, RetentionSource] = {}


def retention_source_register(source: RetentionSource) -> None:
    _retention_sources[source.kind] = source


def retention_sources() -> list[RetentionSource]:
    return [_retention_sources[kind] for kind in sorted(_retention_sources)]


class RetentionRuleText(Protocol):
    """What a page shows of a retention rule (``retention.rules.RetentionRule``)."""

    @property
    def label(self) -> Any: ...

    @property
    def source(self) -> Any: ...


_rule_describers: list[Callable[[str], RetentionRuleText | None]] = []


def retention_rule_describer_register(describe: Callable[[str], RetentionRuleText | None]) -> None:
    if describe not in _rule_describers:
        _rule_describers.append(describe)


def retention_rule_describe(code: str) -> RetentionRuleText | None:
    """The rule behind ``code``, as ``retention`` describes it; None if unknown."""
    for describe in _rule_describers:
        found = describe(code)
        if found is not None:
            return found
    return None
