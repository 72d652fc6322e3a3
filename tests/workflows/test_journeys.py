"""Whole cases through the real views, one per outcome branch; each role sees only its part."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Article40Referral,
    Case,
    CaseDeadline,
    Category,
    Closure,
    DisciplinaryHearing,
    DisciplinaryOutcome,
    Handover,
    Party,
    TriageDecision,
)
from cases.services.cases import party_add
from tests.people import login
from tests.workflows.conftest import intake
from tests.workflows.journey import act, open_steps, open_task
from workflows.steps.closure import case_close

TODAY = timezone.localdate()


def _intake_via_view(client: Client, **overrides) -> None:
    data = {
        "contacted_on": (TODAY - dt.timedelta(days=1)).isoformat(),
        "channel": "phone",
        "contact_kind": "victim",
        "person_status": "student",
        "first_name": "Léa",
        "last_name": "Martin",
        "categories": [Category.objects.get(code="harcelement-sexuel").pk],
        "narrative": "Des messages insistants depuis la rentrée.",
        "orientations": ["psychologist"],
        "consent_to_handover": "on",
    }
    data.update(overrides)
    response = client.post(reverse("intake"), data)
    assert response.status_code == 302, response.context["form"].errors


@pytest.mark.django_db
def test_close_with_orientation(listener_a, referent_a, school_a):
    client = login(Client(), listener_a)
    _intake_via_view(client)
    case = Case.objects.get()
    assert Handover.objects.get(case=case).basis == "consent"
    assert open_steps(case) == ["acknowledge"]

    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [c.pk for c in Category.objects.filter(code="harcelement-sexuel")],
            "outcomes": ["close"],
            "reasoning": "Orientation vers le psychologue, la personne ne souhaite pas d'enquête.",
        },
    )
    act(
        referent_a,
        case,
        "feedback",
        {"sent_on": TODAY.isoformat(), "means": "email", "summary": "Orientation confirmée."},
    )
    act(referent_a, case, "closure", {"reason": "oriented", "detail": ""})

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert open_steps(case) == []
    met = dict(CaseDeadline.objects.filter(case=case).values_list("rule", "met_on"))
    assert met["acknowledgement"] == TODAY and met["triage"] == TODAY and met["feedback"] == TODAY


@pytest.mark.django_db
def test_enquiry_then_disciplinary_procedure(listener_a, referent_a, legal_a, director_a, school_a):
    case = intake(listener_a, school_a).case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "letter"})
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.IMPLICATED,
        status=Party.Status.STUDENT,
        identity={"first_name": "Max", "last_name": "Durand"},
    )
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "outcomes": ["enquiry", "measures"],
            "reasoning": "Faits précis et répétés : enquête interne.",
        },
    )
    assert open_steps(case) == ["enquiry"]
    act(
        referent_a,
        case,
        "enquiry",
        {"summary": "Faits établis : messages répétés à caractère sexuel."},
    )
    assert open_steps(case) == ["decision"]
    act(
        director_a,
        case,
        "decision",
        {"outcomes": ["disciplinary"], "reasoning": "Faits établis et graves."},
    )
    assert open_steps(case) == ["disciplinary"]

    hearing = TODAY
    too_late = act(
        legal_a,
        case,
        "disciplinary",
        {
            "summons_sent_on": (hearing - dt.timedelta(days=14)).isoformat(),
            "file_open_from": (hearing - dt.timedelta(days=12)).isoformat(),
            "hearing_on": hearing.isoformat(),
            "silence_notice": "on",
            "counsel_notice": "on",
        },
        expect_ok=False,
    )
    assert too_late.status_code == 200
    assert "R. 811-31" in too_late.content.decode()
    no_silence = act(
        legal_a,
        case,
        "disciplinary",
        {
            "summons_sent_on": (hearing - dt.timedelta(days=20)).isoformat(),
            "file_open_from": (hearing - dt.timedelta(days=12)).isoformat(),
            "hearing_on": hearing.isoformat(),
            "counsel_notice": "on",
        },
        expect_ok=False,
    )
    assert "droit de se taire" in no_silence.content.decode()
    assert not DisciplinaryHearing.objects.exists()
    act(
        legal_a,
        case,
        "disciplinary",
        {
            "summons_sent_on": (hearing - dt.timedelta(days=20)).isoformat(),
            "file_open_from": (hearing - dt.timedelta(days=12)).isoformat(),
            "hearing_on": hearing.isoformat(),
            "silence_notice": "on",
            "counsel_notice": "on",
        },
    )
    assert (
        DisciplinaryHearing.objects.get(case=case).track
        == DisciplinaryHearing.Track.STUDENT_COUNCIL
    )
    # The legal directorate then records the sanction pronounced, person by person.
    assert open_steps(case) == ["sanction"]
    student = Party.objects.get(case=case, role=Party.Role.IMPLICATED)
    act(
        legal_a,
        case,
        "sanction",
        {
            "party": student.pk,
            "sanction": "st_blame",
            "body_consulted_on": TODAY.isoformat(),
            "pronounced_on": TODAY.isoformat(),
            "grounds": "Messages répétés établis.",
        },
    )
    assert DisciplinaryOutcome.objects.get(party=student).sanction == "st_blame"
    assert open_steps(case) == ["feedback"]
    act(
        referent_a,
        case,
        "feedback",
        {"sent_on": TODAY.isoformat(), "means": "letter", "summary": "Procédure engagée."},
    )
    act(referent_a, case, "closure", {"reason": "procedure_ended", "detail": ""})
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


@pytest.mark.django_db
def test_article_40_is_mandatory_for_rape_and_goes_to_the_legal_directorate(
    listener_a, referent_a, legal_a, school_a
):
    case = intake(listener_a, school_a, categories=("viol",)).case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "hand"})
    viol = [Category.objects.get(code="viol").pk]
    refused = act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": viol,
            "outcomes": ["close"],
            "reasoning": "Orientation.",
        },
        expect_ok=False,
    )
    assert "article 40" in refused.content.decode()
    assert not TriageDecision.objects.exists()
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": viol,
            "outcomes": ["article40", "measures"],
            "reasoning": "Faits susceptibles de constituer un crime.",
        },
    )
    assert open_steps(case) == ["article40"]
    # The referent cannot take the legal directorate's step.
    referent = login(Client(), referent_a)
    task = open_task(case, "article40")
    assert referent.get(reverse("task", kwargs={"task_id": task.pk})).status_code == 404
    act(
        legal_a,
        case,
        "article40",
        {"sent_on": TODAY.isoformat(), "prosecutor_office": "Parquet de Saint-Étienne"},
    )
    assert Article40Referral.objects.filter(case=case).exists()
    assert Handover.objects.filter(case=case, to_stage="prosecutor", basis="offence").exists()
    assert open_steps(case) == ["feedback"]


@pytest.mark.django_db
def test_protective_measures_are_tracked_and_reminded(
    client, listener_a, referent_a, school_a, mailoutbox, django_capture_on_commit_callbacks
):
    from workflows.schedule import deadlines_sweep

    case = intake(listener_a, school_a, danger=True).case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    login(client, referent_a)
    response = client.post(
        reverse("measure-add", kwargs={"case_id": case.pk}),
        {
            "kind": "group_change",
            "description": "Changement de groupe de TD",
            "beneficiary": "La personne qui signale",
            "decided_by_name": "La directrice des études",
            "decided_on": TODAY.isoformat(),
            "review_on": (TODAY + dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # mails leave once committed
        report = deadlines_sweep(TODAY)
    assert report.measures == 1
    assert all("TD" not in m.body for m in mailoutbox)
    measure = case.protective_measures.get()
    assert measure.kind == "group_change"
    client.post(
        reverse("measure-lift", kwargs={"case_id": case.pk, "measure_id": measure.pk}),
        {
            "lifted_on": TODAY.isoformat(),
            "reason": "Fin de l'enquête",
            "informed_on": TODAY.isoformat(),
        },
    )
    measure.refresh_from_db()
    assert measure.lifted_on == TODAY


@pytest.mark.django_db
def test_anonymous_report_with_unknown_implicated_person(
    listener_a, referent_a, director_a, school_a
):
    contact = intake(
        listener_a,
        school_a,
        consent=False,
        legal_basis="anonymous_report",
        channel="anonymous",
        anonymous=True,
        identity={},
    )
    case = contact.case
    assert Handover.objects.get(case=case).basis == "anonymous_report"
    assert case.parties.get().anonymous
    party_add(actor=referent_a, case=case, role=Party.Role.IMPLICATED, anonymous=True, identity={})
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "platform"})
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="harcelement-moral").pk],
            "outcomes": ["enquiry"],
            "reasoning": "Enquête possible malgré l'anonymat.",
        },
    )
    act(referent_a, case, "enquiry", {"summary": "Auteur non identifié."})
    act(
        director_a,
        case,
        "decision",
        {"outcomes": ["no_further_action"], "reasoning": "Auteur inconnu."},
    )
    assert open_steps(case) == ["feedback"]


@pytest.mark.django_db
def test_without_consent_or_legal_basis_a_contact_stays_a_listening_record(listener_a, school_a):
    contact = intake(listener_a, school_a, consent=False, identity={})
    assert contact.case is None
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_a_closed_case_reopens_with_its_history(listener_a, referent_a, school_a):
    case = intake(listener_a, school_a).case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="agissement-sexiste").pk],
            "outcomes": ["close"],
            "reasoning": "Orientation.",
        },
    )
    act(
        referent_a,
        case,
        "feedback",
        {"sent_on": TODAY.isoformat(), "means": "email", "summary": "Orientée."},
    )
    act(referent_a, case, "closure", {"reason": "oriented"})
    client = login(Client(), referent_a)
    response = client.post(
        reverse("case-reopen", kwargs={"case_id": case.pk}), {"reason": "Nouveaux messages reçus."}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == Case.Status.OPEN
    assert open_steps(case) == ["triage"]
    assert Closure.objects.get(case=case).reopened_at is not None
    page = client.get(reverse("case-detail", kwargs={"case_id": case.pk}))
    assert "Réouverture".encode() in page.content and "Clôture".encode() in page.content


@pytest.mark.django_db
def test_an_offence_case_with_a_reasoned_non_referral_can_be_closed_and_one_without_cannot(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a, categories=("violence",)).case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    violence = [Category.objects.get(code="violence").pk]
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": violence,
            "outcomes": ["close"],
            "reasoning": "Orientation.",
            "no_article40_reason": "Faits déjà portés à la connaissance du parquet par la victime.",
        },
    )
    act(
        referent_a,
        case,
        "feedback",
        {"sent_on": TODAY.isoformat(), "means": "email", "summary": "Orientée."},
    )
    act(referent_a, case, "closure", {"reason": "oriented"})
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED

    # A case whose category became an offence after triage cannot be closed silently.
    other = intake(listener_a, school_a).case
    act(referent_a, other, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    act(
        referent_a,
        other,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="harcelement-moral").pk],
            "outcomes": ["close"],
            "reasoning": "Orientation.",
        },
    )
    from cases.models import CaseCategory

    CaseCategory.objects.create(case=other, category=Category.objects.get(code="viol"))
    act(
        referent_a,
        other,
        "feedback",
        {"sent_on": TODAY.isoformat(), "means": "email", "summary": "Orientée."},
    )
    task = open_task(other, "closure")
    assert task.owner == referent_a  # the referent in charge gets the next step directly
    with pytest.raises(Exception, match="article 40"):
        case_close(actor=referent_a, task=task, reason="oriented", detail="")
    assert Case.objects.get(pk=other.pk).status == Case.Status.OPEN
