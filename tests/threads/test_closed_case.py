"""The conversation outlives the closure: new facts come that way, and they are what
reopens a case (``cases.services.closed``)."""

from __future__ import annotations

import pytest

from cases.models import Case
from threads.models import ReporterMessage
from threads.services import message_post_by_handler, message_post_by_reporter

pytestmark = pytest.mark.django_db


def test_the_reporter_and_the_referent_still_write_on_a_closed_case(thread_a, referent_a):
    Case.objects.filter(pk=thread_a.case_id).update(status=Case.Status.CLOSED)
    message_post_by_reporter(thread=thread_a, body="J'ai de nouveaux éléments.")
    message_post_by_handler(actor=referent_a, thread=thread_a, body="Merci, nous les lisons.")
    assert ReporterMessage.objects.filter(thread=thread_a).count() == 2
