"""Access follows the work (issue #13, findings 1-3): a right lasts as long as its reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.core.accounts.services import role_grant, role_revoke
from cases.models import AuditEvent, CaseGrant, Category, Party, Role, RoleMembership
from cases.services.access import access_grant
from cases.services.cases import note_add, party_add
from cases.services.grant_reasons import stale_grants
from templates_legal.letters import services as letters
from templates_legal.letters.services import letter_draft
from templates_legal.models import Letter
from tests.people import login, staff
from tests.templates_legal.letter_helpers import ARTICLE40_VALUES, IMPLICATED
from tests.workflows.conftest import intake
from tests.workflows.journey import act, open_task
from workflows import engine
from workflows.tasks import check_access

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _case_page(case) -> str:
    return reverse("case-detail", kwargs={"case_id": case.pk})


def _triage(referent, case, outcomes, reasoning="Orientation après entretien.") -> None:
    act(referent, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    act(
        referent,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [Category.objects.get(code="harcelement-sexuel").pk],
            "outcomes": outcomes,
            "reasoning": reasoning,
        },
    )


# --- Finding 1: grants outlive the role, the task and the step --------------------------------


def test_an_administrator_who_claimed_released_and_lost_the_role_no_longer_reads_the_case(
    listener_a, admin_a, school_a
):
    second_admin = staff(Role.ENTITY_ADMIN, school_a, username="admin.two")
    case = intake(listener_a, school_a).case
    role_grant(actor=second_admin, user=admin_a, entity=school_a, role=Role.REFERENT)
    client = login(Client(), admin_a)
    task = open_task(case, "acknowledge")
    assert client.post(reverse("task-claim", kwargs={"task_id": task.pk})).status_code == 302
    assert client.get(_case_page(case)).status_code == 200
    assert client.post(reverse("task-release", kwargs={"task_id": task.pk})).status_code == 302
    role_revoke(
        actor=second_admin,
        membership=RoleMembership.objects.get(user=admin_a, role=Role.REFERENT),
    )
    page = client.get(_case_page(case))
    assert page.status_code == 404
    assert b"Des messages insistants" not in page.content
    assert not CaseGrant.objects.filter(user=admin_a, content_object=case).exists()


def test_releasing_a_task_ends_the_access_it_gave_in_the_same_request(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a).case
    client = login(Client(), referent_a)
    task = open_task(case, "acknowledge")
    client.post(reverse("task-claim", kwargs={"task_id": task.pk}))
    client.post(reverse("task-release", kwargs={"task_id": task.pk}))
    assert client.get(_case_page(case)).status_code == 404
    revoked = AuditEvent.objects.filter(action="access.revoked", object_id=str(case.pk)).last()
    assert revoked.details["reason_code"] == "task_released"


def test_a_reassigned_task_leaves_its_previous_owner_without_the_case(
    listener_a, referent_a, school_a
):
    other = staff(Role.REFERENT, school_a, username="referent.other")
    case = intake(listener_a, school_a).case
    task = open_task(case, "acknowledge")
    engine.task_claim(actor=referent_a, task=task)
    engine.task_assign(actor=referent_a, task=task, assignee=other)
    assert not CaseGrant.objects.filter(user=referent_a, content_object=case).exists()
    assert login(Client(), other).get(_case_page(case)).status_code == 200


def test_revoking_the_role_of_a_task_owner_puts_the_task_back_and_ends_the_access(
    listener_a, referent_a, admin_a, school_a
):
    case = intake(listener_a, school_a).case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    assert open_task(case, "triage").owner_id == referent_a.pk
    role_revoke(
        actor=admin_a, membership=RoleMembership.objects.get(user=referent_a, role=Role.REFERENT)
    )
    assert open_task(case, "triage").owner_id is None
    assert not CaseGrant.objects.filter(user=referent_a).exists()


def test_after_its_article_40_step_the_legal_directorate_can_no_longer_delete_a_draft_or_read_the_case(
    listener_a, referent_a, legal_a, school_a
):
    case = intake(listener_a, school_a).case
    _triage(referent_a, case, ["article40"])
    draft = letter_draft(actor=referent_a, case=case, kind="acknowledgement")
    legal = login(Client(), legal_a)
    act(
        legal_a,
        case,
        "article40",
        {"sent_on": TODAY.isoformat(), "prosecutor_office": "Parquet d'Évry"},
    )
    on_draft = {"case_id": case.pk, "letter_id": draft.pk}
    assert legal.post(reverse("letter-discard", kwargs=on_draft)).status_code == 404
    assert Letter.objects.filter(pk=draft.pk).exists()
    assert legal.get(reverse("letter-detail", kwargs=on_draft)).status_code == 404
    assert legal.get(_case_page(case)).status_code == 404
    # The referent in charge keeps the case until closure.
    assert login(Client(), referent_a).get(_case_page(case)).status_code == 200


def test_closing_a_case_leaves_its_referent_reading_and_reopening_only(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a).case
    _triage(referent_a, case, ["close"])
    act(
        referent_a,
        case,
        "feedback",
        {"sent_on": TODAY.isoformat(), "means": "email", "summary": "Orientée."},
    )
    act(referent_a, case, "closure", {"reason": "oriented"})
    held = set(
        CaseGrant.objects.filter(user=referent_a, content_object=case).values_list(
            "permission__codename", flat=True
        )
    )
    assert held == {"view_case", "view_case_history", "triage_case"}


# --- Finding 2: an administrator gives itself a case-working role ----------------------------


def test_an_administrator_cannot_give_itself_a_case_working_role_nor_claim_cases(
    client, listener_a, admin_a, school_a
):
    case = intake(listener_a, school_a).case
    login(client, admin_a)
    client.post(
        reverse("entity-role-grant", kwargs={"code": "school-a", "user_id": admin_a.pk}),
        {"role": Role.REFERENT},
    )
    assert not admin_a.memberships.filter(role=Role.REFERENT).exists()
    refused = AuditEvent.objects.get(action="role.self_change_refused")
    assert refused.details == {"role": "referent", "change": "grant"}
    task = open_task(case, "acknowledge")
    client.post(reverse("task-claim", kwargs={"task_id": task.pk}))
    task.refresh_from_db()
    assert task.owner_id is None
    assert client.get(_case_page(case)).status_code == 404


def test_an_administrator_cannot_withdraw_its_own_role_either_and_the_refusal_is_traced(
    client, admin_a, school_a
):
    second_admin = staff(Role.ENTITY_ADMIN, school_a, username="admin.two")
    role_grant(actor=second_admin, user=admin_a, entity=school_a, role=Role.REFERENT)
    own = RoleMembership.objects.get(user=admin_a, role=Role.REFERENT)
    login(client, admin_a)
    response = client.post(
        reverse(
            "entity-role-revoke",
            kwargs={"code": "school-a", "user_id": admin_a.pk, "membership_id": own.pk},
        ),
        follow=True,
    )
    assert RoleMembership.objects.filter(pk=own.pk).exists()
    assert "autre administrateur" in response.content.decode()
    refused = AuditEvent.objects.get(action="role.self_change_refused")
    assert refused.details == {"role": "referent", "change": "revoke"}
    role_revoke(actor=second_admin, membership=own)
    assert not RoleMembership.objects.filter(pk=own.pk).exists()


def test_a_second_administrator_may_give_an_administrator_a_role_and_it_is_traced(
    admin_a, school_a
):
    second_admin = staff(Role.ENTITY_ADMIN, school_a, username="admin.two")
    role_grant(actor=second_admin, user=admin_a, entity=school_a, role=Role.REFERENT)
    assert admin_a.memberships.filter(role=Role.REFERENT).exists()
    granted = AuditEvent.objects.get(action="role.granted")
    assert granted.actor == second_admin


# --- Finding 3: the listener keeps the whole case after hand-over ----------------------------


def test_a_listener_keeps_their_own_record_and_only_the_reference_and_status_of_the_case(
    listener_a, referent_a, school_a
):
    contact = intake(listener_a, school_a, narrative="Récit recueilli au téléphone.")
    case = contact.case
    _triage(referent_a, case, ["article40"], reasoning="Motivation du référent, confidentielle.")
    note_add(actor=referent_a, case=case, body="Note de travail du référent.")
    letter = letter_draft(actor=referent_a, case=case, kind="article40_referral")
    listener = login(Client(), listener_a)
    assert not CaseGrant.objects.filter(user=listener_a).exists()
    assert listener.get(_case_page(case)).status_code == 404
    assert listener.get(reverse("case-history", kwargs={"case_id": case.pk})).status_code == 404
    on_letter = {"case_id": case.pk, "letter_id": letter.pk}
    assert listener.get(reverse("letter-detail", kwargs=on_letter)).status_code == 404
    page = listener.get(reverse("contact-detail", kwargs={"contact_id": contact.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert case.reference in text and "Ouvert" in text
    assert "Récit recueilli au téléphone." in text
    assert "Motivation du référent" not in text and "Note de travail" not in text
    assert AuditEvent.objects.filter(action="contact.read", actor=listener_a).exists()


def test_another_listener_or_the_referent_cannot_open_a_listeners_contact_record(
    listener_a, referent_a, school_a
):
    contact = intake(listener_a, school_a)
    url = reverse("contact-detail", kwargs={"contact_id": contact.pk})
    other_listener = staff(Role.LISTENER, school_a, username="listener.other")
    assert login(Client(), other_listener).get(url).status_code == 404
    assert login(Client(), referent_a).get(url).status_code == 404
    assert login(Client(), listener_a).get(url).status_code == 200


def test_a_listener_who_lost_the_role_no_longer_opens_their_contact_records(
    listener_a, admin_a, school_a
):
    contact = intake(listener_a, school_a)
    role_revoke(
        actor=admin_a, membership=RoleMembership.objects.get(user=listener_a, role=Role.LISTENER)
    )
    url = reverse("contact-detail", kwargs={"contact_id": contact.pk})
    assert login(Client(), listener_a).get(url).status_code == 404


# --- The nightly check and the access panel ---------------------------------------------------


def test_the_timers_list_and_revoke_a_grant_that_no_current_fact_justifies(
    listener_a, legal_a, school_a, capsys
):
    case = intake(listener_a, school_a).case
    access_grant(actor=None, case=case, user=legal_a, permissions=["view_case"], reason="x")
    assert len(stale_grants(case)) == 1
    call_command("workflow_timers")
    out = capsys.readouterr().out
    assert f"revoked without a current reason: {case.reference} case user {legal_a.pk}" in out
    assert not CaseGrant.objects.filter(user=legal_a).exists()
    revoked = AuditEvent.objects.filter(action="access.revoked").last()
    assert revoked.details["reason_code"] == "nightly_check"


def test_the_history_shows_each_person_once_with_rights_and_reason_in_the_interface_language(
    listener_a, referent_a, school_a
):
    case = intake(listener_a, school_a).case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    client = login(Client(), referent_a)
    page = client.get(reverse("case-history", kwargs={"case_id": case.pk})).content.decode()
    assert page.count(str(referent_a)) >= 1
    holders = client.get(reverse("case-history", kwargs={"case_id": case.pk})).context["holders"]
    assert [h.user for h in holders] == [referent_a]
    assert "Consulter le dossier" in holders[0].rights
    assert any("en cours" in r or "en charge" in r for r in holders[0].reasons)
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(reverse("case-history", kwargs={"case_id": case.pk}))
    assert "Referent in charge of the case" in english.content.decode() or "Open step" in (
        english.content.decode()
    )


def test_the_contacts_list_links_each_record_to_its_page(listener_a, school_a):
    contact = intake(listener_a, school_a, contacted_on=TODAY - dt.timedelta(days=2))
    page = login(Client(), listener_a).get(reverse("contacts")).content.decode()
    assert reverse("contact-detail", kwargs={"contact_id": contact.pk}) in page


def test_a_signatory_keeps_the_case_while_a_final_letter_waits_for_them_and_loses_it_once_signed(
    listener_a, referent_a, legal_a, school_a, monkeypatch
):
    monkeypatch.setattr(letters, "docx_to_pdf", lambda docx, **_kw: b"%PDF-1.4 stand-in %%EOF")
    case = intake(listener_a, school_a).case
    _triage(referent_a, case, ["article40"])
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.IMPLICATED,
        identity=dict(IMPLICATED),
        status=Party.Status.STUDENT,
    )
    task = open_task(case, "article40")
    engine.task_claim(actor=legal_a, task=task)
    letter = letters.letter_draft(actor=legal_a, case=case, kind="article40_referral")
    letter = letters.letter_values_update(actor=legal_a, letter=letter, values=ARTICLE40_VALUES)
    letter = letters.letter_finalise(actor=legal_a, letter=letter)
    act(
        legal_a,
        case,
        "article40",
        {"sent_on": TODAY.isoformat(), "prosecutor_office": "Parquet d'Évry"},
    )
    held = set(
        CaseGrant.objects.filter(user=legal_a, content_object=case).values_list(
            "permission__codename", flat=True
        )
    )
    assert held == {"view_case", "sign_letter"}
    letters.letter_sign(actor=legal_a, letter=letter)
    assert not CaseGrant.objects.filter(user=legal_a, content_object=case).exists()
    revoked = AuditEvent.objects.filter(action="access.revoked").last()
    assert revoked.details["reason_code"] == "letter_signed"


def test_the_nightly_celery_check_revokes_what_no_current_fact_justifies(
    listener_a, legal_a, school_a
):
    case = intake(listener_a, school_a).case
    access_grant(actor=None, case=case, user=legal_a, permissions=["view_case"], reason="x")
    assert check_access() == {"cases": 1, "revoked": 1}
    assert check_access() == {"cases": 1, "revoked": 0}


def test_a_signatory_keeps_the_letters_they_signed_but_not_the_case_and_nobody_else_gets_them(
    listener_a, referent_a, legal_a, admin_a, school_a, monkeypatch
):
    monkeypatch.setattr(letters, "docx_to_pdf", lambda docx, **_kw: b"%PDF-1.4 stand-in %%EOF")
    other_legal = staff(Role.LEGAL, school_a, username="legal.other")
    case = intake(listener_a, school_a).case
    _triage(referent_a, case, ["article40"])
    party_add(
        actor=referent_a,
        case=case,
        role=Party.Role.IMPLICATED,
        identity=dict(IMPLICATED),
        status=Party.Status.STUDENT,
    )
    engine.task_claim(actor=legal_a, task=open_task(case, "article40"))
    letter = letters.letter_draft(actor=legal_a, case=case, kind="article40_referral")
    letter = letters.letter_values_update(actor=legal_a, letter=letter, values=ARTICLE40_VALUES)
    letter = letters.letter_finalise(actor=legal_a, letter=letter)
    act(
        legal_a,
        case,
        "article40",
        {"sent_on": TODAY.isoformat(), "prosecutor_office": "Parquet d'Évry"},
    )
    letters.letter_sign(actor=legal_a, letter=letter)
    signed = {"letter_id": letter.pk, "fmt": "docx"}
    legal = login(Client(), legal_a)
    assert legal.get(_case_page(case)).status_code == 404
    register = legal.get(reverse("letter-register", kwargs={"entity_code": "school-a"}))
    assert reverse("signed-letter-download", kwargs=signed) in register.content.decode()
    download = legal.get(reverse("signed-letter-download", kwargs=signed))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="courrier-')
    read = AuditEvent.objects.filter(action="case.read", object_id=str(case.pk)).last()
    assert read.actor == legal_a and read.details["what"] == "letter"
    # Another legal officer of the school did not sign it: nothing.
    other = login(Client(), other_legal)
    assert other.get(reverse("signed-letter-download", kwargs=signed)).status_code == 404
    # The signatory who loses the signing role loses the letters too.
    role_revoke(actor=admin_a, membership=RoleMembership.objects.get(user=legal_a, role=Role.LEGAL))
    assert legal.get(reverse("signed-letter-download", kwargs=signed)).status_code == 404
