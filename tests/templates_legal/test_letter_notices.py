"""A final letter waiting for a signature is told, by mail without content, to who may sign it."""

from __future__ import annotations

import pytest

from cases.models import Role
from templates_legal.letters.services import letter_draft, letter_finalise, letter_values_update
from tests.people import staff
from tests.templates_legal.letter_helpers import (
    ARTICLE40_VALUES,
    DIRECTOR_PERMISSIONS,
    LEGAL_PERMISSIONS,
    grant,
    letter_case,
)

pytestmark = pytest.mark.django_db


def test_a_letter_to_sign_is_told_to_its_possible_signatories_only(
    referent_a,
    school_a,
    legal_a,
    director_a,
    school_b,
    fake_pdf,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    case = letter_case(referent_a, school_a)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    grant(case, director_a, DIRECTOR_PERMISSIONS)
    # A director of the school without any right on this case, one of another school.
    staff(Role.DIRECTOR, school_a, username="director.a2")
    staff(Role.DIRECTOR, school_b, username="director.b")
    letter = letter_draft(actor=legal_a, case=case, kind="article40_referral")
    letter = letter_values_update(actor=legal_a, letter=letter, values=ARTICLE40_VALUES)
    with django_capture_on_commit_callbacks(execute=True):
        letter_finalise(actor=legal_a, letter=letter)
    # The legal officer finalised it: they are not told of their own act.
    assert sorted(a for m in mailoutbox for a in m.to) == [director_a.email]
    for message in mailoutbox:
        assert case.reference not in message.body and "Dominique" not in message.body
        assert "article" not in message.body.lower()
