"""The entity's support directory: seeded national numbers, kept by its administrators,
offered on the intake form, listed in letters."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from cases.core.audit.models import AuditEvent
from cases.models import Role, SupportResource
from cases.services.support import support_defaults_ensure, support_resource_save
from tests.people import login, staff

pytestmark = pytest.mark.django_db


def test_every_directory_starts_with_the_national_numbers_once(school_a):
    support_defaults_ensure(entity=school_a)
    support_defaults_ensure(entity=school_a)
    contacts = set(
        SupportResource.objects.filter(entity=school_a).values_list("contact", flat=True)
    )
    assert {"3919", "119", "17 / 112"} <= contacts
    assert SupportResource.objects.filter(entity=school_a, contact="3919").count() == 1


def test_an_administrator_adds_and_withdraws_an_entry_traced_by_codes_only(school_a):
    admin = staff(Role.ENTITY_ADMIN, school_a)
    entry = support_resource_save(
        actor=admin, entity=school_a, kind="psychologist", name="Dr Durand", contact="01 02"
    )
    support_resource_save(
        actor=admin,
        entity=school_a,
        resource=entry,
        kind="psychologist",
        name="Dr Durand",
        contact="01 02",
        active=False,
    )
    events = AuditEvent.objects.filter(action__startswith="support.").order_by("id")
    assert [e.action for e in events] == ["support.resource_added", "support.resource_changed"]
    assert all("Durand" not in str(e.details) for e in events)


def test_only_the_entitys_administrator_may_change_its_directory(school_a, school_b):
    for someone in (staff(Role.REFERENT, school_a), staff(Role.ENTITY_ADMIN, school_b)):
        with pytest.raises(PermissionDenied):
            support_resource_save(
                actor=someone, entity=school_a, kind="lawyer", name="Barreau", contact=""
            )


def test_the_directory_pages_are_refused_to_other_roles_and_other_schools(school_a, school_b):
    support_defaults_ensure(entity=school_a)
    entry = SupportResource.objects.filter(entity=school_a).first()
    assert entry is not None
    for someone in (
        staff(Role.REFERENT, school_a),
        staff(Role.LISTENER, school_a),
        staff(Role.ENTITY_ADMIN, school_b),
    ):
        client = login(Client(), someone)
        assert client.get(reverse("entity-support", args=[school_a.code])).status_code == 404
        edit = reverse("entity-support-edit", args=[school_a.code, entry.pk])
        assert client.get(edit).status_code == 404
        posted = client.post(edit, {"kind": "other", "name": "Piraté", "active": ""})
        assert posted.status_code == 404
    entry.refresh_from_db()
    assert entry.name != "Piraté" and entry.active


def test_an_entry_of_another_school_cannot_be_edited_through_ones_own(school_a, school_b):
    support_defaults_ensure(entity=school_b)
    foreign = SupportResource.objects.filter(entity=school_b).first()
    assert foreign is not None
    client = login(Client(), staff(Role.ENTITY_ADMIN, school_a))
    edit = reverse("entity-support-edit", args=[school_a.code, foreign.pk])
    assert client.get(edit).status_code == 404
