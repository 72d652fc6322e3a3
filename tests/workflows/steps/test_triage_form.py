"""The triage form starts from the case: the listener's categories ticked, the conflict box required."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Category, TriageDecision
from tests.people import login
from tests.workflows.conftest import intake
from tests.workflows.journey import act, open_task

pytestmark = pytest.mark.django_db


def _triage_page(listener_a, school_a, referent_a):
    case = intake(listener_a, school_a, categories=("harcelement-sexuel", "cyberharcelement")).case
    act(
        referent_a,
        case,
        "acknowledge",
        {"sent_on": timezone.localdate().isoformat(), "means": "email"},
    )
    task = open_task(case, "triage")
    client = login(Client(), referent_a)
    client.post(reverse("task-claim", kwargs={"task_id": task.pk}))
    return client, task


def test_triage_ticks_the_categories_the_listener_chose(listener_a, school_a, referent_a):
    client, task = _triage_page(listener_a, school_a, referent_a)
    form = client.get(reverse("task", kwargs={"task_id": task.pk})).context["form"]
    ticked = set(form["categories"].value())
    expected = set(
        Category.objects.filter(code__in=["harcelement-sexuel", "cyberharcelement"]).values_list(
            "pk", flat=True
        )
    )
    assert {int(v) for v in ticked} == expected


def test_the_conflict_box_is_required_and_marked(listener_a, school_a, referent_a):
    client, task = _triage_page(listener_a, school_a, referent_a)
    page = client.get(reverse("task", kwargs={"task_id": task.pk}))
    assert page.context["form"].fields["no_conflict_confirmed"].required
    html = page.content.decode()
    # The apostrophe is escaped as the form renderer's engine escapes it (&#39; or &#x27;).
    label_at = html.index("avoir aucun conflit")
    assert 'class="required"' in html[label_at : label_at + 200]
    refused = client.post(
        reverse("task", kwargs={"task_id": task.pk}),
        {
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "outcomes": ["information"],
            "reasoning": "Motivation.",
        },
    )
    assert "no_conflict_confirmed" in refused.context["form"].errors
    assert not TriageDecision.objects.exists()
