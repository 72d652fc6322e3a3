"""The case procedure (DOMAIN.md, "The process"), as a viewflow flow, outcome by outcome.

Intake hands a report over (``start``); a referent acknowledges it and triages it.
Each step declares the routes its outcome may open (``leads_to``); the router
(``route``) then takes the first route opened and not yet done, in the order
written below, until none is left and the reporting person gets feedback:

* triage → information / article40 / enquiry, or (none opened) feedback;
* information → triage again (triage decides afresh on what it learned);
* enquiry → decision (its report, by hand or from the commission in Recueil);
* decision → disciplinary / article40, or the other routes still pending;
* disciplinary → sanction (the decision pronounced, person by person);
* article40, sanction → the routes still pending, then feedback;
* feedback → closure → end; a closed case reopens at triage (``reopen``).

A step's service returns its ``Outcome``; ``workflows.engine`` records it and
refuses a route the node does not declare. Routing state lives in
``process.data``; everything said about the case lives in encrypted models in
``cases``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.models import CasePermission, Role
from workflows.models import CaseProcess
from workflows.nodes import CaseTask
from workflows.routes import Route, routes_of

P = CasePermission


@dataclass(frozen=True)
class Opened:
    """Router condition: ``route`` is among the routes opened and not yet done."""

    route: Route

    def __call__(self, activation: Any) -> bool:
        return self.route in routes_of(activation.process.data)


def opened(route: Route) -> Opened:
    return Opened(route)


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
        CaseTask(
            role=Role.REFERENT,
            permission=P.TRIAGE,
            deadline_rule="triage",
            leads_to=(Route.INFORMATION, Route.ARTICLE40, Route.ENQUIRY),
            decides_afresh=True,
        )
        .Annotation(title=_("Qualifier le signalement et décider des suites"))
        .Next(this.route)
    )
    route = (
        flow.Switch()
        .Case(this.information, opened(Route.INFORMATION))
        .Case(this.article40, opened(Route.ARTICLE40))
        .Case(this.enquiry, opened(Route.ENQUIRY))
        .Case(this.decision, opened(Route.DECISION))
        .Case(this.disciplinary, opened(Route.DISCIPLINARY))
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
        CaseTask(
            role=Role.REFERENT,
            permission=P.TRIAGE,
            deadline_rule="enquiry",
            leads_to=(Route.DECISION,),
        )
        .Annotation(title=_("Suivre l'enquête interne et recevoir son rapport"))
        .Next(this.route)
    )
    decision = (
        CaseTask(
            role=Role.DIRECTOR,
            permission=P.DECIDE,
            deadline_rule="decision",
            leads_to=(Route.DISCIPLINARY, Route.ARTICLE40),
        )
        .Annotation(title=_("Décider des suites de l'enquête"))
        .Next(this.route)
    )
    disciplinary = (
        CaseTask(role=Role.LEGAL, permission=P.DRAFT_LETTER)
        .Annotation(title=_("Engager la procédure disciplinaire"))
        .Next(this.sanction)
    )
    sanction = (
        CaseTask(role=Role.LEGAL, permission=P.DRAFT_LETTER)
        .Annotation(title=_("Enregistrer la sanction prononcée"))
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
        activation.process.pending_routes = []
        return activation.process


# Which per-case permissions a person receives when they take a step of this role.
ROLE_GRANTS: dict[str, list[str]] = {
    Role.REFERENT: [P.VIEW, P.CHANGE, P.TRIAGE, P.VIEW_HISTORY, P.DRAFT_LETTER],
    Role.LEGAL: [P.VIEW, P.DRAFT_LETTER, P.SIGN_LETTER],
    Role.DIRECTOR: [P.VIEW, P.DECIDE, P.SIGN_LETTER],
}
