"""The letter kinds: each declares who signs, for whom, and exactly which data it may carry."""

from __future__ import annotations

import pytest

from cases.models import Role
from templates_legal.kinds import KINDS, Addressee, UnknownLetterKind, letter_kind

EXPECTED_CODES = {
    "acknowledgement",
    "enquiry_opening",
    "commission_appointment",
    "interview_summons",
    "confidentiality_commitment",
    "recording_authorisation",
    "interview_minutes",
    "enquiry_report",
    "article40_referral",
    "disciplinary_summons",
    "staff_charge_civil",
    "staff_charge_contract",
    "disciplinary_decision",
    "interim_feedback",
    "follow_up_information",
    "closing_letter",
    "protection_decision",
}
REPORTING_PERSON_DATA = {"reporting_person_identity"}


def test_the_registry_holds_every_letter_of_the_procedure():
    assert {kind.code for kind in KINDS} == EXPECTED_CODES
    assert len(KINDS) == len(EXPECTED_CODES)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.code)
def test_every_kind_documents_each_placeholder_and_cites_its_legal_basis(kind):
    assert kind.placeholders
    assert len(kind.context_names) == len(kind.placeholders)
    for placeholder in kind.placeholders:
        assert str(placeholder.description)
        assert placeholder.kind in {"text", "date", "flag"}
    assert {"case_reference", "entity_name", "letter_date"} <= kind.required_names
    assert kind.legal_basis
    assert str(kind.label)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.code)
def test_signatories_are_roles_of_recueil(kind):
    assert set(kind.signatory_roles) <= set(Role.values)
    assert Role.STEERING not in kind.signatory_roles
    assert Role.ENTITY_ADMIN not in kind.signatory_roles
    if kind.needs_signature:
        assert kind.signatory_roles or kind.addressee_signs
    if kind.signatory_roles:
        assert {"signatory_name", "signatory_title"} <= kind.context_names or (
            kind.addressee is Addressee.CASE_FILE
        )


def test_letters_to_the_person_implicated_never_carry_the_reporting_persons_identity():
    for kind in KINDS:
        if kind.addressee is Addressee.PERSON_IMPLICATED:
            assert not kind.context_names & REPORTING_PERSON_DATA, kind.code
            assert "facts_summary" not in kind.context_names


def test_only_the_procureur_receives_the_full_facts_and_both_identities():
    article40 = letter_kind("article40_referral")
    assert article40.addressee is Addressee.PROSECUTOR
    assert {
        "facts_summary",
        "reporting_person_identity",
        "person_implicated_identity",
    } <= article40.required_names
    others = [kind for kind in KINDS if kind.code != "article40_referral"]
    for kind in others:
        assert not kind.context_names & {
            "facts_summary",
            "reporting_person_identity",
            "person_implicated_identity",
        }, kind.code


def test_the_disciplinary_summons_documents_every_deadline_of_the_rights_notice():
    summons = letter_kind("disciplinary_summons")
    assert {
        "observations_deadline_date",
        "file_access_date",
        "hearing_date",
        "charges_summary",
        "recipient_address",
    } <= summons.required_names
    assert summons.signatory_roles == (Role.DIRECTOR, Role.LEGAL)


def test_letters_a_non_french_speaker_may_receive_ship_in_english():
    for code in (
        "acknowledgement",
        "interview_summons",
        "confidentiality_commitment",
        "recording_authorisation",
        "follow_up_information",
        "closing_letter",
    ):
        assert "en" in letter_kind(code).default_languages


def test_an_unknown_kind_is_an_error():
    with pytest.raises(UnknownLetterKind):
        letter_kind("love_letter")
