"""Per-case access: granted per object only, revoked at once, refused in conflict, 404 otherwise."""

from __future__ import annotations

import re
from typing import cast

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import AuditEvent, Case, Party, Role, User
from cases.selectors.cases import cases_for
from cases.services.access import ConflictOfInterest, access_grant, access_revoke, conflict_declare
from cases.services.cases import attachment_add, party_add
from tests.builders import case_for
from tests.people import UserFactory, login, staff


def _routes(case, attachment=None) -> list[str]:
    routes = [
        reverse("case-detail", kwargs={"case_id": case.pk}),
        reverse("case-history", kwargs={"case_id": case.pk}),
    ]
    if attachment is not None:
        routes.append(
            reverse("case-attachment", kwargs={"case_id": case.pk, "attachment_id": attachment.pk})
        )
    return routes


@pytest.fixture
def case_a(referent_a, school_a) -> Case:
    return case_for(referent_a, school_a, narrative="récit confidentiel")


@pytest.fixture
def pdf(case_a, referent_a):
    return attachment_add(
        actor=referent_a,
        case=case_a,
        filename="x.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4 x",
    )


@pytest.mark.django_db
def test_the_referent_holding_the_case_reads_it_and_the_read_is_logged(
    client, referent_a, case_a, pdf
):
    login(client, referent_a)
    for route in _routes(case_a, pdf):
        assert client.get(route).status_code == 200, route
    reads = AuditEvent.objects.filter(action="case.read", object_id=str(case_a.pk))
    assert sorted(reads.values_list("details__what", flat=True)) == [
        "attachment",
        "case",
        "history",
    ]


@pytest.mark.django_db
def test_a_referent_of_another_entity_gets_404_everywhere(client, referent_b, case_a, pdf):
    login(client, referent_b)
    for route in _routes(case_a, pdf):
        assert client.get(route).status_code == 404, route


@pytest.mark.django_db
def test_a_referent_of_the_same_entity_without_a_grant_gets_404(client, school_a, case_a, pdf):
    colleague = staff(Role.REFERENT, school_a)
    login(client, colleague)
    for route in _routes(case_a, pdf):
        assert client.get(route).status_code == 404, route


@pytest.mark.django_db
def test_a_missing_case_and_a_forbidden_case_look_the_same(client, referent_b, case_a):
    login(client, referent_b)
    forbidden = client.get(reverse("case-detail", kwargs={"case_id": case_a.pk}))
    missing = client.get(
        reverse("case-detail", kwargs={"case_id": "00000000-0000-0000-0000-000000000000"})
    )
    assert forbidden.status_code == missing.status_code == 404

    # Same page, but for the address typed (echoed in the language switcher) and the
    # per-response CSRF masking.
    def normalised(content: bytes, case_id: str) -> bytes:
        content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
        return content.replace(case_id.encode(), b"ID")

    assert normalised(forbidden.content, str(case_a.pk)) == normalised(
        missing.content, "00000000-0000-0000-0000-000000000000"
    )


@pytest.mark.django_db
def test_a_global_permission_still_shows_no_case(client, school_a, case_a):
    curious = staff(Role.DIRECTOR, school_a)
    curious.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="cases", codename__endswith="case")
    )
    assert cases_for(curious).count() == 0
    login(client, curious)
    assert client.get(reverse("case-detail", kwargs={"case_id": case_a.pk})).status_code == 404


@pytest.mark.django_db
def test_a_superuser_without_a_grant_sees_no_case(client, case_a):
    root = cast(User, UserFactory(is_superuser=True, is_staff=True))
    assert cases_for(root).count() == 0
    login(client, root)
    assert client.get(reverse("case-detail", kwargs={"case_id": case_a.pk})).status_code == 404


@pytest.mark.django_db
def test_history_needs_its_own_permission(client, school_a, case_a):
    reader = staff(Role.INVESTIGATOR, school_a)
    access_grant(
        actor=None, case=case_a, user=reader, permissions=["view_case"], reason="appointment"
    )
    login(client, reader)
    assert client.get(reverse("case-detail", kwargs={"case_id": case_a.pk})).status_code == 200
    assert client.get(reverse("case-history", kwargs={"case_id": case_a.pk})).status_code == 404


@pytest.mark.django_db
def test_revocation_takes_effect_on_the_next_request(client, school_a, case_a, referent_a):
    reader = staff(Role.INVESTIGATOR, school_a)
    access_grant(
        actor=referent_a, case=case_a, user=reader, permissions=["view_case"], reason="appointment"
    )
    login(client, reader)
    url = reverse("case-detail", kwargs={"case_id": case_a.pk})
    assert client.get(url).status_code == 200
    access_revoke(actor=referent_a, case=case_a, user=reader, reason="end_of_task")
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="access.revoked", object_id=str(case_a.pk)).exists()


@pytest.mark.django_db
def test_a_person_in_conflict_can_never_be_granted_access(school_a, case_a, referent_a):
    colleague = staff(Role.INVESTIGATOR, school_a)
    conflict_declare(actor=colleague, case=case_a, user=colleague, reason="je connais la personne")
    with pytest.raises(ConflictOfInterest):
        access_grant(
            actor=referent_a,
            case=case_a,
            user=colleague,
            permissions=["view_case"],
            reason="appointment",
        )
    assert cases_for(colleague).count() == 0


@pytest.mark.django_db
def test_declaring_a_conflict_revokes_existing_access(school_a, case_a, referent_a):
    colleague = staff(Role.INVESTIGATOR, school_a)
    access_grant(
        actor=referent_a,
        case=case_a,
        user=colleague,
        permissions=["view_case"],
        reason="appointment",
    )
    conflict_declare(actor=referent_a, case=case_a, user=colleague, reason="lien familial")
    assert cases_for(colleague).count() == 0


@pytest.mark.django_db
def test_a_staff_member_named_as_a_party_is_excluded_from_the_case(school_a, case_a, referent_a):
    named = staff(Role.REFERENT, school_a)
    party_add(
        actor=referent_a,
        case=case_a,
        role=Party.Role.IMPLICATED,
        identity={"last_name": "X"},
        account=named,
    )
    with pytest.raises(ConflictOfInterest):
        access_grant(
            actor=referent_a,
            case=case_a,
            user=named,
            permissions=["view_case"],
            reason="assignment",
        )


@pytest.mark.django_db
def test_a_grant_needs_a_reason(school_a, case_a, referent_a):
    colleague = staff(Role.INVESTIGATOR, school_a)
    with pytest.raises(ValidationError):
        access_grant(
            actor=referent_a, case=case_a, user=colleague, permissions=["view_case"], reason=" "
        )


@pytest.mark.django_db
def test_my_cases_page_lists_only_granted_cases_newest_first(
    client, referent_a, referent_b, school_a, school_b
):
    from cases.selectors.cases import case_list_rows, case_page_for

    mine = [case_for(referent_a, school_a, narrative=f"n{n}") for n in range(3)]
    case_for(referent_b, school_b)
    assert [c.pk for c in case_page_for(referent_a)] == [c.pk for c in reversed(mine)]
    rows = case_list_rows(referent_a)
    assert [r.url for r in rows] == [
        reverse("case-detail", kwargs={"case_id": c.pk}) for c in reversed(mine)
    ]
    assert [(r.reference, r.entity_name, r.status_label) for r in rows] == [
        (c.reference, school_a.name, c.get_status_display()) for c in reversed(mine)
    ]
    login(client, referent_a)
    page = client.get(reverse("case-list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert all(c.reference in body for c in mine)
    assert "SCHOOL-B" not in body
