"""Investigators are told of their appointment, the director of a report awaiting their
decision — by mail without content."""

from __future__ import annotations

import pytest

from cases.models import Role
from enquiries.services import report_save, report_submit
from tests.enquiries.conftest import appoint
from tests.people import staff

pytestmark = pytest.mark.django_db


def _clean(mailoutbox, enquiry) -> None:
    for message in mailoutbox:
        assert enquiry.case.reference not in message.body
        assert str(enquiry.pk) not in message.body
        assert "commission" not in message.body.lower()


def test_an_appointment_is_told_to_the_investigators_appointed(
    enquiry, referent_a, alice, bruno, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appoint(enquiry, referent_a, alice, bruno)
    assert sorted(a for m in mailoutbox for a in m.to) == sorted([alice.email, bruno.email])
    _clean(mailoutbox, enquiry)


def test_a_submitted_report_is_told_to_the_director(
    enquiry, commission, alice, school_a, mailoutbox, django_capture_on_commit_callbacks
):
    director = staff(Role.DIRECTOR, school_a, username="director.x")
    report_save(
        actor=alice,
        enquiry=enquiry,
        expected_version=0,
        facts_established="Établi.",
        facts_not_established="",
        analysis={"harcelement-sexuel": "Analyse."},
        recommendations=["no_further_action"],
        recommendations_detail="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(actor=alice, enquiry=enquiry, expected_version=1)
    recipients = {a for m in mailoutbox for a in m.to}
    assert director.email in recipients
    assert alice.email not in recipients
    _clean(mailoutbox, enquiry)
