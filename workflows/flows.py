"""The case procedure (DOMAIN.md, "The process"), as a viewflow flow.

Reads as the procedure: intake hands a report over, a referent acknowledges it and
triages it; the router then sends the case to the steps its decisions call for
(more information, Article 40 referral, internal enquiry, decision, disciplinary
procedure) until the reporting person gets feedback and the case is closed.
Routing flags live in ``process.data``; everything said about the case lives in
encrypted models in ``cases``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.models import CasePermission, Role
from workflows.models import CaseProcess
from workflows.nodes import CaseTask

P = CasePermission


def _wants(step: str) -> Any:
    """Router condition: the step is among the pending ones set by the last decision."""

    def condition(activation: Any) -> bool:
        return step in (activation.process.data or {}).get("pending", [])

    condition.__name__ = f"wants_{step}"
    return condition


class CaseFlow(flow.Flow):
    process_class = CaseProcess
    # Row lock on the process (PostgreSQL): two people acting on the same case queue.
    # Blocking, not viewflow's default NOWAIT-and-retry: its retry catches the lock
    # error inside a savepoint it does not roll back, which poisons the caller's
    # transaction ("current transaction is aborted") whenever the step runs inside
    # one, as every Recueil step does (tests/workflows/test_concurrency.py).
    lock_impl = lock.SelectForUpdateLock(nowait=False)
    process_title = _("Traitement d'un signalement")

    start = flow.StartHandle(this.start_case).Next(this.acknowledge)
    reopen = flow.StartHandle(this.start_case).Next(this.triage)

    acknowledge = (
        CaseTask(role=Role.REFERENT, permission=P.TRIAGE, deadline_rule="acknowledgement")
        .Annotation(title=_("Accuser réception du signalement"))
        .Next(this.triage)
    )
    triage = (
        CaseTask(role=Role.REFERENT, permission=P.TRIAGE, deadline_rule="triage")
        .Annotation(title=_("Qualifier le signalement et décider des suites"))
        .Next(this.route)
    )
    route = (
        flow.Switch()
        .Case(this.information, _wants("information"))
        .Case(this.article40, _wants("article40"))
        .Case(this.enquiry, _wants("enquiry"))
        .Case(this.decision, _wants("decision"))
        .Case(this.disciplinary, _wants("disciplinary"))
        .Default(this.feedback)
    )
    information = (
        CaseTask(role=Role.REFERENT, permission=P.TRIAGE)
        .Annotation(title=_("Recueillir les informations complémentaires"))
        .Next(this.triage)
    )
    article40 = (
        CaseTask(role=Role.LEGAL, permission=P.DRAFT_LETTER, deadline_rule="article40")
        .Annotation(title=_("Transmettre au procureur de la République (article 40)"))
        .Next(this.route)
    )
    enquiry = (
        CaseTask(role=Role.REFERENT, permission=P.TRIAGE, deadline_rule="enquiry")
        .Annotation(title=_("Suivre l'enquête interne et recevoir son rapport"))
        .Next(this.route)
    )
    decision = (
        CaseTask(role=Role.DIRECTOR, permission=P.DECIDE, deadline_rule="decision")
        .Annotation(title=_("Décider des suites de l'enquête"))
        .Next(this.route)
    )
    disciplinary = (
        CaseTask(role=Role.LEGAL, permission=P.DRAFT_LETTER)
        .Annotation(title=_("Engager la procédure disciplinaire"))
        .Next(this.route)
    )
    feedback = (
        CaseTask(role=Role.REFERENT, permission=P.TRIAGE, deadline_rule="feedback")
        .Annotation(title=_("Informer la personne des suites données"))
        .Next(this.closure)
    )
    closure = (
        CaseTask(role=Role.REFERENT, permission=P.TRIAGE)
        .Annotation(title=_("Clore le dossier"))
        .Next(this.end)
    )
    end = flow.End()

    def start_case(self, activation: Any, case: Any) -> CaseProcess:
        activation.process.case = case
        activation.process.data = {"pending": []}
        return activation.process


# Which per-case permissions a person receives when they take a step of this role.
ROLE_GRANTS: dict[str, list[str]] = {
    Role.REFERENT: [P.VIEW, P.CHANGE, P.TRIAGE, P.VIEW_HISTORY, P.DRAFT_LETTER],
    Role.LEGAL: [P.VIEW, P.DRAFT_LETTER, P.SIGN_LETTER],
    Role.DIRECTOR: [P.VIEW, P.DECIDE, P.SIGN_LETTER],
}
