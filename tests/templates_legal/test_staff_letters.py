"""The summons and the decision letters say a member of staff's own texts, drafted from the
case: a civil servant's décret n° 84-961, a contract agent's décret n° 86-83, never the
students' code de l'éducation; and the body's name reads as French whatever it is."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.models import DisciplinaryHearing, Party
from templates_legal.defaults import default_path
from templates_legal.letters.services import letter_draft
from templates_legal.rendering import render_docx
from tests.templates_legal.helpers import docx_text, full_context
from tests.templates_legal.letter_helpers import LEGAL_PERMISSIONS, grant, letter_case

CIVIL = {"staff_civil_servant": True, "council_name": "le conseil de discipline"}
CONTRACT = {
    "staff_contract": True,
    "council_name": "la commission consultative paritaire compétente",
}


def _render(code: str, **overrides: object) -> str:
    context = {**full_context(code), **overrides}
    data = render_docx(default_path(code, "fr").read_bytes(), context, kind=code, language="fr")
    return docx_text(data)


def test_a_civil_servant_is_summoned_under_decree_84_961_not_the_code_de_l_education():
    text = _render("disciplinary_summons", **CIVIL)
    assert "article 4 du décret n° 84-961 du 25 octobre 1984" in text
    assert "convoqué·e par le président du conseil de discipline" in text
    assert "au moins quinze jours avant la date de sa réunion" in text
    assert "communication intégrale de votre dossier individuel" in text
    assert "article 1er du décret n° 84-961" in text
    assert "défenseurs de votre choix" in text
    assert "Il vous est communiqué à partir du 27 mars 2026" in text
    assert "Droit de se taire" in text and "2024-1105 QPC" in text
    assert "R. 811-31" not in text and "code de l’éducation" not in text
    assert "dix jours" not in text
    assert "86-83" not in text


def test_a_contract_agent_is_summoned_under_decree_86_83():
    text = _render("disciplinary_summons", **CONTRACT)
    assert "article 44 du décret n° 86-83 du 17 janvier 1986" in text
    assert "défenseurs de votre choix" in text
    assert "devant la commission consultative paritaire compétente" in text
    assert "au moins quinze jours avant la séance" in text
    assert "R. 811-31" not in text and "dix jours" not in text
    assert "84-961" not in text


def test_a_student_keeps_the_code_de_l_education_wording():
    text = _render("disciplinary_summons")
    assert "l’article R. 811-31 du code de l’éducation" in text
    assert "au moins dix jours avant la séance" in text
    assert "conseil de votre choix" in text
    assert "84-961" not in text and "86-83" not in text and "défenseurs" not in text


@pytest.mark.parametrize("council", ["le conseil de discipline de l'école", "la section"])
@pytest.mark.parametrize("staff", [{}, {"staff_civil_servant": True}])
def test_the_body_s_name_is_never_glued_to_a_preposition(council, staff):
    for code in ("disciplinary_summons", "disciplinary_decision"):
        text = _render(code, council_name=council, **staff)
        assert council in text
        for wrong in ("de le ", "à le ", "de les ", "à les "):
            assert wrong not in text, (code, wrong)


def test_the_staff_decision_is_taken_by_the_authority_after_the_conseil_s_opinion():
    text = _render("disciplinary_decision", **CIVIL)
    assert (
        "Après que le conseil de discipline a rendu son avis lors de sa séance du 9 avril 2026"
        in text
    )
    assert "l’autorité investie du pouvoir disciplinaire a prononcé à votre égard" in text
    assert "Exclusion temporaire de six mois" in text
    assert "instance disciplinaire de l’employeur" not in text
    assert "le conseil de discipline a pris" not in text


def test_a_first_group_sanction_is_notified_without_any_sitting():
    context = {**full_context("disciplinary_decision"), "staff_civil_servant": True}
    del context["council_name"], context["hearing_date"]
    data = render_docx(
        default_path("disciplinary_decision", "fr").read_bytes(),
        context,
        kind="disciplinary_decision",
        language="fr",
    )
    text = docx_text(data)
    assert "Après vous avoir mis·e en mesure de prendre connaissance de votre dossier" in text
    assert "l’autorité investie du pouvoir disciplinaire a prononcé" in text
    assert "séance" not in text and "son avis" not in text


def test_a_student_decision_is_still_taken_by_the_body():
    text = _render("disciplinary_decision")
    assert "À l’issue de la séance du 9 avril 2026" in text
    assert "le conseil de discipline de l'école a pris à votre égard" in text
    assert "pouvoir disciplinaire" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "flag", "body"),
    [
        (Party.Status.STAFF_CIVIL, "staff_civil_servant", "conseil de discipline"),
        (Party.Status.STAFF_CONTRACT, "staff_contract", "commission consultative paritaire"),
    ],
)
def test_the_summons_drafted_for_staff_says_their_status_s_texts(
    referent_a, legal_a, school_a, status, flag, body
):
    case = letter_case(referent_a, school_a)
    case.parties.filter(role=Party.Role.IMPLICATED).update(status=status)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    letter = letter_draft(actor=legal_a, case=case, kind="disciplinary_summons")
    assert letter.values[flag] is True
    assert body in letter.values["council_name"]
    text = _render(
        "disciplinary_summons", **{flag: True, "council_name": letter.values["council_name"]}
    )
    assert "R. 811-31" not in text
    assert f"devant {letter.values['council_name']}" in text


@pytest.mark.django_db
def test_the_summons_drafted_for_a_student_keeps_the_student_texts(referent_a, legal_a, school_a):
    case = letter_case(referent_a, school_a)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    letter = letter_draft(actor=legal_a, case=case, kind="disciplinary_summons")
    assert not letter.values.get("staff_civil_servant")
    assert not letter.values.get("staff_contract")


@pytest.mark.django_db
def test_the_staff_decision_drafted_after_a_staff_hearing_names_the_conseil_not_the_employer(
    referent_a, legal_a, school_a
):
    case = letter_case(referent_a, school_a)
    case.parties.filter(role=Party.Role.IMPLICATED).update(status=Party.Status.STAFF_CIVIL)
    today = timezone.localdate()
    DisciplinaryHearing(
        key_id=case.key_id,
        case=case,
        track=DisciplinaryHearing.Track.STAFF_EMPLOYER,
        summons_sent_on=today,
        file_open_from=today,
        hearing_on=None,
        silence_notice=True,
        counsel_notice=True,
        recorded_by=legal_a,
    ).save(force_insert=True)
    grant(case, legal_a, LEGAL_PERMISSIONS)
    letter = letter_draft(actor=legal_a, case=case, kind="disciplinary_decision")
    assert letter.values["staff_civil_servant"] is True
    assert "employeur" not in str(letter.values)
    assert "hearing_date" not in letter.values
