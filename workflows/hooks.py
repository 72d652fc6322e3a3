"""Extension points where apps above ``workflows`` plug into a step, without workflows importing them.

``enquiries`` fills them in its ``AppConfig.ready``:

* a *step guard* refuses the owner's own completion of a step while something
  else drives it (an enquiry running in Recueil moves the ``enquiry`` step by its
  commission's report, not by the referent's summary);
* a *reminder source* adds people to remind and escalate to for a deadline rule
  (the sitting members of the case's commission for ``enquiry``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cases.models import Case, User

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
