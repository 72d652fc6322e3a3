"""The default charge letters for staff, French: each status its own texts.

- Civil servants (fonctionnaires de l'État): the administration informs them of the right
  to the whole file and to defenders of their choice (décret n° 84-961 du 25 octobre 1984,
  art. 1 ; code général de la fonction publique, art. L532-4) and the president of the
  conseil de discipline summons them at least fifteen days before the meeting, by
  registered letter (même décret, art. 4).
- State contract staff: the whole file and defenders (décret n° 86-83 du 17 janvier 1986,
  art. 44), the commission consultative paritaire consulted for sanctions other than the
  warning and the blame (même décret, art. 1-2).
- Both: the right to remain silent (Cons. const. n° 2024-1105 QPC ; CE, 9 mai 2025,
  n° 499277).

Placeholders stay within each kind's documented context (templates_legal/kinds/).
"""

from __future__ import annotations

from templates_legal.defaults import letters_fr as fr
from templates_legal.defaults.layout import Bold, Letter


def _charge_letter(*, title: str, subject: str, rights_text: str, notice_text: str) -> Letter:
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
    letter.bullet(
        Bold("Communication intégrale du dossier. "),
        rights_text,
        " Il vous est communiqué à partir du ",
        Bold("{{ staff_file_access_date }}"),
        ", {{ file_access_place }}.",
    )
    letter.bullet(
        Bold("Défenseurs. "),
        "Vous pouvez vous faire assister par un ou plusieurs défenseurs de votre choix, qui "
        "peuvent consulter le dossier avec vous.",
    )
    letter.bullet(
        Bold("Observations et témoins. "),
        "Vous pouvez présenter des observations écrites jusqu’au ",
        Bold("{{ observations_deadline_date }}"),
        ", ainsi que des observations orales lors de la séance, et citer des témoins.",
    )
    letter.bullet(
        Bold("Droit de se taire. "),
        "Au cours de la procédure, et notamment devant {{ council_name }}, vous pouvez faire "
        "des déclarations, répondre aux questions qui vous sont posées ou vous taire "
        f"({fr.SILENCE_CASE_LAW}).",
    )
    letter.para(notice_text)
    fr._contact(letter)
    letter.para(
        "Le dossier et le présent courrier sont confidentiels : leur contenu ne peut être "
        "utilisé que pour votre défense."
    )
    fr._closing(letter)
    fr._signed(letter)
    return letter


def staff_charge_civil() -> Letter:
    return _charge_letter(
        title="Engagement d’une procédure disciplinaire",
        subject="Procédure disciplinaire — convocation devant {{ council_name }}",
        rights_text=(
            "Vous avez le droit d’obtenir la communication intégrale de votre dossier individuel "
            "et de tous les documents annexes (article L. 532-4 du code général de la fonction "
            "publique ; article 1er du décret n° 84-961 du 25 octobre 1984)."
        ),
        notice_text=(
            "La présente convocation vous est adressée par lettre recommandée avec demande "
            "d’avis de réception au moins quinze jours avant la réunion du conseil de "
            "discipline, conformément à l’article 4 du décret n° 84-961 du 25 octobre 1984. "
            "Vous pouvez demander, une seule fois, le report de l’examen de votre affaire."
        ),
    )


def staff_charge_contract() -> Letter:
    return _charge_letter(
        title="Engagement d’une procédure disciplinaire",
        subject="Procédure disciplinaire — convocation devant {{ council_name }}",
        rights_text=(
            "Vous avez droit à la communication de l’intégralité de votre dossier individuel et "
            "de tous les documents annexes (article 44 du décret n° 86-83 du 17 janvier 1986)."
        ),
        notice_text=(
            "Une sanction autre que l’avertissement ou le blâme ne peut être prononcée qu’après "
            "consultation de la commission consultative paritaire (article 1-2 du décret "
            "n° 86-83 du 17 janvier 1986). La présente convocation vous est adressée au moins "
            "quinze jours avant sa réunion."
        ),
    )


LETTERS_FR = {
    "staff_charge_civil": staff_charge_civil,
    "staff_charge_contract": staff_charge_contract,
}
