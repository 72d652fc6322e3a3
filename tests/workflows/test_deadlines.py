"""The legal-deadline calendar: French working days, the rules' periods, blocking checks.

Dates are real 2025-2027 calendar dates; each test says which holidays it crosses.
"""

from __future__ import annotations

from datetime import date

import holidays
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from workflows import deadlines
from workflows.deadlines import (
    ACKNOWLEDGEMENT,
    DISCIPLINARY_SUMMONS,
    FEEDBACK,
    FILE_ACCESS,
    RULES,
    Deadline,
    RuleKind,
    acknowledgement_deadline,
    add_months,
    add_working_days,
    check_disciplinary_hearing,
    disciplinary_summons_deadline,
    enquiry_deadline,
    feedback_deadline,
    file_access_deadline,
    get_rule,
    is_working_day,
    meeting_deadline,
    retention_deadline,
    triage_deadline,
)

# --- Working days ---------------------------------------------------------------------------


def test_weekends_are_not_working_days():
    assert is_working_day(date(2026, 6, 12))  # Friday
    assert not is_working_day(date(2026, 6, 13))  # Saturday
    assert not is_working_day(date(2026, 6, 14))  # Sunday


def test_christmas_and_new_year_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2027, 1, 1))


def test_acknowledgement_skips_christmas_and_new_year():
    # Received Wednesday 23 Dec 2026: Thu 24 (1), Fri 25 Noël, week-end, Mon 28 to Thu 31
    # (2-5), Fri 1 Jan jour de l'an, week-end, Mon 4 (6), Tue 5 (7).
    deadline = acknowledgement_deadline(date(2026, 12, 23))

    assert deadline.due == date(2027, 1, 5)
    assert deadline.start == date(2026, 12, 23)
    assert deadline.rule is ACKNOWLEDGEMENT


def test_day_of_receipt_does_not_count_even_on_a_working_day():
    # Received Monday 2 March 2026: the seventh working day after is Wednesday 11 March.
    assert add_working_days(date(2026, 3, 2), 7) == date(2026, 3, 11)


def test_acknowledgement_of_a_report_received_on_saturday_counts_from_monday():
    # Sat 31 Oct 2026; Sun 1 Nov (Toussaint) changes nothing; Mon 2 (1) ... Tue 10 (7).
    assert acknowledgement_deadline(date(2026, 10, 31)).due == date(2026, 11, 10)


def test_zero_working_days_is_the_start_date_and_negative_days_are_refused():
    assert add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 25)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 12, 23), -1)


def test_ascension_and_whit_monday_are_skipped():
    # Recueil follows the `holidays` library and the code du travail (L3133-1): lundi de
    # Pentecôte is a public holiday even where the journée de solidarité is worked on it.
    assert not is_working_day(date(2026, 5, 14))  # Ascension
    assert not is_working_day(date(2026, 5, 25))  # Lundi de Pentecôte
    assert not is_working_day(date(2026, 5, 25), alsace_moselle=True)
    # Received Wed 13 May: Thu 14 Ascension, Fri 15 (1), Mon 18 to Fri 22 (2-6),
    # Mon 25 Pentecôte, Tue 26 (7).
    assert acknowledgement_deadline(date(2026, 5, 13)).due == date(2026, 5, 26)


def test_meeting_is_due_twenty_working_days_after_the_request_across_the_may_holidays():
    # Requested Mon 27 Apr 2026; skips 1 May, 8 May (Fridays), Ascension and Whit Monday.
    deadline = meeting_deadline(date(2026, 4, 27))

    assert deadline.due == date(2026, 5, 29)
    assert deadline.rule.code == "meeting"


# --- Alsace-Moselle -------------------------------------------------------------------------


def test_good_friday_is_a_holiday_only_in_alsace_moselle():
    good_friday = date(2027, 3, 26)

    assert is_working_day(good_friday)
    assert not is_working_day(good_friday, alsace_moselle=True)


def test_alsace_moselle_acknowledgement_around_good_friday_takes_one_more_day():
    # Received Thu 25 Mar 2027; Mon 29 Mar is Easter Monday everywhere.
    received = date(2027, 3, 25)

    assert acknowledgement_deadline(received).due == date(2027, 4, 6)
    assert acknowledgement_deadline(received, alsace_moselle=True).due == date(2027, 4, 7)


def test_saint_stephens_day_on_a_friday_delays_an_alsace_moselle_deadline():
    # 26 Dec 2025 is a Friday: a working day in Paris, a holiday in Metz or Strasbourg.
    received = date(2025, 12, 24)

    assert is_working_day(date(2025, 12, 26))
    assert not is_working_day(date(2025, 12, 26), alsace_moselle=True)
    assert acknowledgement_deadline(received).due == date(2026, 1, 6)
    assert acknowledgement_deadline(received, alsace_moselle=True).due == date(2026, 1, 7)


def test_saint_stephens_day_on_a_saturday_changes_nothing():
    # 26 Dec 2026 is a Saturday.
    received = date(2026, 12, 23)

    assert acknowledgement_deadline(received, alsace_moselle=True).due == date(2027, 1, 5)


def test_holiday_sets_are_built_once_per_year_and_variant(monkeypatch):
    calls: list[tuple[object, ...]] = []
    real = holidays.country_holidays

    def counting(*args, **kwargs):
        calls.append((args, tuple(sorted(kwargs.items()))))
        return real(*args, **kwargs)

    deadlines._holiday_dates.cache_clear()
    deadlines._add_working_days.cache_clear()
    monkeypatch.setattr(holidays, "country_holidays", counting)

    for day in range(1, 29):
        acknowledgement_deadline(date(2026, 2, day))
        acknowledgement_deadline(date(2026, 2, day), alsace_moselle=True)
    built = len(calls)
    for day in range(1, 29):
        is_working_day(date(2026, 2, day))
        is_working_day(date(2026, 2, day), alsace_moselle=True)

    # One national build for 2026, plus national + two subdivisions for Alsace-Moselle.
    assert built == 4
    assert len(calls) == built


# --- Months and the feedback deadline -------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # across the year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 5, 6), 0, date(2026, 5, 6)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_feedback_is_due_three_months_after_the_acknowledgement():
    deadline = feedback_deadline(acknowledged_on=date(2026, 3, 4), received_on=date(2026, 3, 2))

    assert deadline == Deadline(rule=FEEDBACK, due=date(2026, 6, 4), start=date(2026, 3, 4))


def test_feedback_without_acknowledgement_runs_from_the_end_of_the_seven_working_days():
    # Received 23 Dec 2026 -> acknowledgement period ends Tue 5 Jan 2027 -> 5 Apr 2027.
    deadline = feedback_deadline(acknowledged_on=None, received_on=date(2026, 12, 23))

    assert deadline.start == date(2027, 1, 5)
    assert deadline.due == date(2027, 4, 5)


def test_a_late_acknowledgement_does_not_push_the_feedback_deadline_back():
    deadline = feedback_deadline(acknowledged_on=date(2027, 1, 20), received_on=date(2026, 12, 23))

    assert deadline.due == date(2027, 4, 5)


def test_feedback_from_a_month_end_acknowledgement_is_clamped():
    deadline = feedback_deadline(acknowledged_on=date(2026, 11, 30), received_on=date(2026, 11, 27))

    assert deadline.due == date(2027, 2, 28)


def test_an_acknowledgement_before_receipt_is_refused():
    with pytest.raises(ValueError):
        feedback_deadline(acknowledged_on=date(2026, 3, 1), received_on=date(2026, 3, 2))


def test_retention_without_follow_up_is_two_months_after_verification_ends():
    deadline = retention_deadline(date(2026, 12, 31))

    assert deadline.due == date(2027, 2, 28)
    assert deadline.rule.code == "retention_no_follow_up"


# --- Internal, configurable deadlines -------------------------------------------------------


def test_triage_defaults_to_five_working_days_from_case_creation():
    # Created Fri 10 Jul 2026; Tue 14 Jul (fête nationale) is skipped.
    assert triage_deadline(date(2026, 7, 10)).due == date(2026, 7, 20)


def test_triage_period_is_read_from_settings_at_call_time():
    with override_settings(RECUEIL_TRIAGE_DAYS=2):
        assert triage_deadline(date(2026, 7, 10)).due == date(2026, 7, 15)


def test_enquiry_defaults_to_eight_calendar_weeks_and_follows_settings():
    assert enquiry_deadline(date(2026, 9, 1)).due == date(2026, 10, 27)
    with override_settings(RECUEIL_ENQUIRY_WEEKS=10):
        assert enquiry_deadline(date(2026, 9, 1)).due == date(2026, 11, 10)


@pytest.mark.parametrize("value", [0, -3, "5", True])
def test_a_nonsense_internal_period_is_a_configuration_error(value):
    with override_settings(RECUEIL_TRIAGE_DAYS=value), pytest.raises(ImproperlyConfigured):
        triage_deadline(date(2026, 7, 10))


# --- Rules and deadline status --------------------------------------------------------------


def test_every_rule_has_a_french_label_and_a_source():
    assert set(RULES) == {
        "acknowledgement",
        "meeting",
        "feedback",
        "disciplinary_summons",
        "file_access",
        "retention_no_follow_up",
        "triage",
        "urgent_triage",
        "enquiry",
        "article40",
        "decision",
        "suspension_civil",
        "suspension_contract",
        "legal_hold_review",
        "staff_civil_summons",
        "staff_civil_file_access",
        "staff_contract_summons",
    }
    for code, rule in RULES.items():
        assert rule.code == code
        assert get_rule(code) is rule
        assert str(rule.label)
        assert rule.source
    assert get_rule("triage").kind is RuleKind.INTERNAL
    assert get_rule("enquiry").kind is RuleKind.INTERNAL
    assert get_rule("article40").kind is RuleKind.INTERNAL
    assert get_rule("decision").kind is RuleKind.INTERNAL
    assert ACKNOWLEDGEMENT.kind is RuleKind.LEGAL
    assert "2022-1284" in ACKNOWLEDGEMENT.source
    assert "R. 811-31" in DISCIPLINARY_SUMMONS.source


def test_the_rule_registry_is_read_only():
    with pytest.raises(TypeError):
        RULES["acknowledgement"] = FEEDBACK  # type: ignore[index]


def test_deadline_status_is_ok_then_soon_then_overdue():
    deadline = acknowledgement_deadline(date(2026, 12, 23))  # due Tue 5 Jan 2027

    assert deadline.status(date(2027, 1, 1)) == "ok"
    assert deadline.status(date(2027, 1, 2)) == "soon"
    assert deadline.status(date(2027, 1, 5)) == "soon"
    assert deadline.status(date(2027, 1, 6)) == "overdue"
    assert deadline.status(date(2027, 1, 1), warn_days=7) == "soon"


def test_the_due_date_itself_is_still_in_time():
    deadline = acknowledgement_deadline(date(2026, 12, 23))

    assert deadline.days_left(date(2027, 1, 5)) == 0
    assert not deadline.is_overdue(date(2027, 1, 5))
    assert deadline.is_overdue(date(2027, 1, 6))
    assert deadline.days_left(date(2027, 1, 8)) == -3


# --- Student disciplinary hearing -----------------------------------------------------------

HEARING = date(2026, 6, 16)


def test_summons_and_file_access_deadlines_count_back_from_the_hearing():
    assert disciplinary_summons_deadline(hearing_on=HEARING).due == date(2026, 6, 1)
    assert file_access_deadline(hearing_on=HEARING).due == date(2026, 6, 6)


def test_hearing_summoned_fifteen_days_ahead_with_file_open_ten_days_ahead_passes():
    assert (
        check_disciplinary_hearing(
            summons_sent_on=date(2026, 6, 1), file_open_from=date(2026, 6, 6), hearing_on=HEARING
        )
        == []
    )


def test_hearing_summoned_fourteen_days_ahead_is_refused_citing_r811_31():
    violations = check_disciplinary_hearing(
        summons_sent_on=date(2026, 6, 2), file_open_from=date(2026, 6, 2), hearing_on=HEARING
    )

    assert [v.rule for v in violations] == [DISCIPLINARY_SUMMONS]
    message = violations[0].message
    assert "R. 811-31" in message
    assert "2 juin 2026" in message
    assert "16 juin 2026" in message
    assert "14 jour(s)" in message
    assert "au moins 15 jours" in message
    assert "avant le 17 juin 2026" in message


def test_file_opened_eight_days_ahead_is_refused():
    violations = check_disciplinary_hearing(
        summons_sent_on=date(2026, 5, 20), file_open_from=date(2026, 6, 8), hearing_on=HEARING
    )

    assert [v.rule for v in violations] == [FILE_ACCESS]
    assert "au moins 10 jours" in violations[0].message
    assert "R. 811-31" in violations[0].message


def test_summons_and_file_dated_after_the_hearing_give_both_violations():
    violations = check_disciplinary_hearing(
        summons_sent_on=date(2026, 6, 17), file_open_from=date(2026, 6, 18), hearing_on=HEARING
    )

    assert [v.rule for v in violations] == [DISCIPLINARY_SUMMONS, FILE_ACCESS]
    assert "soit après la séance" in violations[0].message
    assert "soit après la séance" in violations[1].message


def test_a_summons_on_the_day_of_the_hearing_says_so():
    violations = check_disciplinary_hearing(
        summons_sent_on=HEARING, file_open_from=date(2026, 6, 1), hearing_on=HEARING
    )

    assert "soit le jour même de la séance" in violations[0].message


def test_a_summons_sent_in_time_but_received_late_is_refused():
    violations = check_disciplinary_hearing(
        summons_sent_on=date(2026, 6, 1),
        summons_received_on=date(2026, 6, 4),
        file_open_from=date(2026, 6, 1),
        hearing_on=HEARING,
    )

    assert [v.rule for v in violations] == [DISCIPLINARY_SUMMONS]
    assert "reçue le 4 juin 2026" in violations[0].message
