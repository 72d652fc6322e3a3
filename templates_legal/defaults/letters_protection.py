"""The default letter notifying a decision on a protection fonctionnelle, French and English.

Code général de la fonction publique, art. L134-1 and following (civil servants and
contract staff); a refusal states its reasons (code des relations entre le public et
l'administration, art. L211-2) and the means of appeal (code de justice
administrative, art. R421-1). Placeholders stay within the kind's documented context.
"""

from __future__ import annotations

from templates_legal.defaults import letters_en as en
from templates_legal.defaults import letters_fr as fr
from templates_legal.defaults.layout import Letter

# The measures are one a line: justified, a line broken by hand would be stretched.

SERVICE_FR = "Direction"
SERVICE_EN = "Office of the Director"


def protection_decision_fr() -> Letter:
    letter = fr._letter("Décision sur votre demande de protection fonctionnelle")
    letter.letterhead(service=SERVICE_FR, date_line=fr.DATE, recipient=fr.RECIPIENT)
    letter.references(
        reference_label=fr.REF,
        subject_label=fr.OBJECT,
        subject="Votre demande de protection fonctionnelle",
    )
    letter.salutation(f"{fr.SALUTATION},")
    letter.para(
        "Par une demande du {{ protection_request_date }}, enregistrée sous la référence "
        "{{ case_reference }}, vous avez sollicité le bénéfice de la protection fonctionnelle "
        "prévue aux articles L. 134-1 et suivants du code général de la fonction publique."
    )
    letter.control("{%p if protection_granted %}")
    letter.para("J’ai l’honneur de vous informer que cette protection vous est accordée.")
    letter.control("{%p if protection_measures %}")
    letter.para("Elle comprend les mesures suivantes :")
    letter.para("{{ protection_measures }}", align="left", indent=0.8)
    letter.control("{%p endif %}")
    letter.control("{%p if protection_grounds %}")
    letter.para("{{ protection_grounds }}")
    letter.control("{%p endif %}")
    letter.control("{%p else %}")
    letter.para(
        "J’ai le regret de vous informer que cette protection ne peut pas vous être accordée, "
        "pour les motifs suivants :"
    )
    letter.para("{{ protection_grounds }}", indent=0.8)
    letter.para(
        "Vous pouvez former contre cette décision un recours gracieux auprès de moi ou un "
        "recours contentieux devant le {{ appeal_court or 'tribunal administratif compétent' }}, "
        "dans un délai de deux mois à compter de sa notification (article R. 421-1 du code de "
        "justice administrative)."
    )
    letter.control("{%p endif %}")
    fr._contact(letter)
    fr._closing(letter)
    fr._signed(letter)
    return letter


def protection_decision_en() -> Letter:
    letter = en._letter("Decision on your request for functional protection")
    letter.letterhead(service=SERVICE_EN, date_line=en.DATE, recipient=en.RECIPIENT)
    letter.references(
        reference_label=en.REF,
        subject_label=en.OBJECT,
        subject="Your request for functional protection (protection fonctionnelle)",
    )
    letter.salutation(en.SALUTATION)
    letter.para(
        "By a request of {{ protection_request_date }}, registered under the reference "
        "{{ case_reference }}, you asked for the protection the employer owes its staff under "
        "articles L. 134-1 and following of the code général de la fonction publique."
    )
    letter.control("{%p if protection_granted %}")
    letter.para("I am pleased to inform you that this protection is granted.")
    letter.control("{%p if protection_measures %}")
    letter.para("It includes the following measures:")
    letter.para("{{ protection_measures }}", align="left", indent=0.8)
    letter.control("{%p endif %}")
    letter.control("{%p if protection_grounds %}")
    letter.para("{{ protection_grounds }}")
    letter.control("{%p endif %}")
    letter.control("{%p else %}")
    letter.para("I regret to inform you that this protection cannot be granted, for these reasons:")
    letter.para("{{ protection_grounds }}", indent=0.8)
    letter.para(
        "You may ask me to reconsider this decision, or appeal against it before the "
        "{{ appeal_court or 'competent administrative court (tribunal administratif)' }}, "
        "within two months of its notification (code de justice administrative, art. R. 421-1)."
    )
    letter.control("{%p endif %}")
    en._contact(letter)
    en._closing(letter)
    return letter


LETTERS_FR = {"protection_decision": protection_decision_fr}
LETTERS_EN = {"protection_decision": protection_decision_en}
