"""Each step of the procedure as one service: validate, record who/when/why, route.

Callers: ``workflows.views`` (one view per step), tests. Each step function runs
inside ``engine.task_complete`` (one transaction, under the process lock), so a
refused step — missing reasoning, a breached legal period, a skipped notice —
leaves nothing stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases.crypto.datakeys import data_key_create
from cases.models import (
    Acknowledgement,
    Article40Referral,
    Case,
    CaseCategory,
    Category,
    Closure,
    Contact,
    DisciplinaryHearing,
    Entity,
    Feedback,
    Handover,
    HandoverBasis,
    OutcomeDecision,
    Party,
    ProtectiveMeasure,
    TriageDecision,
    TriageOutcome,
    User,
)
from cases.selectors.cases import user_can
from cases.services.audit import audit_record
from cases.services.cases import _next_reference
from cases.services.grant_reasons import grants_reconcile
from workflows import deadlines as legal
from workflows import engine
from workflows.flows import CaseFlow
from workflows.models import CaseProcess
from workflows.schedule import deadline_ensure, deadlines_refresh

# --- Intake ---------------------------------------------------------------------------------


@dataclass
class IntakeData:
    contacted_on: dt.date
    channel: str
    contact_kind: str
    person_status: str
    categories: list[Category]
    narrative: str
    anonymous: bool = False
    identity: dict[str, Any] = field(default_factory=dict)
    orientations: list[str] = field(default_factory=list)
    danger: bool = False
    ongoing: bool = False
    meeting_requested: bool = False
    consent_to_handover: bool = False
    legal_basis: str = ""  # a HandoverBasis other than consent, when there is no consent


def contact_log(*, actor: User, entity: Entity, data: IntakeData) -> Contact:
    """A listener logs a first contact; hands it to the referents if consent or a legal basis allows.

    Without either, it stays a listening record: counted in indicators, no case,
    and it may hold no identifying data at all.
    """
    if not actor.memberships.filter(entity=entity, role="listener").exists():
        raise ValidationError(
            _("Seul·e un·e écoutant·e de l'entité peut enregistrer un premier contact.")
        )
    if not data.categories:
        raise ValidationError(_("Choisissez au moins une catégorie."))
    if data.contacted_on > timezone.localdate():
        raise ValidationError(_("La date du contact ne peut pas être dans le futur."))
    basis = HandoverBasis.CONSENT if data.consent_to_handover else data.legal_basis
    if basis and basis not in HandoverBasis.values:
        raise ValidationError(_("Fondement de transmission inconnu."))
    with transaction.atomic():
        contact = Contact(
            key=data_key_create(),
            entity=entity,
            listener=actor,
            contacted_on=data.contacted_on,
            channel=data.channel,
            contact_kind=data.contact_kind,
            person_status=data.person_status,
            anonymous=data.anonymous,
            orientations=data.orientations,
            danger=data.danger,
            ongoing=data.ongoing,
            meeting_requested=data.meeting_requested,
            consent_to_handover=data.consent_to_handover,
            narrative=data.narrative,
            identity=data.identity or {},
        )
        contact.save(force_insert=True)
        contact.categories.set(data.categories)
        audit_record(
            actor=actor,
            action="contact.logged",
            object_type="cases.contact",
            object_id=str(contact.pk),
            entity_id=entity.pk,
            details={"channel": data.channel, "handover": basis or None},
        )
        if basis:
            _handover_to_referents(actor=actor, contact=contact, basis=basis)
    return contact


def _handover_to_referents(*, actor: User, contact: Contact, basis: str) -> Case:
    case = Case(
        key_id=contact.key_id,
        entity=contact.entity,
        reference=_next_reference(contact.entity),
        created_by=actor,
        narrative=contact.narrative,
    )
    case.save(force_insert=True)
    contact.case = case
    contact.save(update_fields=["case"])
    CaseCategory.objects.bulk_create(
        CaseCategory(case=case, category=c) for c in contact.categories.all()
    )
    if contact.identity or contact.anonymous:
        role = Party.Role.VICTIM if contact.contact_kind == "victim" else Party.Role.REPORTING
        Party(
            key_id=case.key_id,
            case=case,
            role=role,
            status=_party_status(contact.person_status),
            anonymous=contact.anonymous,
            identity=contact.identity or {},
        ).save(force_insert=True)
    Handover(
        key_id=case.key_id,
        case=case,
        from_stage=Handover.Stage.LISTENING,
        to_stage=Handover.Stage.REFERENT,
        basis=basis,
        recorded_by=actor,
        detail="",
    ).save(force_insert=True)
    # No case grant for the listener: they keep their own contact record (its page reads
    # ``Contact.listener``) and see the case's reference and status there, nothing more.
    audit_record(
        actor=actor,
        action="case.created",
        target=case,
        entity_id=case.entity_id,
        details={"from": "contact", "basis": basis},
    )
    engine.process_start(case=case)
    deadline_ensure(case, "feedback")
    if contact.meeting_requested:
        deadline_ensure(case, "meeting")
    deadlines_refresh(case=case)
    return case


def _party_status(person_status: str) -> str:
    return person_status if person_status in Party.Status.values else Party.Status.UNKNOWN


# --- Steps -----------------------------------------------------------------------------------


def acknowledge(*, actor: User, task: Task, sent_on: dt.date, means: str) -> Task:
    def apply(process: CaseProcess, case: Case) -> None:
        if sent_on > timezone.localdate():
            raise ValidationError(_("La date d'envoi ne peut pas être dans le futur."))
        if sent_on < legal_received(case):
            raise ValidationError(
                _("L'accusé de réception ne peut pas précéder la réception du signalement.")
            )
        Acknowledgement(
            key_id=case.key_id, case=case, sent_on=sent_on, means=means, recorded_by=actor
        ).save(force_insert=True)
        # The 3-month feedback period now runs from the acknowledgement (décret 2022-1284 art. 4).
        deadline_ensure(case, "feedback", recompute=True)

    return engine.task_complete(actor=actor, task=task, apply=apply)


def legal_received(case: Case) -> dt.date:
    from workflows.schedule import received_on

    return received_on(case)


def triage(
    *,
    actor: User,
    task: Task,
    outcomes: list[str],
    reasoning: str,
    categories: list[Category] | None = None,
    no_article40_reason: str = "",
    no_conflict_confirmed: bool,
) -> Task:
    """Qualify and decide. Rape or sexual assault cannot leave triage without an Article 40 decision."""

    def apply(process: CaseProcess, case: Case) -> None:
        if not no_conflict_confirmed:
            raise ValidationError(_("Confirmez l'absence de conflit d'intérêts, ou déclarez-le."))
        if not outcomes:
            raise ValidationError(_("Choisissez au moins une décision."))
        if not reasoning.strip():
            raise ValidationError(_("La motivation de la décision est obligatoire."))
        unknown = set(outcomes) - set(TriageOutcome.values)
        if unknown:
            raise ValidationError(_("Décision inconnue."))
        if categories is not None:
            if not categories:
                raise ValidationError(_("Choisissez au moins une catégorie."))
            CaseCategory.objects.filter(case=case).exclude(category__in=categories).delete()
            for category in categories:
                CaseCategory.objects.get_or_create(case=case, category=category)
        offence = CaseCategory.objects.filter(case=case, category__article40_review=True).exists()
        refers = TriageOutcome.ARTICLE_40 in outcomes
        if offence and not refers and not no_article40_reason.strip():
            raise ValidationError(
                _(
                    "Les faits relèvent d'une catégorie susceptible de constituer un crime ou un délit "
                    "(viol, agression sexuelle, violences) : saisissez la direction juridique au titre de "
                    "l'article 40 du code de procédure pénale, ou motivez par écrit l'absence de saisine."
                )
            )
        TriageDecision(
            key_id=case.key_id,
            case=case,
            decided_by=actor,
            outcomes=sorted(outcomes),
            reasoning=reasoning,
            # NULL, not an encrypted empty string: "no reason given" must stay queryable.
            no_article40_reason=no_article40_reason.strip() or None,
        ).save(force_insert=True)
        pending = []
        if TriageOutcome.REQUEST_INFORMATION in outcomes:
            pending.append("information")
        if refers:
            pending.append("article40")
            _handover(actor, case, Handover.Stage.LEGAL, HandoverBasis.OFFENCE)
        if TriageOutcome.OPEN_ENQUIRY in outcomes:
            pending.append("enquiry")
            _handover(actor, case, Handover.Stage.ENQUIRY, HandoverBasis.DECISION)
        engine.pending_set(process, pending)
        audit_record(
            actor=actor,
            action="case.triaged",
            target=case,
            entity_id=case.entity_id,
            details={"outcomes": sorted(outcomes)},
        )

    return engine.task_complete(actor=actor, task=task, apply=apply)


def _handover(actor: User, case: Case, to_stage: str, basis: str) -> None:
    Handover(
        key_id=case.key_id,
        case=case,
        from_stage=Handover.Stage.REFERENT,
        to_stage=to_stage,
        basis=basis,
        recorded_by=actor,
        detail="",
    ).save(force_insert=True)


def information_received(*, actor: User, task: Task, note: str) -> Task:
    def apply(process: CaseProcess, case: Case) -> None:
        if not note.strip():
            raise ValidationError(_("Résumez les informations reçues."))
        from cases.services.cases import note_add

        note_add(actor=actor, case=case, body=note)
        engine.pending_done(process, "information")

    return engine.task_complete(actor=actor, task=task, apply=apply)


def article40_referred(
    *, actor: User, task: Task, sent_on: dt.date, prosecutor_office: str, note: str = ""
) -> Task:
    def apply(process: CaseProcess, case: Case) -> None:
        if not prosecutor_office.strip():
            raise ValidationError(_("Indiquez le parquet destinataire."))
        if sent_on > timezone.localdate():
            raise ValidationError(_("La date de transmission ne peut pas être dans le futur."))
        Article40Referral(
            key_id=case.key_id,
            case=case,
            sent_on=sent_on,
            prosecutor_office=prosecutor_office,
            recorded_by=actor,
            note=note,
        ).save(force_insert=True)
        Handover(
            key_id=case.key_id,
            case=case,
            from_stage=Handover.Stage.LEGAL,
            to_stage=Handover.Stage.PROSECUTOR,
            basis=HandoverBasis.OFFENCE,
            recorded_by=actor,
            detail="",
        ).save(force_insert=True)
        engine.pending_done(process, "article40")

    return engine.task_complete(actor=actor, task=task, apply=apply)


def enquiry_report_received(*, actor: User, task: Task, summary: str) -> Task:
    """A report of an enquiry led outside Recueil reached the referent; the direction decides.

    Refused while an enquiry runs in Recueil: then it is the commission's report
    (``enquiries.services.report_submit``) that moves the case on.
    """

    def apply(process: CaseProcess, case: Case) -> None:
        from enquiries.selectors import running_enquiry_of

        if running_enquiry_of(case) is not None:
            raise ValidationError(
                _(
                    "Une enquête interne est en cours dans Recueil : c'est la remise du rapport "
                    "par la commission qui fera avancer le dossier."
                )
            )
        if not summary.strip():
            raise ValidationError(_("Résumez les conclusions du rapport d'enquête."))
        from cases.services.cases import note_add

        note_add(actor=actor, case=case, body=summary)
        engine.pending_done(process, "enquiry", then=["decision"])

    return engine.task_complete(actor=actor, task=task, apply=apply)


def enquiry_report_submitted(
    *, actor: User, task: Task, apply: Callable[[CaseProcess, Case], None]
) -> Task:
    """The commission's report completes the referent's waiting ``enquiry`` step.

    Called only by ``enquiries.services.report_submit``, which checks that ``actor``
    sits on the enquiry's commission. The step stays the referent's (its owner, who
    follows the enquiry); the audit names the investigator who submitted. Same lock
    and transaction as ``engine.task_complete``: if ``apply`` raises, nothing is stored.
    """
    with transaction.atomic(), CaseFlow.lock(task.process_id):
        task = Task.objects.select_for_update().select_related("process").get(pk=task.pk)
        node = engine.node_of(task)
        if node.name != "enquiry" or task.status not in engine.OPEN:
            raise ValidationError(_("Le dossier n'attend plus le rapport de cette enquête."))
        case = engine.case_of(task)
        if task.status == STATUS.NEW:
            # Released by its referent meanwhile: the step is done all the same.
            task.status = STATUS.ASSIGNED
            task.save(update_fields=["status"])
        activation = node.activation_class(task)
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        process = CaseProcess.objects.get(pk=task.process_id)
        apply(process, case)
        engine.pending_done(process, "enquiry", then=["decision"])
        process.save(update_fields=["data"])
        activation.process.data = process.data
        activation.execute()
        audit_record(
            actor=actor,
            action="task.completed",
            target=case,
            entity_id=case.entity_id,
            details={"task": task.pk, "step": node.name, "by": "enquiry_report"},
        )
        deadlines_refresh(case=case, completed_rule=node.deadline_rule)
        grants_reconcile(case=case, actor=actor, cause="step_done")
    return task


def outcome_decide(*, actor: User, task: Task, outcomes: list[str], reasoning: str) -> Task:
    """The direction decides. The disciplinary track follows from the implicated person's status."""

    def apply(process: CaseProcess, case: Case) -> None:
        if not outcomes:
            raise ValidationError(_("Choisissez au moins une décision."))
        if not reasoning.strip():
            raise ValidationError(_("La motivation de la décision est obligatoire."))
        if set(outcomes) - set(OutcomeDecision.Outcome.values):
            raise ValidationError(_("Décision inconnue."))
        track = ""
        then: list[str] = []
        if OutcomeDecision.Outcome.DISCIPLINARY in outcomes:
            track = disciplinary_track(case)
            then.append("disciplinary")
            _handover(actor, case, Handover.Stage.DISCIPLINE, HandoverBasis.DECISION)
        if (
            OutcomeDecision.Outcome.ARTICLE_40 in outcomes
            and not Article40Referral.objects.filter(case=case).exists()
        ):
            then.append("article40")
            _handover(actor, case, Handover.Stage.LEGAL, HandoverBasis.OFFENCE)
        OutcomeDecision(
            key_id=case.key_id,
            case=case,
            decided_by=actor,
            outcomes=sorted(outcomes),
            disciplinary_track=track,
            reasoning=reasoning,
        ).save(force_insert=True)
        engine.pending_done(process, "decision", then=then)
        audit_record(
            actor=actor,
            action="case.decided",
            target=case,
            entity_id=case.entity_id,
            details={"outcomes": sorted(outcomes), "track": track},
        )

    return engine.task_complete(actor=actor, task=task, apply=apply)


def disciplinary_track(case: Case) -> str:
    statuses = set(case.parties.filter(role=Party.Role.IMPLICATED).values_list("status", flat=True))
    if statuses & {Party.Status.STUDENT, Party.Status.DOCTORAL}:
        return DisciplinaryHearing.Track.STUDENT_COUNCIL
    if statuses & {Party.Status.STAFF_CIVIL, Party.Status.STAFF_CONTRACT}:
        return DisciplinaryHearing.Track.STAFF_EMPLOYER
    if Party.Status.EXTERNAL in statuses:
        return DisciplinaryHearing.Track.EXTERNAL
    raise ValidationError(
        _(
            "Le statut de la personne mise en cause est inconnu : complétez-le avant d'engager une "
            "procédure disciplinaire (élève, personnel ou personne extérieure)."
        )
    )


def disciplinary_engage(
    *,
    actor: User,
    task: Task,
    summons_sent_on: dt.date,
    file_open_from: dt.date,
    hearing_on: dt.date,
    silence_notice: bool,
    counsel_notice: bool,
) -> Task:
    """Schedule the hearing; refused if a notice period or a mandatory notice is missing."""

    def apply(process: CaseProcess, case: Case) -> None:
        problems = [
            v.message
            for v in legal.check_disciplinary_hearing(
                summons_sent_on=summons_sent_on,
                file_open_from=file_open_from,
                hearing_on=hearing_on,
            )
        ]
        if not silence_notice:
            problems.append(
                _(
                    "La personne mise en cause doit être informée de son droit de se taire avant d'être "
                    "entendue (Conseil d'État, 9 mai 2025, n° 499277 ; Conseil constitutionnel, "
                    "décision n° 2024-1105 QPC)."
                )
            )
        if not counsel_notice:
            problems.append(
                _("La convocation doit indiquer le droit de se faire assister d'un conseil.")
            )
        if problems:
            raise ValidationError(problems)
        track = (
            OutcomeDecision.objects.filter(case=case)
            .order_by("-decided_at")
            .values_list("disciplinary_track", flat=True)
            .first()
        )
        DisciplinaryHearing(
            key_id=case.key_id,
            case=case,
            track=track or disciplinary_track(case),
            summons_sent_on=summons_sent_on,
            file_open_from=file_open_from,
            hearing_on=hearing_on,
            silence_notice=silence_notice,
            counsel_notice=counsel_notice,
            recorded_by=actor,
        ).save(force_insert=True)
        engine.pending_done(process, "disciplinary")

    return engine.task_complete(actor=actor, task=task, apply=apply)


def feedback_give(*, actor: User, task: Task, sent_on: dt.date, means: str, summary: str) -> Task:
    def apply(process: CaseProcess, case: Case) -> None:
        if not summary.strip():
            raise ValidationError(_("Indiquez ce qui a été communiqué à la personne."))
        if sent_on > timezone.localdate():
            raise ValidationError(_("La date ne peut pas être dans le futur."))
        Feedback(
            key_id=case.key_id,
            case=case,
            sent_on=sent_on,
            means=means,
            summary=summary,
            recorded_by=actor,
        ).save(force_insert=True)

    return engine.task_complete(actor=actor, task=task, apply=apply)


def case_close(*, actor: User, task: Task, reason: str, detail: str) -> Task:
    def apply(process: CaseProcess, case: Case) -> None:
        if reason not in Closure.Reason.values:
            raise ValidationError(_("Choisissez un motif de clôture."))
        offence = CaseCategory.objects.filter(case=case, category__article40_review=True).exists()
        decided = (
            Article40Referral.objects.filter(case=case).exists()
            or TriageDecision.objects.filter(case=case, no_article40_reason__isnull=False).exists()
        )
        if offence and not decided:
            raise ValidationError(
                _("Aucune décision au titre de l'article 40 n'est enregistrée pour ce dossier.")
            )
        Closure(key_id=case.key_id, case=case, reason=reason, detail=detail, closed_by=actor).save(
            force_insert=True
        )
        Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
        audit_record(
            actor=actor,
            action="case.closed",
            target=case,
            entity_id=case.entity_id,
            details={"reason": reason},
        )

    return engine.task_complete(actor=actor, task=task, apply=apply)


def case_reopen(*, actor: User, case: Case, reason: str) -> CaseProcess:
    """New facts: the case goes back to triage; its whole history stays."""
    if not user_can(actor, case, "triage_case"):
        raise ValidationError(_("Seul·e le·la référent·e du dossier peut le rouvrir."))
    if not reason.strip():
        raise ValidationError(_("Le motif de la réouverture est obligatoire."))
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.status != Case.Status.CLOSED:
            raise ValidationError(_("Seul un dossier clos peut être rouvert."))
        closure = (
            Closure.objects.filter(case=current)
            .filter(reopened_at__isnull=True)
            .order_by("-closed_at")
            .first()
        )
        if closure is not None:
            closure.reopened_at, closure.reopened_by, closure.reopen_reason = (
                timezone.now(),
                actor,
                reason,
            )
            closure.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
        Case.objects.filter(pk=case.pk).update(status=Case.Status.OPEN)
        process = engine.process_start(case=current, reopen=True)
        audit_record(
            actor=actor, action="case.reopened", target=current, entity_id=current.entity_id
        )
        # The reopening referent takes the new triage at once.
        task = Task.objects.get(
            process=process, flow_task_type="HUMAN", status__in=("NEW", "ASSIGNED")
        )
        if task.owner_id is None:
            engine.task_claim(actor=actor, task=task)
        elif task.owner_id != actor.pk:
            engine.task_assign(actor=actor, task=task, assignee=actor)
        deadlines_refresh(case=current)
    return process


def measure_add(
    *,
    actor: User,
    case: Case,
    description: str,
    beneficiary: str,
    decided_by_name: str,
    decided_on: dt.date,
    review_on: dt.date,
) -> ProtectiveMeasure:
    if not user_can(actor, case, "triage_case"):
        raise ValidationError(_("Seul·e le·la référent·e du dossier peut enregistrer une mesure."))
    if not description.strip() or not decided_by_name.strip():
        raise ValidationError(_("Décrivez la mesure et indiquez qui l'a décidée."))
    if review_on <= decided_on:
        raise ValidationError(_("La date de réexamen doit suivre la date de décision."))
    with transaction.atomic():
        measure = ProtectiveMeasure(
            key_id=case.key_id,
            case=case,
            description=description,
            beneficiary=beneficiary,
            decided_by_name=decided_by_name,
            decided_on=decided_on,
            review_on=review_on,
            recorded_by=actor,
            lift_reason="",
        )
        measure.save(force_insert=True)
        audit_record(
            actor=actor,
            action="measure.added",
            target=case,
            entity_id=case.entity_id,
            details={"measure": str(measure.pk)},
        )
    return measure


def measure_lift(
    *,
    actor: User,
    measure: ProtectiveMeasure,
    lifted_on: dt.date,
    reason: str,
    informed_on: dt.date | None,
) -> None:
    if not user_can(actor, measure.case, "triage_case"):
        raise ValidationError(_("Seul·e le·la référent·e du dossier peut lever une mesure."))
    if not reason.strip():
        raise ValidationError(_("Le motif de la levée est obligatoire."))
    with transaction.atomic():
        measure.lifted_on, measure.lift_reason = lifted_on, reason
        measure.reporting_person_informed_on = informed_on
        measure.save(update_fields=["lifted_on", "lift_reason", "reporting_person_informed_on"])
        audit_record(
            actor=actor,
            action="measure.lifted",
            target=measure.case,
            entity_id=measure.case.entity_id,
            details={"measure": str(measure.pk)},
        )
