"""Legal hold: placed and lifted by a director or the legal directorate of the entity,
traced, reminded at its review date; everyone else gets a refusal (404 on the pages)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEvent, CaseDeadline, Role
from cases.services.access import access_grant, conflict_declare
from retention.models import LegalHold
from retention.services import legal_hold_lift, legal_hold_place
from tests.people import login, staff
from tests.retention.helpers import closed_case
from workflows.schedule import deadlines_sweep

TODAY = timezone.localdate()
REVIEW = TODAY + dt.timedelta(days=30)


@pytest.mark.django_db
def test_a_hold_is_traced_with_its_review_date_and_its_reason_encrypted(
    referent_a, legal_a, school_a
):
    case = closed_case(referent_a, school_a)
    hold = legal_hold_place(actor=legal_a, case=case, reason="Contentieux X", review_on=REVIEW)
    event = AuditEvent.objects.filter(action="retention.hold_placed").get()
    assert event.details == {"hold": str(hold.pk), "review_on": REVIEW.isoformat()}
    raw = LegalHold.objects.values_list("reason", flat=True).get()
    assert b"Contentieux" not in bytes(raw)
    assert CaseDeadline.objects.get(case=case, rule="legal_hold_review").due_on == REVIEW
    legal_hold_lift(actor=legal_a, hold=hold, reason="Fin du contentieux")
    assert AuditEvent.objects.filter(action="retention.hold_lifted").count() == 1
    assert CaseDeadline.objects.get(case=case, rule="legal_hold_review").met_on == TODAY


@pytest.mark.django_db
def test_a_second_hold_and_a_second_lift_are_refused(referent_a, director_a, school_a):
    case = closed_case(referent_a, school_a)
    hold = legal_hold_place(actor=director_a, case=case, reason="R", review_on=REVIEW)
    with pytest.raises(ValidationError):
        legal_hold_place(actor=director_a, case=case, reason="R2", review_on=REVIEW)
    legal_hold_lift(actor=director_a, hold=hold, reason="L")
    with pytest.raises(ValidationError):
        legal_hold_lift(actor=director_a, hold=hold, reason="L2")


@pytest.mark.django_db
def test_a_hold_needs_a_reason_and_a_future_review_date(referent_a, director_a, school_a):
    case = closed_case(referent_a, school_a)
    with pytest.raises(ValidationError):
        legal_hold_place(actor=director_a, case=case, reason=" ", review_on=REVIEW)
    with pytest.raises(ValidationError):
        legal_hold_place(actor=director_a, case=case, reason="R", review_on=TODAY)


@pytest.mark.django_db
def test_other_roles_other_schools_and_people_in_conflict_may_not_hold(
    referent_a, listener_a, director_a, school_a, school_b
):
    case = closed_case(referent_a, school_a)
    director_b = staff(Role.DIRECTOR, school_b)
    for user in (referent_a, listener_a, director_b):
        with pytest.raises(ValidationError):
            legal_hold_place(actor=user, case=case, reason="R", review_on=REVIEW)
    conflict_declare(actor=referent_a, case=case, user=director_a, reason="declared")
    with pytest.raises(ValidationError):
        legal_hold_place(actor=director_a, case=case, reason="R", review_on=REVIEW)


@pytest.mark.django_db
def test_the_author_is_reminded_at_the_review_date(referent_a, director_a, school_a):
    case = closed_case(referent_a, school_a)
    legal_hold_place(
        actor=director_a, case=case, reason="R", review_on=TODAY + dt.timedelta(days=1)
    )
    mail.outbox.clear()
    with_commit = deadlines_sweep()
    assert with_commit.reminded == 1
    event = AuditEvent.objects.filter(action="deadline.reminded").get()
    assert event.details["rule"] == "legal_hold_review"
    assert event.details["recipients"] >= 1


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_director_places_and_lifts_a_hold_from_the_pages(referent_a, director_a, school_a):
    case = closed_case(referent_a, school_a)
    client = login(Client(), director_a)
    page = client.get(reverse("retention-case", kwargs={"case_id": case.pk}))
    assert page.status_code == 200
    assert "Dossier clos sans suite disciplinaire" in page.content.decode()
    response = client.post(
        reverse("retention-hold", kwargs={"case_id": case.pk}),
        {"reason": "Recours annoncé", "review_on": REVIEW.isoformat()},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    text = client.get(reverse("retention-case", kwargs={"case_id": case.pk})).content.decode()
    assert "Conservation suspendue" in text and "Recours annoncé" in text
    response = client.post(
        reverse("retention-lift", kwargs={"hold_id": hold.pk}), {"reason": "Aucun recours"}
    )
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None


@pytest.mark.django_db
def test_the_case_page_shows_the_retention_date_and_rule(referent_a, director_a, school_a):
    case = closed_case(referent_a, school_a, closed_on=dt.date(2026, 1, 15))
    access_grant(actor=None, case=case, user=director_a, permissions=["view_case"], reason="x")
    page = login(Client(), director_a).get(reverse("case-detail", kwargs={"case_id": case.pk}))
    text = page.content.decode()
    assert "Conservation des données" in text
    assert "2023-064" in text
    assert reverse("retention-hold", kwargs={"case_id": case.pk}) in text
    # The referent in charge sees the date, without the hold button.
    text = (
        login(Client(), referent_a)
        .get(reverse("case-detail", kwargs={"case_id": case.pk}))
        .content.decode()
    )
    assert "Conservation des données" in text
    assert reverse("retention-hold", kwargs={"case_id": case.pk}) not in text


@pytest.mark.django_db
def test_it_checks_access_on_every_retention_page(
    referent_a, listener_a, legal_a, director_a, school_a, school_b
):
    case = closed_case(referent_a, school_a)
    hold = legal_hold_place(actor=legal_a, case=case, reason="R", review_on=REVIEW)
    director_b = staff(Role.DIRECTOR, school_b)
    in_conflict = staff(Role.DIRECTOR, school_a)
    conflict_declare(actor=referent_a, case=case, user=in_conflict, reason="declared")
    urls = [
        reverse("retention-case", kwargs={"case_id": case.pk}),
        reverse("retention-hold", kwargs={"case_id": case.pk}),
        reverse("retention-lift", kwargs={"hold_id": hold.pk}),
        reverse("retention-procedure-end", kwargs={"case_id": case.pk}),
    ]
    for user in (referent_a, listener_a, director_b, in_conflict):
        client = login(Client(), user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
        for url in urls[1:]:
            posted = client.post(
                url, {"reason": "x", "review_on": REVIEW.isoformat(), "ended_on": TODAY.isoformat()}
            )
            assert posted.status_code == 404
    assert LegalHold.objects.get().lifted_at is None
    assert login(Client(), director_a).get(urls[0]).status_code == 200


@pytest.mark.django_db
def test_the_legal_directorate_records_the_end_of_a_judicial_procedure_from_the_page(
    referent_a, legal_a, school_a
):
    case = closed_case(referent_a, school_a, article40=True)
    client = login(Client(), legal_a)
    page = client.get(reverse("retention-case", kwargs={"case_id": case.pk})).content.decode()
    assert "pas encore de date" in page
    response = client.post(
        reverse("retention-procedure-end", kwargs={"case_id": case.pk}),
        {"ended_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    page = client.get(reverse("retention-case", kwargs={"case_id": case.pk})).content.decode()
    assert "pas encore de date" not in page
    assert AuditEvent.objects.filter(action="retention.procedure_ended").count() == 1


@pytest.mark.django_db
def test_the_register_lists_the_entitys_closed_cases_with_their_rule_for_the_direction_only(
    referent_a, referent_b, listener_a, director_a, school_a, school_b
):
    mine = closed_case(referent_a, school_a)
    named = closed_case(referent_a, school_a)
    conflict_declare(actor=referent_a, case=named, user=director_a, reason="named")
    other = closed_case(referent_b, school_b)
    page = login(Client(), director_a).get(reverse("retention-register")).content.decode()
    assert mine.reference in page
    assert "Dossier clos sans suite disciplinaire" in page
    assert named.reference not in page  # named in it: left out
    assert other.reference not in page  # another school
    for user in (referent_a, listener_a):
        assert login(Client(), user).get(reverse("retention-register")).status_code == 404


@pytest.mark.django_db
def test_the_retention_page_of_an_anonymised_case_shows_the_date_only(
    referent_a, director_a, school_a
):
    from cases.core.crypto.datakeys import data_key_cache_clear
    from retention.services import retention_apply

    case = closed_case(referent_a, school_a, closed_on=TODAY - dt.timedelta(days=100))
    hold = legal_hold_place(actor=director_a, case=case, reason="R", review_on=REVIEW)
    legal_hold_lift(actor=director_a, hold=hold, reason="L")
    retention_apply()
    data_key_cache_clear()
    page = login(Client(), director_a).get(reverse("retention-case", kwargs={"case_id": case.pk}))
    assert page.status_code == 200
    assert "la clé de chiffrement a été détruite" in page.content.decode()
    assert reverse("retention-hold", kwargs={"case_id": case.pk}) not in page.content.decode()
