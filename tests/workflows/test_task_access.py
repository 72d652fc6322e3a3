"""Who may see, take and do a task; two people acting at once; inboxes at constant cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Role
from cases.services.access import conflict_declare
from tests.people import login, staff
from tests.workflows.conftest import intake
from tests.workflows.journey import act, open_task
from workflows import engine
from workflows.schedule import deadlines_sweep

TODAY = timezone.localdate()


def _task_routes(task) -> list[tuple[str, str]]:
    return [
        ("get", reverse("task", kwargs={"task_id": task.pk})),
        ("post", reverse("task-claim", kwargs={"task_id": task.pk})),
        ("post", reverse("task-release", kwargs={"task_id": task.pk})),
        ("post", reverse("task-assign", kwargs={"task_id": task.pk})),
        ("post", reverse("task-conflict", kwargs={"task_id": task.pk})),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who",
    ["listener", "investigator", "steering", "entity_admin", "legal", "director", "referent_b"],
)
def test_people_without_the_step_role_in_the_entity_get_404_on_every_task_route(
    who, listener_a, school_a, school_b
):
    case = intake(listener_a, school_a).case
    task = open_task(case, "acknowledge")
    person = staff(Role.REFERENT, school_b) if who == "referent_b" else staff(who, school_a)
    client = login(Client(), person)
    for method, url in _task_routes(task):
        assert getattr(client, method)(url).status_code == 404, (who, url)
    task.refresh_from_db()
    assert task.owner_id is None


@pytest.mark.django_db
def test_a_referent_in_conflict_cannot_see_or_take_the_task(listener_a, referent_a, school_a):
    case = intake(listener_a, school_a).case
    conflict_declare(actor=referent_a, case=case, user=referent_a, reason="je connais la personne")
    client = login(Client(), referent_a)
    task = open_task(case, "acknowledge")
    assert client.get(reverse("task", kwargs={"task_id": task.pk})).status_code == 404
    inbox = client.get(reverse("inbox"))
    assert case.reference not in inbox.content.decode()


@pytest.mark.django_db
def test_the_pool_shows_the_reference_but_not_the_content_until_claimed(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a, narrative="CONTENU-PRIVE des faits").case
    client = login(Client(), referent_a)
    assert case.reference in client.get(reverse("inbox")).content.decode()
    task = open_task(case, "acknowledge")
    before = client.get(reverse("task", kwargs={"task_id": task.pk}))
    assert b"CONTENU-PRIVE" not in before.content
    client.post(reverse("task-claim", kwargs={"task_id": task.pk}))
    after = client.get(reverse("task", kwargs={"task_id": task.pk}))
    assert b"CONTENU-PRIVE" in after.content


@pytest.mark.django_db
def test_the_second_person_to_claim_is_told_clearly(listener_a, referent_a, school_a):
    other = staff(Role.REFERENT, school_a)
    case = intake(listener_a, school_a).case
    task = open_task(case, "acknowledge")
    first, second = login(Client(), referent_a), login(Client(), other)
    page = second.get(
        reverse("task", kwargs={"task_id": task.pk})
    )  # opened before the first claims
    assert page.status_code == 200
    first.post(reverse("task-claim", kwargs={"task_id": task.pk}))
    with pytest.raises(engine.TaskUnavailable):
        engine.task_claim(actor=other, task=task)
    response = second.post(reverse("task-claim", kwargs={"task_id": task.pk}), follow=True)
    assert response.status_code == 404 or "déjà" in response.content.decode()


@pytest.mark.django_db
def test_a_step_submitted_twice_is_applied_once(listener_a, referent_a, school_a):
    case = intake(listener_a, school_a).case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    task = case.processes.get().task_set.get(flow_task_type="HUMAN", status="DONE")
    with pytest.raises(engine.TaskUnavailable):
        engine.task_complete(actor=referent_a, task=task, apply=lambda c: None)
    from cases.models import Acknowledgement

    assert Acknowledgement.objects.get(case=case).sent_on == TODAY


@pytest.mark.django_db
def test_a_referent_reassigns_a_task_to_a_colleague_but_not_to_someone_in_conflict(
    listener_a, referent_a, school_a
):
    colleague, conflicted = staff(Role.REFERENT, school_a), staff(Role.REFERENT, school_a)
    case = intake(listener_a, school_a).case
    conflict_declare(actor=conflicted, case=case, user=conflicted, reason="lien")
    task = open_task(case, "acknowledge")
    engine.task_claim(actor=referent_a, task=task)
    with pytest.raises(engine.TaskUnavailable):
        engine.task_assign(actor=referent_a, task=task, assignee=conflicted)
    engine.task_assign(actor=referent_a, task=task, assignee=colleague)
    task.refresh_from_db()
    assert task.owner == colleague


@pytest.mark.django_db
def test_reminders_and_escalations_carry_no_case_content(
    listener_a, referent_a, director_a, school_a, mailoutbox, django_capture_on_commit_callbacks
):
    for user in (referent_a, director_a):
        user.email = f"{user.username}@example.invalid"
        user.save()
    backup = staff(Role.REFERENT, school_a)
    backup.email = "backup@example.invalid"
    backup.save()
    received = TODAY - dt.timedelta(days=20)
    case = intake(listener_a, school_a, contacted_on=received, narrative="RECIT-SECRET").case
    engine.task_claim(actor=referent_a, task=open_task(case, "acknowledge"))
    with django_capture_on_commit_callbacks(execute=True):  # mails leave once committed
        report = deadlines_sweep(TODAY)
    assert report.escalated >= 1  # acknowledgement (7 working days) is long past
    recipients = {address for m in mailoutbox for address in m.to}
    assert {"backup@example.invalid", "director.a@example.invalid"} <= recipients
    assert "referent.a@example.invalid" not in {
        a for m in mailoutbox if "dépassée" in m.subject for a in m.to
    }
    for message in mailoutbox:
        assert "RECIT-SECRET" not in message.body
        assert case.reference not in message.body and case.reference not in message.subject
        assert "/inbox/" in message.body
    again = deadlines_sweep(TODAY)
    assert again.escalated == 0 and again.reminded == 0


@pytest.mark.django_db
def test_the_inbox_costs_the_same_number_of_queries_for_3_or_30_cases(
    listener_a, referent_a, school_a, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    client = login(Client(), referent_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("inbox")).status_code == 200
        return len(captured.captured_queries)

    for _ in range(3):
        engine.task_claim(
            actor=referent_a, task=open_task(intake(listener_a, school_a).case, "acknowledge")
        )
    intake(listener_a, school_a)
    count()  # the first request of a session also reads the person's roles
    small = count()
    for _ in range(27):
        engine.task_claim(
            actor=referent_a, task=open_task(intake(listener_a, school_a).case, "acknowledge")
        )
    for _ in range(5):
        intake(listener_a, school_a)
    assert count() == small


@pytest.mark.django_db
def test_a_long_inbox_is_paged_with_its_total_and_every_task_reachable(
    listener_a, referent_a, school_a, monkeypatch
):
    from workflows import inbox

    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)
    tasks = [
        engine.task_claim(
            actor=referent_a, task=open_task(intake(listener_a, school_a).case, "acknowledge")
        )
        for _ in range(5)
    ]
    client = login(Client(), referent_a)
    seen: set[int] = set()
    for number in (1, 2, 3):
        page = client.get(reverse("inbox"), {"mine": number}).context["mine"]
        assert (page.number, page.pages, page.total) == (number, 3, 5)
        seen |= {row.pk for row in page.rows}
    assert seen == {t.pk for t in tasks}
    html = client.get(reverse("inbox"), {"mine": 2}).content.decode()
    assert "Page 2 sur 3 (5 tâches)" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    # Past the end (tasks done meanwhile) or garbage: a real page, never an error.
    assert client.get(reverse("inbox"), {"mine": 9}).context["mine"].number == 3
    assert client.get(reverse("inbox"), {"mine": "x"}).context["mine"].number == 1
