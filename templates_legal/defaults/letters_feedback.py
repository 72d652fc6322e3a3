"""The default interim information of the person who reported, French.

Décret n° 2022-1284 du 3 octobre 2022, art. 4: the person is informed in writing within
three months of the measures envisaged or taken; while an enquiry runs, an interim
information (what has been done, what is planned) meets that clock. It says nothing
confidential about others (loi n° 2016-1691, art. 9: the identity of the person
implicated, the content of testimonies). The final information is ``follow_up_information``.
Placeholders stay within the kind's documented context (templates_legal/kinds/).
"""

from __future__ import annotations

from templates_legal.defaults import letters_fr as fr
from templates_legal.defaults.layout import Letter


def interim_feedback() -> Letter:
    letter = fr._letter("Information sur l’état d’avancement du traitement du signalement")
    letter.letterhead(service=fr.SERVICE_REPORTS, date_line=fr.DATE, recipient=fr.RECIPIENT)
    letter.references(
        reference_label=fr.REF,
        subject_label=fr.OBJECT,
        subject="État d’avancement du traitement de votre signalement",
    )
    letter.salutation(f"{fr.SALUTATION},")
    letter.para(
        "Vous avez adressé à {{ entity_name }}, le {{ report_received_date }}, un signalement "
        "enregistré sous la référence {{ case_reference }}. Son traitement est toujours en "
        "cours. Conformément à l’article 4 du décret n° 2022-1284 du 3 octobre 2022, je vous "
        "informe de ce qui a été fait et de ce qui est prévu :"
    )
    letter.para("{{ progress_summary }}", indent=0.8)
    letter.para(
        "Certaines informations ne peuvent pas vous être communiquées à ce stade, afin de "
        "respecter les droits des autres personnes concernées et la confidentialité de "
        "l’enquête. Vous serez informé·e par écrit des suites données lorsque son traitement "
        "sera achevé."
    )
    fr._support(letter)
    fr._contact(letter)
    fr._closing(letter)
    fr._signed(letter)
    return letter


LETTERS_FR = {"interim_feedback": interim_feedback}
