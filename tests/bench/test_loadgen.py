from __future__ import annotations

import random

import pytest
from django.db.models import Count, Q
from viewflow.workflow.models import Task

from bench.loadgen import generate_load
from bench.loadgen_procedure import STAGES, stage_pick
from cases.models import Case, CaseDeadline, Contact, Role, User
from cases.selectors.cases import cases_for
from cases.services.audit import audit_verify
from workflows.models import CaseProcess, OpenTask
from workflows.nodes import CaseTask
from workflows.selectors import claimable_tasks, my_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    return generate_load(cases=120, entities=2, seed=7)


def test_every_generated_case_has_one_process_with_its_finished_and_open_steps(generated):
    assert Case.objects.count() == 120
    assert CaseProcess.objects.count() == 120
    open_per_case = CaseProcess.objects.annotate(
        open=Count("task", filter=~Q(task__status="DONE"))
    ).values_list("case__status", "open")
    for status, open_tasks in open_per_case:
        assert open_tasks == (0 if status == Case.Status.CLOSED else 1)
    open_human_tasks = Task.objects.filter(status__in=("NEW", "ASSIGNED"))
    assert OpenTask.objects.count() == open_human_tasks.count() > 0


def test_generated_tasks_are_real_steps_of_the_case_flow_that_inboxes_show(generated):
    task = Task.objects.filter(status="ASSIGNED").select_related("owner").first()
    assert isinstance(task.flow_task, CaseTask)
    assert task.flow_task.role == Role.REFERENT
    assert my_tasks(task.owner).filter(task=task).exists()
    waiting = Task.objects.filter(status="NEW").first()
    if waiting is not None:
        node = waiting.flow_task
        entity = waiting.process.caseprocess.case.entity
        holder = User.objects.filter(memberships__entity=entity, memberships__role=node.role)[0]
        assert claimable_tasks(holder).filter(task=waiting).exists()


def test_generated_cases_are_visible_to_their_referent_and_their_data_decrypts(generated):
    case = Case.objects.first()
    referent = Task.objects.filter(process__caseprocess__case=case, owner__isnull=False)[0].owner
    assert cases_for(referent).filter(pk=case.pk).exists()
    assert case.narrative.strip()
    assert Contact.objects.filter(case=case).get().narrative.startswith("Premier contact")


def test_generated_load_has_listening_records_deadlines_and_an_intact_audit_chain(generated):
    assert Contact.objects.filter(case__isnull=True).exists()
    assert CaseDeadline.objects.filter(rule="acknowledgement").count() == 120
    assert audit_verify().intact


def test_generated_cases_span_several_years_and_every_step_of_the_flow():
    rng = random.Random(3)
    picked = {stage_pick(rng) for _ in range(2000)}
    assert picked == set(STAGES)
    generate_load(cases=300, entities=1, seed=3)
    years = {c.created_at.year for c in Case.objects.only("created_at")}
    assert len(years) >= 2
