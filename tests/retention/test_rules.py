"""Each retention rule: the event the procedure records starts its clock, stored with its code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.checks import run_checks
from django.test import override_settings
from django.utils import timezone

from cases.models import Case, Closure, ContactFollowUp
from retention.clocks import case_retention_refresh
from retention.models import CaseRetention, ContactRetention
from retention.rules import RULES
from tests.builders import case_for
from tests.retention.helpers import closed_case
from tests.workflows.conftest import intake
from tests.workflows.journey import act
from workflows.steps.intake import contact_follow_up_add, contact_handover

TODAY = timezone.localdate()


def test_every_rule_has_a_plain_french_label_and_a_source():
    assert set(RULES) == {
        "out_of_scope",
        "no_follow_up",
        "disciplinary",
        "disciplinary_pending",
        "judicial",
        "listening",
        "subject_request",
    }
    for code, rule in RULES.items():
        assert rule.code == code
        assert str(rule.label) and str(rule.source)
        if rule.subject != "subject_request":
            assert "2023-064" in str(rule.source)
    # No text fixes the period of a data-subject request: it says so.
    assert RULES["subject_request"].to_confirm
    assert "à confirmer" in str(RULES["subject_request"].source)


@pytest.mark.django_db
def test_an_open_case_has_no_retention_date(referent_a, school_a):
    case = case_for(referent_a, school_a)
    assert case_retention_refresh(case) is None
    assert not CaseRetention.objects.exists()


@pytest.mark.django_db
def test_a_report_outside_the_scope_is_due_the_day_it_is_closed(referent_a, school_a):
    case = closed_case(
        referent_a, school_a, reason=Closure.Reason.OUT_OF_SCOPE, closed_on=date(2026, 3, 10)
    )
    row = CaseRetention.objects.get(case=case)
    assert (row.rule, row.start_on, row.due_on) == (
        "out_of_scope",
        date(2026, 3, 10),
        date(2026, 3, 10),
    )


def date(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


@pytest.mark.django_db
def test_a_case_closed_with_no_follow_up_is_due_two_months_after_its_closure(referent_a, school_a):
    case = closed_case(referent_a, school_a, closed_on=date(2026, 12, 31))
    row = CaseRetention.objects.get(case=case)
    # Two calendar months, clamped to the end of February (CPC art. 641).
    assert (row.rule, row.due_on) == ("no_follow_up", date(2027, 2, 28))


@pytest.mark.django_db
@override_settings(RECUEIL_RETENTION_NO_FOLLOW_UP_MONTHS=1)
def test_a_deployment_may_shorten_the_no_follow_up_period(referent_a, school_a):
    case = closed_case(referent_a, school_a, closed_on=date(2026, 5, 15))
    assert CaseRetention.objects.get(case=case).due_on == date(2026, 6, 15)


@override_settings(RECUEIL_RETENTION_NO_FOLLOW_UP_MONTHS=3, RECUEIL_RETENTION_LISTENING_MONTHS=-1)
def test_the_system_check_refuses_periods_beyond_the_legal_bound():
    errors = [e for e in run_checks() if e.id == "recueil.E020"]
    assert len(errors) == 2
    assert any("RECUEIL_RETENTION_NO_FOLLOW_UP_MONTHS=3" in e.msg for e in errors)


@pytest.mark.parametrize("months", [11, 61, "24"])
def test_the_system_check_bounds_the_period_of_a_data_subject_request(months):
    with override_settings(RECUEIL_RETENTION_SUBJECT_REQUEST_MONTHS=months):
        errors = [e for e in run_checks() if e.id == "recueil.E020"]
    assert len(errors) == 1
    assert "RECUEIL_RETENTION_SUBJECT_REQUEST_MONTHS" in errors[0].msg


@pytest.mark.parametrize("months", [12, 60])
def test_the_system_check_accepts_a_request_period_within_its_bounds(months):
    with override_settings(RECUEIL_RETENTION_SUBJECT_REQUEST_MONTHS=months):
        assert not [e for e in run_checks() if e.id == "recueil.E020"]


def test_the_system_check_accepts_the_defaults():
    assert not [e for e in run_checks() if e.id == "recueil.E020"]


@pytest.mark.django_db
def test_a_sanctioned_case_is_kept_until_the_appeal_period_has_run(referent_a, school_a):
    case = closed_case(
        referent_a, school_a, closed_on=date(2026, 3, 1), sanction_on=date(2026, 2, 1)
    )
    row = CaseRetention.objects.get(case=case)
    # appeal_until is 2026-04-03 (helpers: 61 days); due the day after it.
    assert (row.rule, row.due_on) == ("disciplinary", date(2026, 4, 4))


@pytest.mark.django_db
def test_a_case_referred_under_article_40_has_no_date_until_the_judicial_procedure_ends(
    referent_a, school_a
):
    case = closed_case(
        referent_a,
        school_a,
        reason=Closure.Reason.PROCEDURE_ENDED,
        closed_on=date(2026, 3, 1),
        article40=True,
    )
    row = CaseRetention.objects.get(case=case)
    assert (row.rule, row.due_on) == ("judicial", None)


@pytest.mark.django_db
def test_reopening_a_case_stops_its_clock(referent_a, school_a):
    case = closed_case(referent_a, school_a)
    Closure.objects.filter(case=case).update(reopened_at=timezone.now())
    Case.objects.filter(pk=case.pk).update(status=Case.Status.OPEN)
    case_retention_refresh(case)
    assert not CaseRetention.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_the_closure_step_records_the_retention_date(listener_a, referent_a, school_a):
    contact = intake(listener_a, school_a)
    case = contact.case
    act(referent_a, case, "acknowledge", {"sent_on": TODAY.isoformat(), "means": "email"})
    act(
        referent_a,
        case,
        "triage",
        {
            "no_conflict_confirmed": "on",
            "categories": [link.category_id for link in case.category_links.all()],
            "outcomes": ["close"],
            "reasoning": "Orientation.",
        },
    )
    act(
        referent_a,
        case,
        "feedback",
        {"sent_on": TODAY.isoformat(), "means": "email", "summary": "ok"},
    )
    assert not CaseRetention.objects.filter(case=case).exists()
    act(referent_a, case, "closure", {"reason": "out_of_scope", "detail": ""})
    row = CaseRetention.objects.get(case=case)
    assert (row.rule, row.due_on) == ("out_of_scope", TODAY)


@pytest.mark.django_db
def test_a_listening_record_kept_is_due_two_months_after_its_last_exchange(listener_a, school_a):
    first = TODAY - dt.timedelta(days=20)
    contact = intake(listener_a, school_a, consent=False, contacted_on=first)
    row = ContactRetention.objects.get(contact=contact)
    assert (row.rule, row.start_on) == ("listening", first)
    later = TODAY - dt.timedelta(days=2)
    contact_follow_up_add(
        actor=listener_a, contact=contact, followed_on=later, channel="phone", note="Rappel."
    )
    row.refresh_from_db()
    assert row.start_on == later
    assert ContactFollowUp.objects.filter(contact=contact).count() == 1


@pytest.mark.django_db
def test_a_listening_record_handed_over_leaves_its_clock_to_the_case(listener_a, school_a):
    contact = intake(listener_a, school_a, consent=False)
    assert ContactRetention.objects.filter(contact=contact).exists()
    contact_handover(actor=listener_a, contact=contact, consent=True)
    assert not ContactRetention.objects.filter(contact=contact).exists()


@pytest.mark.django_db
def test_the_end_of_the_judicial_procedure_sets_the_date(referent_a, legal_a, school_a):
    from retention.services import procedure_end_record

    case = closed_case(referent_a, school_a, closed_on=date(2026, 3, 1), article40=True)
    row = procedure_end_record(actor=legal_a, case=case, ended_on=date(2026, 9, 1))
    assert (row.rule, row.start_on, row.due_on) == ("judicial", date(2026, 9, 1), date(2026, 9, 1))


@pytest.mark.django_db
def test_the_end_of_a_procedure_is_refused_where_the_rule_has_its_own_date(
    referent_a, legal_a, director_a, school_a
):
    from django.core.exceptions import ValidationError

    from retention.services import procedure_end_record

    dated = closed_case(referent_a, school_a)
    with pytest.raises(ValidationError):
        procedure_end_record(actor=legal_a, case=dated, ended_on=TODAY)
    judicial = closed_case(referent_a, school_a, article40=True)
    with pytest.raises(ValidationError):
        procedure_end_record(actor=referent_a, case=judicial, ended_on=TODAY)
