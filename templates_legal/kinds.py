"""The letter kinds Recueil generates, and the exact data each one may carry.

A kind's *documented context* is the closed list of placeholders its template may
use. It is the confidentiality boundary of a letter: an uploaded template that uses
any other name is refused (``services.template_upload``) and ``rendering.render_docx``
refuses a context holding any other key, so no caller can slip data into a letter
that its addressee may not know. Two consequences, by design:

- letters to the person implicated (charge letter, decision) have no placeholder for
  the reporting person's identity: loi n° 2016-1691 (Sapin II), art. 9 — that
  identity is disclosed only with consent, except to the judicial authority;
- the Article 40 letter, to the procureur de la République, carries the full facts and
  both identities: code de procédure pénale, art. 40 (the official passes on "tous les
  renseignements, procès-verbaux et actes qui y sont relatifs").

Values are plain text (or ``datetime.date``, formatted in the letter's language, or a
boolean for the few ``{% if %}`` switches); never model instances, so a template
cannot walk from a value to other data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.core.accounts.models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Addressee(models.TextChoices):
    REPORTING_PERSON = "reporting_person", _("Personne ayant signalé")
    PERSON_IMPLICATED = "person_implicated", _("Personne mise en cause")
    INTERVIEWEE = "interviewee", _("Personne entendue (quelle que soit sa qualité)")
    INVESTIGATOR = "investigator", _("Membre de la commission d'enquête")
    PROSECUTOR = "prosecutor", _("Procureur de la République")
    CASE_FILE = "case_file", _("Pièce du dossier (acte interne)")
    PROTECTED_STAFF = "protected_staff", _("Membre du personnel ayant demandé la protection")


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: StrPromise
    required: bool = True
    kind: str = "text"  # "text", "date" or "flag"


@dataclass(frozen=True)
class LetterKind:
    code: str
    label: StrPromise
    addressee: Addressee
    needs_signature: bool
    # Staff roles (cases.models.Role) that may sign; empty when only the addressee signs.
    signatory_roles: tuple[str, ...]
    placeholders: tuple[Placeholder, ...]
    legal_basis: str
    addressee_signs: bool = False
    # Languages in which Recueil ships a default template (templates_legal/defaults/).
    default_languages: tuple[str, ...] = ("fr",)

    @property
    def context_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.placeholders)

    @property
    def required_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.placeholders if p.required)

    @property
    def signatory_labels(self) -> list[str]:
        return [str(Role(code).label) for code in self.signatory_roles]

    def __str__(self) -> str:
        return str(self.label)


# One description per placeholder name, so that the same name means the same thing
# in every letter. ``(description, kind)``.
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
    "observations_deadline_date": (_("Date limite des observations écrites"), "date"),
    "file_access_date": (
        _(
            "Date à partir de laquelle le dossier est consultable (au moins 10 jours avant la "
            "séance, code de l'éducation R. 811-31)"
        ),
        "date",
    ),
    "file_access_place": (_("Lieu et modalités de consultation du dossier"), "text"),
    "hearing_date": (
        _("Date de la séance (convocation au moins 15 jours avant, code de l'éducation R. 811-31)"),
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


def _context(*names: str, optional: tuple[str, ...] = ()) -> tuple[Placeholder, ...]:
    placeholders = []
    for name in (*names, *optional):
        description, kind = GLOSSARY[name]
        placeholders.append(Placeholder(name, description, name not in optional, kind))
    return tuple(placeholders)


_LETTERHEAD = ("entity_name", "case_reference", "letter_date")
_LETTERHEAD_OPTIONAL = ("entity_address", "entity_city")
_TO_A_PERSON = ("recipient_name",)
_TO_A_PERSON_OPTIONAL = ("recipient_address", "recipient_salutation")
_SIGNED = ("signatory_name", "signatory_title")

# Who signs what: the référent acknowledges and informs (décret n° 2022-1284, art. 4);
# the direction decides (opening, appointment, sanction, Article 40); investigators
# summon and sign their minutes and report; the legal directorate prepares and may sign
# by delegation.
_INFORMATION_SIGNERS = (Role.REFERENT.value, Role.LEGAL.value, Role.DIRECTOR.value)

KINDS: tuple[LetterKind, ...] = (
    LetterKind(
        code="acknowledgement",
        label=_("Accusé de réception du signalement"),
        addressee=Addressee.REPORTING_PERSON,
        needs_signature=True,
        signatory_roles=_INFORMATION_SIGNERS,
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "report_received_date",
            "feedback_deadline_date",
            *_SIGNED,
            optional=(
                *_LETTERHEAD_OPTIONAL,
                *_TO_A_PERSON_OPTIONAL,
                "contact_email",
                "support_resources",
            ),
        ),
        legal_basis="décret n° 2022-1284, art. 4 ; directive (UE) 2019/1937, art. 9 ; "
        "loi n° 2016-1691, art. 9",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="enquiry_opening",
        label=_("Décision d'ouverture d'une enquête administrative interne"),
        addressee=Addressee.CASE_FILE,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value,),
        placeholders=_context(
            *_LETTERHEAD,
            "report_received_date",
            "facts_categories",
            "report_due_date",
            *_SIGNED,
            optional=_LETTERHEAD_OPTIONAL,
        ),
        legal_basis="code général de la fonction publique, L. 135-1 à L. 135-6 ; "
        "décret n° 2020-256 ; décret n° 2022-1284",
    ),
    LetterKind(
        code="commission_appointment",
        label=_("Désignation de la commission d'enquête"),
        addressee=Addressee.INVESTIGATOR,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value,),
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "enquiry_opening_date",
            "investigators_names",
            "facts_categories",
            "report_due_date",
            *_SIGNED,
            optional=(*_LETTERHEAD_OPTIONAL, "recipient_salutation"),
        ),
        legal_basis="décret n° 2020-256 ; loi n° 2016-1691, art. 9",
    ),
    LetterKind(
        code="interview_summons",
        label=_("Convocation à un entretien"),
        addressee=Addressee.INTERVIEWEE,
        needs_signature=True,
        signatory_roles=(Role.INVESTIGATOR.value, Role.REFERENT.value, Role.LEGAL.value),
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "recipient_capacity",
            "right_to_remain_silent",
            "interview_date",
            "interview_time",
            "interview_place",
            "interviewers_names",
            *_SIGNED,
            optional=(*_LETTERHEAD_OPTIONAL, *_TO_A_PERSON_OPTIONAL, "contact_email"),
        ),
        legal_basis="Cons. const. n° 2024-1105 QPC ; CE, 9 mai 2025, n° 499277 ; "
        "directive (UE) 2019/1937, art. 18",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="confidentiality_commitment",
        label=_("Engagement de confidentialité"),
        addressee=Addressee.INTERVIEWEE,
        needs_signature=True,
        signatory_roles=(),
        addressee_signs=True,
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "recipient_capacity",
            optional=_LETTERHEAD_OPTIONAL,
        ),
        legal_basis="loi n° 2016-1691, art. 9 ; code général de la fonction publique, L. 135-3",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="recording_authorisation",
        label=_("Autorisation d'enregistrement d'un entretien"),
        addressee=Addressee.INTERVIEWEE,
        needs_signature=True,
        signatory_roles=(),
        addressee_signs=True,
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "interview_date",
            "interviewers_names",
            optional=(*_LETTERHEAD_OPTIONAL, "recording_retention"),
        ),
        legal_basis="directive (UE) 2019/1937, art. 18 ; règlement (UE) 2016/679",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="interview_minutes",
        label=_("Compte rendu d'entretien"),
        addressee=Addressee.CASE_FILE,
        needs_signature=True,
        signatory_roles=(Role.INVESTIGATOR.value,),
        addressee_signs=True,
        placeholders=_context(
            *_LETTERHEAD,
            "interview_date",
            "interview_place",
            "interviewee_name",
            "interviewee_capacity",
            "right_to_remain_silent",
            "interviewers_names",
            "minutes_text",
            optional=(*_LETTERHEAD_OPTIONAL, "interview_time"),
        ),
        legal_basis="directive (UE) 2019/1937, art. 18 ; Cons. const. n° 2024-1105 QPC",
    ),
    LetterKind(
        code="enquiry_report",
        label=_("Trame du rapport d'enquête"),
        addressee=Addressee.CASE_FILE,
        needs_signature=True,
        signatory_roles=(Role.INVESTIGATOR.value,),
        placeholders=_context(
            *_LETTERHEAD,
            "report_received_date",
            "enquiry_opening_date",
            "investigators_names",
            "facts_categories",
            optional=_LETTERHEAD_OPTIONAL,
        ),
        legal_basis="décret n° 2020-256",
    ),
    LetterKind(
        code="article40_referral",
        label=_(
            "Signalement au procureur de la République (article 40 du code de procédure pénale)"
        ),
        addressee=Addressee.PROSECUTOR,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value, Role.LEGAL.value),
        placeholders=_context(
            *_LETTERHEAD,
            "court_name",
            "facts_categories",
            "facts_dates",
            "facts_place",
            "facts_summary",
            "reporting_person_identity",
            "person_implicated_identity",
            *_SIGNED,
            optional=(
                *_LETTERHEAD_OPTIONAL,
                "court_address",
                "measures_taken",
                "enclosures",
                "contact_email",
            ),
        ),
        legal_basis="code de procédure pénale, art. 40 ; loi n° 2016-1691, art. 9",
    ),
    LetterKind(
        code="disciplinary_summons",
        label=_("Notification des griefs et convocation devant l'instance disciplinaire"),
        addressee=Addressee.PERSON_IMPLICATED,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value, Role.LEGAL.value),
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "recipient_address",
            "council_name",
            "charges_summary",
            "observations_deadline_date",
            "file_access_date",
            "file_access_place",
            "hearing_date",
            "hearing_time",
            "hearing_place",
            *_SIGNED,
            optional=(*_LETTERHEAD_OPTIONAL, "recipient_salutation", "contact_email"),
        ),
        legal_basis="code de l'éducation, R. 811-31 ; Cons. const. n° 2024-1105 "
        "QPC ; CE, 9 mai 2025, n° 499277",
    ),
    LetterKind(
        code="disciplinary_decision",
        label=_("Notification de la décision disciplinaire"),
        addressee=Addressee.PERSON_IMPLICATED,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value,),
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "recipient_address",
            "council_name",
            "hearing_date",
            "decision_text",
            "decision_grounds",
            "effective_date",
            "appeal_court",
            *_SIGNED,
            optional=(*_LETTERHEAD_OPTIONAL, "recipient_salutation"),
        ),
        legal_basis="code des relations entre le public et l'administration, L. 211-2 ; "
        "code de justice administrative, R. 421-1",
    ),
    LetterKind(
        code="follow_up_information",
        label=_("Information de la personne ayant signalé sur les suites"),
        addressee=Addressee.REPORTING_PERSON,
        needs_signature=True,
        signatory_roles=_INFORMATION_SIGNERS,
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "report_received_date",
            "follow_up_summary",
            *_SIGNED,
            optional=(
                *_LETTERHEAD_OPTIONAL,
                *_TO_A_PERSON_OPTIONAL,
                "contact_email",
                "support_resources",
            ),
        ),
        legal_basis="décret n° 2022-1284, art. 4 ; directive (UE) 2019/1937, art. 9",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="closing_letter",
        label=_("Lettre de clôture"),
        addressee=Addressee.REPORTING_PERSON,
        needs_signature=True,
        signatory_roles=_INFORMATION_SIGNERS,
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "report_received_date",
            "closing_reason",
            *_SIGNED,
            optional=(
                *_LETTERHEAD_OPTIONAL,
                *_TO_A_PERSON_OPTIONAL,
                "contact_email",
                "support_resources",
            ),
        ),
        legal_basis="décret n° 2022-1284, art. 4 ; CNIL, délibérations n° 2019-139 et n° 2023-064",
        default_languages=("fr", "en"),
    ),
    LetterKind(
        code="protection_decision",
        label=_("Décision sur une demande de protection fonctionnelle"),
        addressee=Addressee.PROTECTED_STAFF,
        needs_signature=True,
        signatory_roles=(Role.DIRECTOR.value,),
        placeholders=_context(
            *_LETTERHEAD,
            *_TO_A_PERSON,
            "protection_request_date",
            "protection_granted",
            *_SIGNED,
            optional=(
                *_LETTERHEAD_OPTIONAL,
                *_TO_A_PERSON_OPTIONAL,
                "protection_grounds",
                "protection_measures",
                "appeal_court",
                "contact_email",
            ),
        ),
        legal_basis="code général de la fonction publique, L. 134-1 ; code des relations entre "
        "le public et l'administration, L. 211-2",
        default_languages=("fr", "en"),
    ),
)

KINDS_BY_CODE: dict[str, LetterKind] = {kind.code: kind for kind in KINDS}


class UnknownLetterKind(LookupError):
    pass


def letter_kind(code: str | LetterKind) -> LetterKind:
    if isinstance(code, LetterKind):
        return code
    try:
        return KINDS_BY_CODE[code]
    except KeyError:
        raise UnknownLetterKind(code) from None
