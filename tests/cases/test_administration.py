"""Entity administrators manage accounts and roles of their own entity only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import AuditEvent, Role, RoleMembership, User
from tests.people import login, totp_device


@pytest.mark.django_db
def test_admin_sees_the_accounts_of_their_entity(client, admin_a, referent_a, referent_b):
    login(client, admin_a)
    page = client.get(reverse("entity-accounts", kwargs={"code": "school-a"}))
    assert page.status_code == 200
    assert b"referent.a" in page.content
    assert b"referent.b" not in page.content


@pytest.mark.django_db
def test_admin_of_another_entity_gets_404_for_the_list(client, admin_b, referent_a):
    login(client, admin_b)
    assert client.get(reverse("entity-accounts", kwargs={"code": "school-a"})).status_code == 404


@pytest.mark.django_db
def test_a_referent_is_not_an_administrator(client, referent_a):
    login(client, referent_a)
    assert client.get(reverse("entity-accounts", kwargs={"code": "school-a"})).status_code == 404


@pytest.mark.django_db
def test_admin_of_another_entity_gets_404_for_every_account_action(client, admin_b, referent_a):
    login(client, admin_b)
    membership = referent_a.memberships.get()
    kwargs = {"code": "school-a", "user_id": referent_a.pk}
    assert client.get(reverse("entity-account", kwargs=kwargs)).status_code == 404
    assert (
        client.post(reverse("entity-role-grant", kwargs=kwargs), {"role": "director"}).status_code
        == 404
    )
    revoke = reverse("entity-role-revoke", kwargs={**kwargs, "membership_id": membership.pk})
    assert client.post(revoke).status_code == 404
    reset = reverse("entity-second-factor-reset", kwargs=kwargs)
    assert client.post(reset).status_code == 404
    # Through their own entity's URL, a person of another entity is not found either.
    own = {"code": "school-b", "user_id": referent_a.pk}
    assert client.post(reverse("entity-second-factor-reset", kwargs=own)).status_code == 404
    assert RoleMembership.objects.filter(user=referent_a).count() == 1


@pytest.mark.django_db
def test_admin_creates_an_account_with_roles_and_a_one_time_password(client, admin_a):
    login(client, admin_a)
    response = client.post(
        reverse("entity-accounts", kwargs={"code": "school-a"}),
        {
            "username": "new-listener",
            "first_name": "Alex",
            "last_name": "Durand",
            "email": "alex@example.invalid",
            "roles": ["listener", "referent"],
        },
    )
    assert response.status_code == 200
    user = User.objects.get(username="new-listener")
    assert set(user.memberships.values_list("role", flat=True)) == {"listener", "referent"}
    assert user.memberships.get(role="listener").entity.code == "school-a"
    assert AuditEvent.objects.filter(action="account.created", object_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_duplicate_username_is_refused_and_nothing_changes(client, admin_a, referent_a):
    login(client, admin_a)
    before = RoleMembership.objects.count()
    response = client.post(
        reverse("entity-accounts", kwargs={"code": "school-a"}),
        {
            "username": "referent.a",
            "first_name": "X",
            "last_name": "Y",
            "email": "x@example.invalid",
            "roles": ["director"],
        },
    )
    assert response.status_code == 200
    assert RoleMembership.objects.count() == before
    assert not referent_a.memberships.filter(role="director").exists()


@pytest.mark.django_db
def test_admin_grants_and_revokes_a_role_with_an_audit_trail(client, admin_a, referent_a):
    login(client, admin_a)
    kwargs = {"code": "school-a", "user_id": referent_a.pk}
    client.post(reverse("entity-role-grant", kwargs=kwargs), {"role": "investigator"})
    membership = referent_a.memberships.get(role="investigator")
    client.post(reverse("entity-role-revoke", kwargs={**kwargs, "membership_id": membership.pk}))
    assert not referent_a.memberships.filter(role="investigator").exists()
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(referent_a.pk), action__startswith="role."
        ).values_list("action", flat=True)
    )
    assert actions == ["role.granted", "role.revoked"]


@pytest.mark.django_db
def test_last_administrator_cannot_remove_their_own_role(client, admin_a):
    login(client, admin_a)
    membership = admin_a.memberships.get(role=Role.ENTITY_ADMIN)
    kwargs = {"code": "school-a", "user_id": admin_a.pk, "membership_id": membership.pk}
    client.post(reverse("entity-role-revoke", kwargs=kwargs))
    assert admin_a.memberships.filter(role=Role.ENTITY_ADMIN).exists()


@pytest.mark.django_db
def test_second_factor_reset_sends_the_person_back_to_enrolment(client, admin_a, referent_a):
    totp_device(referent_a)
    login(client, admin_a)
    client.post(
        reverse("entity-second-factor-reset", kwargs={"code": "school-a", "user_id": referent_a.pk})
    )
    assert not TOTPDevice.objects.filter(user=referent_a).exists()
    assert AuditEvent.objects.filter(action="security.second_factor_reset").exists()


@pytest.mark.django_db
def test_a_person_in_two_entities_can_be_managed_by_either_admin_for_their_own_entity(
    client, admin_a, admin_b, school_b, referent_a
):
    RoleMembership.objects.create(user=referent_a, entity=school_b, role=Role.INVESTIGATOR)
    login(client, admin_b)
    page = client.get(
        reverse("entity-account", kwargs={"code": "school-b", "user_id": referent_a.pk})
    )
    assert page.status_code == 200
    # Only the roles held in school B are shown to school B's admin.
    assert [m.role for m in page.context["member"].roles_here] == [Role.INVESTIGATOR]


@pytest.mark.django_db
def test_an_admin_sets_the_letterhead_details_of_their_entity_and_letters_use_them(
    client, admin_a, school_a, school_b
):
    from tests.people import staff

    login(client, admin_a)
    url = reverse("entity-details", kwargs={"code": school_a.code})
    response = client.post(
        url, {"postal_address": "1 rue de l'École\n91120 Palaiseau", "city": "Palaiseau"}
    )
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.city == "Palaiseau" and "91120" in school_a.postal_address
    assert AuditEvent.objects.filter(action="entity.details_updated", actor=admin_a).exists()
    # Another entity, or a member who is not its administrator: nothing changes.
    assert (
        client.post(
            reverse("entity-details", kwargs={"code": school_b.code}), {"city": "X"}
        ).status_code
        == 404
    )
    login(client, staff(Role.REFERENT, school_a))
    assert client.post(url, {"city": "Ailleurs"}).status_code == 404
    school_a.refresh_from_db()
    assert school_a.city == "Palaiseau"


@pytest.mark.django_db
def test_letters_take_the_letterhead_from_the_entity(school_a):
    from templates_legal.letters.services import letter_draft
    from tests.people import staff
    from tests.templates_legal.letter_helpers import grant, letter_case

    school_a.postal_address = "1 rue de l'École"
    school_a.city = "Palaiseau"
    school_a.save()
    referent = staff(Role.REFERENT, school_a)
    legal = staff(Role.LEGAL, school_a)
    case = letter_case(referent, school_a)
    grant(case, legal, ["view_case", "draft_letter", "sign_letter"])
    letter = letter_draft(actor=legal, case=case, kind="acknowledgement")
    assert letter.values["entity_city"] == "Palaiseau"
    assert letter.values["entity_address"] == "1 rue de l'École"


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "created"), [("alex.durand", True), ("alex durand", False)])
def test_a_username_may_hold_dots_like_every_demo_account_but_no_spaces(
    client, admin_a, username, created
):
    login(client, admin_a)
    response = client.post(
        reverse("entity-accounts", kwargs={"code": "school-a"}),
        {
            "username": username,
            "first_name": "Alex",
            "last_name": "Durand",
            "email": "alex@example.invalid",
            "roles": ["listener"],
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(username=username).exists() is created


@pytest.mark.django_db
def test_an_admin_sets_a_members_title_which_their_own_account_page_shows(
    client, admin_a, admin_b, referent_a, referent_b
):
    url = reverse("entity-account-title", kwargs={"code": "school-a", "user_id": referent_a.pk})
    login(client, admin_a)
    assert client.post(url, {"title": "  Référente   égalité "}).status_code == 302
    referent_a.refresh_from_db()
    assert referent_a.title == "Référente égalité"
    event = AuditEvent.objects.get(action="account.title_updated")
    assert event.details == {"user": referent_a.pk, "fields": ["title"]}  # never the value
    page = client.get(
        reverse("entity-account", kwargs={"code": "school-a", "user_id": referent_a.pk})
    )
    assert "Référente égalité" in page.content.decode()
    login(client, referent_a)
    assert "Référente égalité" in client.get(reverse("account")).content.decode()


@pytest.mark.django_db
def test_only_an_admin_of_the_members_entity_may_set_their_title(
    client, admin_b, referent_a, referent_b
):
    url = reverse("entity-account-title", kwargs={"code": "school-a", "user_id": referent_a.pk})
    for person in (admin_b, referent_b, referent_a):
        login(client, person)
        assert client.post(url, {"title": "Directeur"}).status_code == 404
    login(client, admin_b)
    other = reverse("entity-account-title", kwargs={"code": "school-b", "user_id": referent_a.pk})
    assert client.post(other, {"title": "Directeur"}).status_code == 404
    referent_a.refresh_from_db()
    assert referent_a.title == ""
