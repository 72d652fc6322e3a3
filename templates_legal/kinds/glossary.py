"""One description per placeholder name, so that the same name means the same thing in
every letter; and the pieces every family of kinds shares (letterhead, addressee,
signature, who signs what)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from cases.models import Role
from templates_legal.kinds.base import Placeholder

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


# ``name: (description, kind)``.
GLOSSARY: dict[str, tuple[StrPromise, str]] = {
    # Letterhead, references, addressee, signature.
    "entity_name": (_("Nom de l'entité qui écrit (école ou Direction générale)"), "text"),
    "entity_address": (_("Adresse postale de l'entité, pour l'en-tête"), "text"),
    "entity_city": (_("Ville d'où la lettre est datée (« Palaiseau, le … »)"), "text"),
    "case_reference": (_("Référence du dossier (N/Réf.), jamais un nom"), "text"),
    "letter_date": (_("Date de la lettre ou de l'acte"), "date"),
    "recipient_name": (_("Prénom et nom de la personne destinataire"), "text"),
    "recipient_address": (_("Adresse postale de la personne destinataire"), "text"),
    "recipient_salutation": (
        _("Formule d'appel (« Madame », « Monsieur ») ; « Madame, Monsieur » si vide"),
        "text",
    ),
    "recipient_capacity": (
        _(
            "Qualité de la personne destinataire dans la procédure (témoin, personne ayant "
            "signalé, personne mise en cause, membre de la commission…)"
        ),
        "text",
    ),
    "signatory_name": (_("Prénom et nom de la personne qui signe"), "text"),
    "signatory_title": (
        _(
            "Fonction de la personne qui signe, délégation comprise (« Pour le directeur et "
            "par délégation, la directrice juridique »)"
        ),
        "text",
    ),
    "contact_email": (_("Adresse électronique fonctionnelle à laquelle répondre"), "text"),
    # The report and the enquiry.
    "report_received_date": (_("Date de réception du signalement"), "date"),
    "feedback_deadline_date": (
        _(
            "Date limite de l'information sur les suites (3 mois après l'accusé de réception, "
            "décret n° 2022-1284, art. 4)"
        ),
        "date",
    ),
    "facts_categories": (
        _("Catégories des faits (« harcèlement sexuel »…), sans nom ni récit"),
        "text",
    ),
    "enquiry_opening_date": (_("Date de la décision d'ouverture de l'enquête"), "date"),
    "report_due_date": (_("Date à laquelle le rapport d'enquête doit être remis"), "date"),
    "investigators_names": (
        _("Prénoms, noms et fonctions des membres de la commission d'enquête"),
        "text",
    ),
    # Interviews.
    "interview_date": (_("Date de l'entretien"), "date"),
    "interview_time": (_("Heure de l'entretien"), "text"),
    "interview_place": (_("Lieu de l'entretien, ou modalités de la visioconférence"), "text"),
    "interviewers_names": (_("Membres de la commission qui conduisent l'entretien"), "text"),
    "interviewee_name": (_("Prénom et nom de la personne entendue"), "text"),
    "interviewee_capacity": (_("Qualité de la personne entendue dans la procédure"), "text"),
    "right_to_remain_silent": (
        _(
            "Vrai lorsque la personne est mise en cause : le document mentionne alors son droit "
            "de se taire (Cons. const. n° 2024-1105 QPC ; CE, 9 mai 2025, n° 499277)"
        ),
        "flag",
    ),
    "recording_retention": (
        _(
            "Durée et conditions de conservation de l'enregistrement ; à défaut, destruction "
            "après signature du compte rendu"
        ),
        "text",
    ),
    "minutes_text": (
        _("Déclarations de la personne entendue, telles qu'elle les a relues"),
        "text",
    ),
    # Article 40.
    "court_name": (_("Tribunal judiciaire compétent (« tribunal judiciaire d'Évry »)"), "text"),
    "court_address": (_("Adresse du parquet"), "text"),
    "facts_summary": (_("Exposé complet et circonstancié des faits"), "text"),
    "facts_dates": (_("Date ou période des faits"), "text"),
    "facts_place": (_("Lieu des faits"), "text"),
    "reporting_person_identity": (
        _(
            "Identité et coordonnées de la personne ayant signalé (communicables à l'autorité "
            "judiciaire : loi n° 2016-1691, art. 9)"
        ),
        "text",
    ),
    "person_implicated_identity": (
        _("Identité, qualité et coordonnées de la personne mise en cause"),
        "text",
    ),
    "measures_taken": (_("Mesures conservatoires ou d'accompagnement déjà prises"), "text"),
    "enclosures": (_("Liste des pièces jointes"), "text"),
    # Discipline.
    "council_name": (_("Instance disciplinaire (« le conseil de discipline de l'école »)"), "text"),
    "charges_summary": (
        _(
            "Griefs : faits reprochés, sans l'identité de la personne ayant signalé sauf "
            "consentement"
        ),
        "text",
    ),
    "staff_civil_servant": (
        _(
            "Vrai si la personne mise en cause est fonctionnaire (conseil de discipline, décret "
            "n° 84-961) : la lettre dit alors ses droits à elle, non ceux d'un·e usager·ère"
        ),
        "flag",
    ),
    "staff_contract": (
        _(
            "Vrai si la personne mise en cause est agent·e contractuel·le (décret n° 86-83) : "
            "la lettre dit alors ses droits à elle, non ceux d'un·e usager·ère"
        ),
        "flag",
    ),
    "observations_deadline_date": (_("Date limite des observations écrites"), "date"),
    "file_access_date": (
        _(
            "Date à partir de laquelle le dossier est consultable (usager·ère : au moins 10 "
            "jours avant la séance, code de l'éducation R. 811-31 ; personnel : avant la séance)"
        ),
        "date",
    ),
    "file_access_place": (_("Lieu et modalités de consultation du dossier"), "text"),
    "staff_file_access_date": (
        _("Date à partir de laquelle le dossier individuel complet peut être communiqué"),
        "date",
    ),
    "hearing_date": (
        _(
            "Date de la séance (convocation au moins 15 jours avant : code de l'éducation "
            "R. 811-31 ; fonctionnaire, décret n° 84-961, art. 4)"
        ),
        "date",
    ),
    "hearing_time": (_("Heure de la séance"), "text"),
    "hearing_place": (_("Lieu de la séance"), "text"),
    "decision_text": (_("Sanction prononcée (ou décision de ne pas sanctionner)"), "text"),
    "decision_grounds": (_("Motifs de la décision"), "text"),
    "effective_date": (_("Date d'effet de la décision"), "date"),
    "appeal_court": (_("Tribunal administratif compétent pour un recours"), "text"),
    # Feedback and closure.
    "follow_up_summary": (
        _("Mesures envisagées ou prises, dites sans porter atteinte aux droits d'autrui"),
        "text",
    ),
    "progress_summary": (
        _(
            "Ce qui a été fait et ce qui est prévu, sans contenu confidentiel sur d'autres "
            "personnes (information d'étape)"
        ),
        "text",
    ),
    "closing_reason": (_("Motif de la clôture"), "text"),
    # Protection fonctionnelle (code général de la fonction publique, L134-1 and following).
    "protection_request_date": (_("Date de la demande de protection fonctionnelle"), "date"),
    "protection_granted": (
        _("Vrai si la protection est accordée, faux si elle est refusée"),
        "flag",
    ),
    "protection_grounds": (_("Motifs de la décision (obligatoires pour un refus)"), "text"),
    "protection_measures": (_("Mesures de protection accordées, une par ligne"), "text"),
    "support_resources": (
        _(
            "Contacts d'aide et d'accompagnement (médecin, psychologue, service social, "
            "associations d'aide aux victimes)"
        ),
        "text",
    ),
}


def context(*names: str, optional: tuple[str, ...] = ()) -> tuple[Placeholder, ...]:
    placeholders = []
    for name in (*names, *optional):
        description, kind = GLOSSARY[name]
        placeholders.append(Placeholder(name, description, name not in optional, kind))
    return tuple(placeholders)


LETTERHEAD = ("entity_name", "case_reference", "letter_date")
LETTERHEAD_OPTIONAL = ("entity_address", "entity_city")
TO_A_PERSON = ("recipient_name",)
TO_A_PERSON_OPTIONAL = ("recipient_address", "recipient_salutation")
SIGNED = ("signatory_name", "signatory_title")

# Who signs what: the référent acknowledges and informs (décret n° 2022-1284, art. 4);
# the direction decides (opening, appointment, sanction, Article 40); investigators
# summon and sign their minutes and report; the legal directorate prepares and may sign
# by delegation.
INFORMATION_SIGNERS = (Role.REFERENT.value, Role.LEGAL.value, Role.DIRECTOR.value)
