"""Who sees draft letters: those who draft or sign the case's letters; a reader with
``view_case`` only sees finalised ones; without ``view_case``, none at all."""

from __future__ import annotations

import pytest

from cases.models import CasePermission
from templates_legal.letters.selectors import letters_visible, sees_draft_letters
from templates_legal.letters.services import letter_draft, letter_finalise, letter_values_update
from tests.templates_legal.letter_helpers import (
    ARTICLE40_VALUES,
    DIRECTOR_PERMISSIONS,
    LEGAL_PERMISSIONS,
    grant,
    letter_case,
)

VIEW = CasePermission.VIEW


@pytest.mark.parametrize(
    ("permissions", "sees"),
    [
        ({VIEW, CasePermission.DRAFT_LETTER}, True),
        ({VIEW, CasePermission.SIGN_LETTER}, True),
        ({VIEW}, False),
        ({VIEW, CasePermission.TRIAGE, CasePermission.VIEW_HISTORY}, False),
        (set(), False),
    ],
)
def test_drafts_are_seen_by_those_who_draft_or_sign_letters(permissions, sees):
    assert sees_draft_letters(permissions) is sees


@pytest.fixture
def case_with_letters(referent_a, school_a, legal_a, director_a, fake_pdf):
    case = letter_case(referent_a, school_a)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    grant(case, director_a, DIRECTOR_PERMISSIONS)
    draft = letter_draft(actor=legal_a, case=case, kind="acknowledgement")
    final = letter_draft(actor=legal_a, case=case, kind="article40_referral")
    final = letter_values_update(actor=legal_a, letter=final, values=ARTICLE40_VALUES)
    final = letter_finalise(actor=legal_a, letter=final)
    return case, draft, final


@pytest.mark.django_db
def test_the_case_page_lists_drafts_only_to_drafters_and_signers(case_with_letters):
    case, draft, final = case_with_letters
    every = {draft.pk, final.pk}
    assert {x.pk for x in letters_visible(case, set(LEGAL_PERMISSIONS))} == every
    assert {x.pk for x in letters_visible(case, set(DIRECTOR_PERMISSIONS))} == every
    assert [x.pk for x in letters_visible(case, {VIEW})] == [final.pk]
    assert letters_visible(case, {CasePermission.DRAFT_LETTER}) == []  # no view_case


@pytest.mark.django_db
def test_letters_are_not_read_when_the_case_page_found_none(
    case_with_letters, django_assert_num_queries
):
    case, _draft, _final = case_with_letters
    case.present_sections = frozenset({"notes"})
    with django_assert_num_queries(0):
        assert letters_visible(case, set(LEGAL_PERMISSIONS)) == []
