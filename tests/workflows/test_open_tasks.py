"""Inbox rows (``OpenTask``) follow viewflow's tasks in the same transaction."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.models import Role, RoleMembership
from cases.services.access import conflict_declare
from tests.people import staff
from tests.workflows.conftest import intake
from tests.workflows.journey import act, inbox_rows_match, open_task
from workflows import engine
from workflows.inbox import inbox_read
from workflows.models import OpenTask
from workflows.selectors import claimable_tasks, my_tasks

TODAY = timezone.localdate()


def _in(rows, task) -> bool:
    return rows.filter(task=task).exists()


@pytest.mark.django_db
def test_a_new_report_is_in_the_pool_with_its_acknowledgement_due_date(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a).case
    task = open_task(case, "acknowledge")
    row = OpenTask.objects.get(task=task)
    assert (row.step, row.owner_id, row.status, row.entity_id) == (
        "acknowledge",
        None,
        "NEW",
        school_a.pk,
    )
    assert row.due_on == case.deadlines.get(rule="acknowledgement").due_on
    assert _in(claimable_tasks(referent_a), task)
    assert not _in(my_tasks(referent_a), task)


@pytest.mark.django_db
def test_claiming_moves_the_row_to_the_claimants_inbox_and_releasing_puts_it_back(
    listener_a, referent_a, school_a
):
    colleague = staff(Role.REFERENT, school_a)
    case = intake(listener_a, school_a).case
    task = open_task(case, "acknowledge")
    engine.task_claim(actor=referent_a, task=task)
    assert _in(my_tasks(referent_a), task)
    assert not _in(claimable_tasks(colleague), task)
    inbox_rows_match(case)
    engine.task_release(actor=referent_a, task=task)
    assert not _in(my_tasks(referent_a), task)
    assert _in(claimable_tasks(colleague), task)
    inbox_rows_match(case)


@pytest.mark.django_db
def test_reassignment_moves_the_row_to_the_new_owner(listener_a, referent_a, school_a):
    colleague = staff(Role.REFERENT, school_a)
    case = intake(listener_a, school_a).case
    task = open_task(case, "acknowledge")
    engine.task_claim(actor=referent_a, task=task)
    engine.task_assign(actor=referent_a, task=task, assignee=colleague)
    assert _in(my_tasks(colleague), task)
    assert not _in(my_tasks(referent_a), task)
    inbox_rows_match(case)


@pytest.mark.django_db
def test_a_done_step_leaves_the_inboxes_and_the_next_one_arrives_with_its_due_date(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a).case
    acknowledge = open_task(case, "acknowledge")
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    assert not OpenTask.objects.filter(task=acknowledge).exists()
    triage = open_task(case, "triage")
    row = OpenTask.objects.get(task=triage)
    # A referent step goes straight to the referent already in charge.
    assert row.owner_id == referent_a.pk
    assert row.due_on == case.deadlines.get(rule="triage").due_on
    assert [r.pk for r in my_tasks(referent_a)] == [row.pk]


@pytest.mark.django_db
def test_a_conflict_declared_after_the_row_was_written_hides_the_task_from_the_pool(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a).case
    task = open_task(case, "acknowledge")
    assert _in(claimable_tasks(referent_a), task)
    conflict_declare(actor=referent_a, case=case, user=referent_a, reason="lien")
    assert not _in(claimable_tasks(referent_a), task)


@pytest.mark.django_db
def test_the_pool_holds_only_the_steps_of_the_users_role_in_their_own_entity(
    listener_a, referent_a, legal_a, school_a, school_b
):
    case = intake(listener_a, school_a).case
    task = open_task(case, "acknowledge")
    assert not _in(claimable_tasks(legal_a), task)
    assert not _in(claimable_tasks(staff(Role.REFERENT, school_b)), task)


def _page_ids(page) -> list[int]:
    return [row.pk for row in page.rows]


@pytest.mark.django_db
def test_the_inbox_statement_lists_the_same_rows_in_the_same_order_as_the_selectors(
    listener_a, referent_a, school_a, school_b
):
    """The inbox page's hand-written SQL and the ORM selectors agree, page by page."""
    listener_b = staff(Role.LISTENER, school_b)
    RoleMembership.objects.create(user=referent_a, entity=school_b, role=Role.REFERENT)
    cases = [intake(listener_a, school_a).case for _ in range(4)]
    cases += [intake(listener_b, school_b).case for _ in range(3)]
    conflict_declare(actor=referent_a, case=cases[1], user=referent_a, reason="lien")
    for case in cases[2:4]:
        engine.task_claim(actor=referent_a, task=open_task(case, "acknowledge"))
    memberships = list(referent_a.memberships.values_list("entity_id", "role"))
    mine = list(my_tasks(referent_a).values_list("task_id", flat=True))
    pool = list(claimable_tasks(referent_a, memberships).values_list("task_id", flat=True))
    assert (len(mine), len(pool)) == (2, 4)  # one case in conflict is left out
    for number in (1, 2):
        found = inbox_read(
            referent_a, memberships, mine_number=1, pool_number=number, today=TODAY, size=2
        )
        assert _page_ids(found.mine) == mine
        assert _page_ids(found.claimable) == pool[(number - 1) * 2 : number * 2]
        assert (found.mine.total, found.claimable.total) == (2, 4)
    assert open_task(cases[1], "acknowledge").pk not in pool


@pytest.mark.django_db
def test_a_page_past_the_end_shows_the_last_one(listener_a, referent_a, school_a):
    for _ in range(3):
        intake(listener_a, school_a)
    memberships = list(referent_a.memberships.values_list("entity_id", "role"))
    found = inbox_read(referent_a, memberships, pool_number=9, today=TODAY, size=2)
    assert (found.claimable.number, found.claimable.pages, len(found.claimable.rows)) == (2, 2, 1)
    assert found.mine.number == 1 and found.mine.rows == []


@pytest.mark.django_db
def test_someone_without_a_claimable_role_gets_an_empty_pool_in_the_same_statement(
    listener_a, school_a
):
    intake(listener_a, school_a)
    memberships = list(listener_a.memberships.values_list("entity_id", "role"))
    found = inbox_read(listener_a, memberships, today=TODAY)
    assert found.claimable.rows == [] and found.claimable.total == 0
