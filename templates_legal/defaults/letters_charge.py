"""The default charge letters, French: the summons before the disciplinary body and the
two staff charge letters, their shared wording written once.

- Students (the summons): the code de l'éducation, R. 811-31 (the whole file at least
  ten days, the summons at least fifteen days before the sitting).
- Civil servants (fonctionnaires de l'État), in the summons' staff branch and in
  ``staff_charge_civil``: the administration informs them of the right to the whole file
  and to defenders of their choice (décret n° 84-961 du 25 octobre 1984, art. 1 ; code
  général de la fonction publique, art. L532-4) and the president of the conseil de
  discipline summons them at least fifteen days before the meeting, by registered letter
  (même décret, art. 4).
- State contract staff, in the summons' staff branch and in ``staff_charge_contract``:
  the whole file and defenders (décret n° 86-83 du 17 janvier 1986, art. 44), the
  commission consultative paritaire consulted for sanctions other than the warning and
  the blame (même décret, art. 1-2).
- All: the right to remain silent (Cons. const. n° 2024-1105 QPC ; CE, 9 mai 2025,
  n° 499277).

The shared pieces keep each letter's paragraphs and runs as they were: the shipped
``.docx`` files must not change for a refactoring, since a letter finalised from a
default is signed only if the default's digest is still the same
(``letters.services._finalised_template``). ``test_defaults`` compares the build with
the shipped files, ``test_charge_letters_golden`` each letter's text.

Placeholders stay within each kind's documented context (templates_legal/kinds/).
"""

from __future__ import annotations

from templates_legal.defaults import letters_fr as fr
from templates_legal.defaults.layout import Bold, Letter

CIVIL_DECREE = "décret n° 84-961 du 25 octobre 1984"
CONTRACT_DECREE = "décret n° 86-83 du 17 janvier 1986"
# The civil servant's right to the file; the summons and the staff letter word its verb
# differently ("avez droit à", "avez le droit d'obtenir").
CIVIL_FILE = (
    "la communication intégrale de votre dossier individuel et de tous les documents annexes "
    f"(article L. 532-4 du code général de la fonction publique ; article 1er du {CIVIL_DECREE})."
)
CONTRACT_FILE = (
    "Vous avez droit à la communication de l’intégralité de votre dossier individuel et de "
    f"tous les documents annexes (article 44 du {CONTRACT_DECREE})."
)
FILE_FROM = " Il vous est communiqué à partir du "
ADJOURNMENT = "Vous pouvez demander, une seule fois, le report de l’examen de votre affaire."


def _charge_opening(*, title: str, subject: str) -> Letter:
    """Letterhead to the "Vos droits" heading: the summons, the hearing, the charges."""
    letter = fr._letter(title)
    letter.letterhead(
        service=fr.SERVICE_DIRECTION,
        date_line=fr.DATE,
        recipient=("{{ recipient_name }}", "{{ recipient_address }}"),
        sending_mode=fr.REGISTERED,
    )
    letter.references(reference_label=fr.REF, subject_label=fr.OBJECT, subject=subject)
    letter.salutation(f"{fr.SALUTATION},")
    letter.para(
        "Je vous informe qu’une procédure disciplinaire est engagée à votre encontre et que "
        "vous êtes convoqué·e devant {{ council_name }}, qui se réunira le ",
        Bold("{{ hearing_date }} à {{ hearing_time }}"),
        ", ",
        Bold("{{ hearing_place }}"),
        ".",
    )
    letter.heading("Faits qui vous sont reprochés")
    letter.para("{{ charges_summary }}")
    letter.heading("Vos droits")
    return letter


def _file_bullet(letter: Letter, *parts: str) -> None:
    letter.bullet(
        Bold("Communication intégrale du dossier. "), *parts, ", {{ file_access_place }}."
    )


def _defenders(letter: Letter) -> None:
    letter.bullet(
        Bold("Défenseurs. "),
        "Vous pouvez vous faire assister par un ou plusieurs défenseurs de votre choix, qui "
        "peuvent consulter le dossier avec vous.",
    )


def _silence(letter: Letter, where: str) -> None:
    letter.bullet(
        Bold("Droit de se taire. "),
        f"Au cours de la procédure, et notamment {where}, vous pouvez faire des déclarations, "
        f"répondre aux questions qui vous sont posées ou vous taire ({fr.SILENCE_CASE_LAW}).",
    )


def _confidential_and_signed(letter: Letter) -> Letter:
    letter.para(
        "Le dossier et le présent courrier sont confidentiels : leur contenu ne peut être "
        "utilisé que pour votre défense."
    )
    fr._closing(letter)
    fr._signed(letter)
    return letter


def disciplinary_summons() -> Letter:
    letter = _charge_opening(
        title="Notification des griefs et convocation devant l’instance disciplinaire",
        subject="Notification des griefs et convocation devant {{ council_name }}",
    )
    _silence(letter, "lors de votre audition par {{ council_name }}")
    letter.bullet(
        Bold("Observations écrites. "),
        "Vous pouvez présenter des observations écrites jusqu’au ",
        Bold("{{ observations_deadline_date }}"),
        "{% if contact_email %}, à l’adresse {{ contact_email }} ou{% endif %} par courrier "
        "en rappelant la référence ci-dessus.",
    )
    # The rights and the texts of the person's own status: a civil servant's décret
    # n° 84-961, a contract agent's décret n° 86-83, else a student's code de l'éducation.
    letter.control("{%p if staff_civil_servant or staff_contract %}")
    _defenders(letter)
    letter.control("{%p if staff_civil_servant %}")
    _file_bullet(
        letter, f"Vous avez droit à {CIVIL_FILE}{FILE_FROM}", Bold("{{ file_access_date }}")
    )
    letter.control("{%p else %}")
    _file_bullet(letter, f"{CONTRACT_FILE}{FILE_FROM}", Bold("{{ file_access_date }}"))
    letter.control("{%p endif %}")
    letter.control("{%p else %}")
    letter.bullet(
        Bold("Droit à un conseil. "),
        "Vous pouvez vous faire assister par un conseil de votre choix (avocate ou avocat, ou "
        "toute autre personne de votre choix), qui peut consulter le dossier avec vous.",
    )
    letter.bullet(
        Bold("Accès au dossier. "),
        "Vous pouvez prendre connaissance de l’intégralité du dossier à partir du ",
        Bold("{{ file_access_date }}"),
        ", {{ file_access_place }}, soit au moins dix jours avant la séance.",
    )
    letter.control("{%p endif %}")
    letter.bullet(
        Bold("Droit d’être entendu·e. "),
        "Vous serez entendu·e par {{ council_name }} et pourrez y présenter votre défense ; vous "
        "pouvez demander l’audition de témoins.",
    )
    letter.control("{%p if staff_civil_servant %}")
    letter.para(
        f"Conformément à l’article 4 du {CIVIL_DECREE}, vous êtes convoqué·e par le président "
        "du conseil de discipline, par lettre recommandée avec demande d’avis de réception, au "
        "moins quinze jours avant la date de sa réunion ; la présente convocation vous est "
        f"adressée à ce titre. {ADJOURNMENT} Si vous ne vous présentez pas sans motif "
        "légitime, le conseil de discipline pourra rendre son avis en votre absence."
    )
    letter.control("{%p elif staff_contract %}")
    letter.para(
        "La présente convocation vous est adressée au moins quinze jours avant la séance, afin "
        f"que vous puissiez exercer les droits que vous tenez de l’article 44 du {CONTRACT_DECREE}. "
        "Si vous ne vous présentez pas sans motif légitime, {{ council_name }} pourra rendre "
        "son avis en votre absence."
    )
    letter.control("{%p else %}")
    letter.para(
        "La présente convocation vous est adressée au moins quinze jours avant la séance, "
        "conformément à l’article R. 811-31 du code de l’éducation. Si vous ne "
        "vous présentez pas sans motif légitime, {{ council_name }} pourra se prononcer en "
        "votre absence."
    )
    letter.control("{%p endif %}")
    return _confidential_and_signed(letter)


def _staff_charge_letter(*, rights_text: str, notice_text: str) -> Letter:
    letter = _charge_opening(
        title="Engagement d’une procédure disciplinaire",
        subject="Procédure disciplinaire — convocation devant {{ council_name }}",
    )
    _file_bullet(letter, rights_text, FILE_FROM, Bold("{{ staff_file_access_date }}"))
    _defenders(letter)
    letter.bullet(
        Bold("Observations et témoins. "),
        "Vous pouvez présenter des observations écrites jusqu’au ",
        Bold("{{ observations_deadline_date }}"),
        ", ainsi que des observations orales lors de la séance, et citer des témoins.",
    )
    _silence(letter, "devant {{ council_name }}")
    letter.para(notice_text)
    fr._contact(letter)
    return _confidential_and_signed(letter)


def staff_charge_civil() -> Letter:
    return _staff_charge_letter(
        rights_text=f"Vous avez le droit d’obtenir {CIVIL_FILE}",
        notice_text=(
            "La présente convocation vous est adressée par lettre recommandée avec demande "
            "d’avis de réception au moins quinze jours avant la réunion du conseil de "
            f"discipline, conformément à l’article 4 du {CIVIL_DECREE}. {ADJOURNMENT}"
        ),
    )


def staff_charge_contract() -> Letter:
    return _staff_charge_letter(
        rights_text=CONTRACT_FILE,
        notice_text=(
            "Une sanction autre que l’avertissement ou le blâme ne peut être prononcée qu’après "
            f"consultation de la commission consultative paritaire (article 1-2 du {CONTRACT_DECREE}). "
            "La présente convocation vous est adressée au moins quinze jours avant sa réunion."
        ),
    )


LETTERS_FR = {
    "disciplinary_summons": disciplinary_summons,
    "staff_charge_civil": staff_charge_civil,
    "staff_charge_contract": staff_charge_contract,
}
