"""Who is told by mail when work arrives: the pool's role holders for a new task, the
assignee of a task handed over, the director when a report asks for a decision — and
nothing of the case in the message."""

from __future__ import annotations

import pytest

from cases.core.accounts.notices import notice_link
from cases.models import Role
from cases.services.access import conflict_declare
from tests.people import staff
from tests.workflows.conftest import intake
from tests.workflows.journey import open_task
from workflows import engine
from workflows.signals import pool_people

pytestmark = pytest.mark.django_db
SECRET = "RECIT-TRES-SECRET"


def _no_content(mailoutbox, case) -> None:
    assert mailoutbox
    for message in mailoutbox:
        text = message.subject + message.body
        assert SECRET not in text and "Léa" not in text and "Martin" not in text
        assert case.reference not in text and str(case.pk) not in text
        assert "Accuser" not in text  # not even the step
        assert notice_link() in message.body


def test_a_new_task_in_the_pool_is_told_to_the_entitys_holders_of_its_role(
    listener_a, referent_a, referent_b, school_a, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = staff(Role.REFERENT, school_a, username="referent.a2")
    director = staff(Role.DIRECTOR, school_a, username="director.a")
    with django_capture_on_commit_callbacks(execute=True):
        case = intake(listener_a, school_a, narrative=SECRET).case
    recipients = {a for m in mailoutbox for a in m.to}
    assert recipients == {referent_a.email, colleague.email}
    assert referent_b.email not in recipients and director.email not in recipients
    assert listener_a.email not in recipients
    _no_content(mailoutbox, case)


def test_someone_in_conflict_with_the_case_is_not_told(listener_a, referent_a, school_a):
    case = intake(listener_a, school_a).case
    conflicted = staff(Role.REFERENT, school_a, username="referent.conflicted")
    conflict_declare(actor=conflicted, case=case, user=conflicted, reason="parent")
    people = set(pool_people(case.pk, school_a.pk, Role.REFERENT))
    assert people == {referent_a}


def test_a_task_handed_over_is_told_to_its_new_owner_only(
    listener_a, referent_a, school_a, mailoutbox, django_capture_on_commit_callbacks
):
    case = intake(listener_a, school_a, narrative=SECRET).case
    task = open_task(case, "acknowledge")
    engine.task_claim(actor=referent_a, task=task)
    colleague = staff(Role.REFERENT, school_a, username="referent.a2")
    with django_capture_on_commit_callbacks(execute=True):
        engine.task_assign(actor=referent_a, task=task, assignee=colleague)
    assert [m.to for m in mailoutbox] == [[colleague.email]]
    _no_content(mailoutbox, case)
