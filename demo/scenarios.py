"""Demo cases at each step of the procedure, made through the real services.

``demo_steps(entity)`` leaves, in a school, one fictitious case waiting at each step a
person acts on, so that every role of ``make run`` finds something to do:

* the referent: a report to triage, an enquiry to open, feedback to give, a case to close;
* the investigator: a running enquiry whose commission they sit on (an interview to plan);
* the director: a decision waiting, with the commission's report;
* the legal directorate: a student and a staff disciplinary procedure to engage (the staff
  one with a running precautionary suspension), a sanction to record, an Article 40
  letter to draft and one finalised, waiting for its signature.

Every name and narrative is fictitious. Called once per school by ``seed_demo`` (which
runs it only on a school without any contact yet, hence idempotent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from viewflow.workflow.models import Task

from cases.models import Case, Category, Entity, Party, User
from cases.services.cases import party_add
from enquiries.models import Enquiry
from enquiries.services.enquiry import commission_appoint, enquiry_open
from enquiries.services.report import report_save, report_submit
from templates_legal.letters.services import letter_draft, letter_finalise, letter_values_update
from workflows import engine
from workflows.status import OPEN_STATUSES
from workflows.steps.acknowledge import acknowledge
from workflows.steps.decision import outcome_decide
from workflows.steps.disciplinary import disciplinary_engage
from workflows.steps.feedback import feedback_give
from workflows.steps.intake import IntakeData, contact_log
from workflows.steps.triage import triage
from workflows.suspension import suspension_record

Report = Callable[..., Case]


def open_task(case: Case, step: str) -> Task:
    for task in Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_STATUSES):
        if task.flow_task.name == step:
            return task
    raise LookupError(step)


def _do(actor: User, case: Case, step: str, run: Callable[[Task], Any]) -> None:
    """Claim the step if it waits in the pool, then run its service."""
    task = open_task(case, step)
    if task.owner_id is None:
        task = engine.task_claim(actor=actor, task=task)
    run(task)


class DemoSchool:
    def __init__(self, entity: Entity) -> None:
        self.entity = entity
        self.today = timezone.localdate()

        def user(role: str) -> User:
            return User.objects.get(username=f"{entity.code}.{role}")

        self.listener = user("listener")
        self.referent = user("referent")
        self.director = user("director")
        self.legal = user("legal")
        self.investigator = user("investigator")
        self.harassment = list(Category.objects.filter(code="harcelement-sexuel"))

    def report(self, days_ago: int, narrative: str, *, victim_status: str = "student") -> Case:
        contact = contact_log(
            actor=self.listener,
            entity=self.entity,
            data=IntakeData(
                contacted_on=self.today - dt.timedelta(days=days_ago),
                channel="phone",
                contact_kind="victim",
                person_status=victim_status,
                categories=self.harassment,
                narrative=f"Exemple fictif : {narrative}",
                identity={"first_name": "Camille", "last_name": "Exemple"},
                orientations=["psychologist"],
                consent_to_handover=True,
            ),
        )
        if contact.case is None:
            raise LookupError("the demo report was not handed over to a referent")
        return contact.case

    def acknowledged(self, days_ago: int, narrative: str, **kw: Any) -> Case:
        case = self.report(days_ago, narrative, **kw)
        _do(
            self.referent,
            case,
            "acknowledge",
            lambda t: acknowledge(
                actor=self.referent,
                task=t,
                sent_on=self.today - dt.timedelta(days=days_ago - 1),
                means="email",
            ),
        )
        return case

    def implicated(self, case: Case, status: str, first: str, last: str) -> None:
        party_add(
            actor=self.referent,
            case=case,
            role=Party.Role.IMPLICATED,
            status=status,
            identity={"first_name": first, "last_name": last},
        )

    def triaged(self, case: Case, outcomes: list[str]) -> None:
        _do(
            self.referent,
            case,
            "triage",
            lambda t: triage(
                actor=self.referent,
                task=t,
                outcomes=outcomes,
                reasoning="Exemple fictif : décision de qualification.",
                no_conflict_confirmed=True,
                categories=self.harassment,
            ),
        )

    def enquiry_running(self, case: Case) -> Enquiry:
        task = open_task(case, "enquiry")
        if task.owner_id is None:
            task = engine.task_claim(actor=self.referent, task=task)
        enquiry = enquiry_open(
            actor=self.referent,
            task_id=task.pk,
            decided_by=self.director,
            decision_authority="director",
            decided_on=self.today - dt.timedelta(days=20),
            reason="Exemple fictif : faits précis et répétés.",
            mandate="Exemple fictif : entendre la victime et la personne mise en cause.",
        )
        commission_appoint(
            actor=self.referent,
            enquiry=enquiry,
            investigators=[self.investigator],
            decided_by=self.director,
            decision_authority="director",
            reason="Exemple fictif : enquêteur·rice formé·e et disponible.",
        )
        return enquiry

    def reported(self, enquiry: Enquiry) -> None:
        report = report_save(
            actor=self.investigator,
            enquiry=enquiry,
            facts_established="Exemple fictif : messages répétés établis par les captures.",
            facts_not_established="Exemple fictif : les menaces alléguées.",
            analysis={c.code: "Exemple fictif : faits caractérisés." for c in self.harassment},
            recommendations=["disciplinary"],
            recommendations_detail="",
            expected_version=0,
        )
        report_submit(actor=self.investigator, enquiry=enquiry, expected_version=report.version)

    def up_to_decision(self, days_ago: int, narrative: str, status: str, name: str) -> Case:
        case = self.acknowledged(days_ago, narrative)
        first, last = name.split()
        self.implicated(case, status, first, last)
        self.triaged(case, ["enquiry"])
        self.reported(self.enquiry_running(case))
        return case

    def decided(self, case: Case) -> None:
        _do(
            self.director,
            case,
            "decision",
            lambda t: outcome_decide(
                actor=self.director,
                task=t,
                outcomes=["disciplinary"],
                reasoning="Exemple fictif : les faits établis justifient des poursuites.",
            ),
        )


def demo_steps(entity: Entity) -> None:
    s = DemoSchool(entity)
    today = s.today

    # The referent: a report to triage.
    s.acknowledged(4, "remarques sexistes répétées en amphithéâtre.")

    # The investigator: an enquiry running, their commission seat, an interview to plan.
    running = s.acknowledged(25, "gestes déplacés lors d'un stage.")
    s.implicated(running, Party.Status.STUDENT, "Noé", "Fictif")
    s.triaged(running, ["enquiry"])
    s.enquiry_running(running)

    # The director: a decision to take, on the commission's report.
    s.up_to_decision(40, "messages insistants d'un camarade.", Party.Status.STUDENT, "Hugo Fictif")

    # The legal directorate: a student's disciplinary procedure to engage.
    student = s.up_to_decision(
        50, "propos humiliants répétés en TP.", Party.Status.STUDENT, "Léo Fictif"
    )
    s.decided(student)

    # The legal directorate: a staff procedure to engage, a precautionary suspension running.
    staff = s.up_to_decision(
        45, "un enseignant harcèle une étudiante.", Party.Status.STAFF_CIVIL, "Marc Fictif"
    )
    s.decided(staff)
    suspension_record(
        actor=s.director,
        case=staff,
        party=staff.parties.get(role=Party.Role.IMPLICATED),
        decided_on=today,
        starts_on=today,
        criminal_proceedings=False,
        reasons="Exemple fictif : éloigner l'enseignant pendant la procédure.",
    )

    # The legal directorate: a sanction to record after the hearing.
    sanction = s.up_to_decision(
        70, "harcèlement sur un réseau social.", Party.Status.STUDENT, "Inès Fictive"
    )
    s.decided(sanction)
    _do(
        s.legal,
        sanction,
        "disciplinary",
        lambda t: disciplinary_engage(
            actor=s.legal,
            task=t,
            summons_sent_on=today - dt.timedelta(days=20),
            file_open_from=today - dt.timedelta(days=12),
            hearing_on=today,
            silence_notice=True,
            counsel_notice=True,
        ),
    )

    # The legal directorate: an Article 40 letter to draft, and one waiting for signature.
    s.triaged(s.acknowledged(6, "agression sexuelle lors d'une soirée."), ["article40"])
    signed = s.acknowledged(8, "menaces de viol par messages.")
    s.implicated(signed, Party.Status.STUDENT, "Paul", "Fictif")
    s.triaged(signed, ["article40"])
    _do(s.legal, signed, "article40", lambda t: None)
    letter = letter_draft(actor=s.legal, case=signed, kind="article40_referral")
    letter_values_update(
        actor=s.legal,
        letter=letter,
        values={
            "court_name": "tribunal judiciaire (exemple fictif)",
            "facts_dates": "le mois dernier",
            "facts_place": "résidence étudiante",
            "facts_summary": "Exemple fictif : menaces de viol reçues par messages.",
            "signatory_name": "Direction juridique (exemple)",
            "signatory_title": "Pour le directeur et par délégation",
        },
    )
    letter.refresh_from_db()
    letter_finalise(actor=s.legal, letter=letter)

    # The referent: feedback to give (closed with orientation), then a case to close.
    s.triaged(s.acknowledged(30, "une remarque déplacée isolée."), ["close"])
    closing = s.acknowledged(35, "un conflit entre étudiants, résolu.")
    s.triaged(closing, ["close"])
    _do(
        s.referent,
        closing,
        "feedback",
        lambda t: feedback_give(
            actor=s.referent,
            task=t,
            sent_on=today,
            means="email",
            summary="Exemple fictif : la personne est informée du classement.",
        ),
    )
