"""What happens to a report, step by step: each record says who, when and why.

Free-text reasons and descriptions are encrypted (they name people); codes,
dates and enums stay clear for deadlines and indicators.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.core.accounts.models import Entity
from cases.core.crypto.fields import EncryptedJSONField, EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models.cases import Case


class Category(models.Model):
    """Report categories are data: the nine IMT defaults, editable per deployment."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=120)
    label_en = models.CharField(_("libellé (anglais)"), max_length=120)
    # Facts that may be a crime or offence: the case cannot be closed until an
    # Article 40 decision (referral or reasoned non-referral) is recorded.
    article40_review = models.BooleanField(_("examen article 40 obligatoire"), default=False)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("catégorie")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr


class Channel(models.TextChoices):
    PHONE = "phone", _("Téléphone")
    WALK_IN = "walk_in", _("Accueil physique")
    EMAIL = "email", _("Courriel")
    PLATFORM = "platform", _("Plateforme de signalement")
    ANONYMOUS = "anonymous", _("Signalement anonyme")
    LETTER = "letter", _("Courrier")
    # The public reporting portal (``portal``): a report or a question typed by the person.
    PORTAL = "portal", _("Portail de signalement")


class ContactKind(models.TextChoices):
    VICTIM = "victim", _("Victime")
    WITNESS = "witness", _("Témoin")
    THIRD_PARTY = "third_party", _("Tiers")


class Orientation(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psychologue")
    SOCIAL_WORKER = "social_worker", _("Assistant·e social·e")
    MEDICAL = "medical", _("Service médical")
    LAWYER = "lawyer", _("Avocat·e du barreau local")
    ASSOCIATION = "association", _("Association d'aide aux victimes")
    POLICE = "police", _("Police ou gendarmerie")
    HELPLINE = "helpline", _("Numéro national d'écoute ou d'urgence")
    OTHER = "other", _("Autre ressource")


class HandoverBasis(models.TextChoices):
    """Why information may move to the next stage (DOMAIN: confidentiality rules)."""

    CONSENT = "consent", _("Consentement de la personne")
    DANGER = "danger", _("Danger grave et immédiat")
    OFFENCE = "offence", _("Faits susceptibles de constituer un crime ou un délit")
    ANONYMOUS_REPORT = "anonymous_report", _("Signalement anonyme reçu par la plateforme")
    DECISION = "decision", _("Décision motivée de l'établissement")
    # A referent or the legal directorate received the report themselves: no listening
    # cell in between, nothing moves from one stage to another.
    DIRECT = "direct", _("Signalement reçu directement")


class Contact(SealedModel):
    """A first contact logged by a listener; a listening record unless handed over.

    A contact that came through the public portal has no listener: the person typed it.
    """

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="contacts")
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    logged_at = models.DateTimeField(auto_now_add=True)
    contacted_on = models.DateField(_("date du contact"))
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    contact_kind = models.CharField(
        _("qui a pris contact"), max_length=20, choices=ContactKind.choices
    )
    person_status = models.CharField(_("statut de la personne"), max_length=20)
    anonymous = models.BooleanField(_("anonyme"), default=False)
    categories = models.ManyToManyField(Category, related_name="+", verbose_name=_("catégories"))
    orientations = models.JSONField(_("orientations proposées"), default=list, blank=True)
    danger = models.BooleanField(_("danger grave et immédiat"), default=False)
    ongoing = models.BooleanField(_("faits en cours"), default=False)
    meeting_requested = models.BooleanField(_("demande un entretien"), default=False)
    consent_to_handover = models.BooleanField(_("consent à la transmission"), default=False)
    narrative = EncryptedTextField(_("récit"))
    # Optional: who the person is, when they agree to say it.
    identity = EncryptedJSONField(_("identité de la personne"))
    case = models.OneToOneField(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="first_contact"
    )
    # The directory entries the person was oriented to (``orientations`` keeps their kinds).
    support_resources = models.ManyToManyField(
        "cases.SupportResource", related_name="+", blank=True
    )

    class Meta:
        ordering = ["-logged_at"]
        indexes = [models.Index(fields=["entity", "logged_at"])]

    def __str__(self) -> str:
        return f"contact:{self.pk}"


class ContactFollowUp(SealedModel):
    """A later exchange with the person of a listening record: when, how, and a note."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="follow_ups")
    followed_on = models.DateField(_("date de l'échange"))
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["followed_on", "recorded_at"]

    def __str__(self) -> str:
        return f"contact-follow-up:{self.pk}"


class Handover(SealedModel):
    """Information moved from one stage to the next, with its consent or legal basis."""

    class Stage(models.TextChoices):
        LISTENING = "listening", _("Cellule d'écoute")
        REFERENT = "referent", _("Référent·e")
        ENQUIRY = "enquiry", _("Enquête interne")
        LEGAL = "legal", _("Direction juridique")
        DISCIPLINE = "discipline", _("Procédure disciplinaire")
        PROSECUTOR = "prosecutor", _("Procureur de la République")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    basis = models.CharField(_("fondement"), max_length=20, choices=HandoverBasis.choices)
    # None: the reporting person sent the report themselves through the portal.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    detail = EncryptedTextField(_("précisions"))

    def __str__(self) -> str:
        return f"handover:{self.pk}"


class CaseCategory(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="category_links")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "category"], name="one_link_per_category")
        ]

    def __str__(self) -> str:
        return f"case-category:{self.pk}"


class Acknowledgement(SealedModel):
    class Means(models.TextChoices):
        EMAIL = "email", _("Courriel")
        LETTER = "letter", _("Courrier")
        HAND = "hand", _("Remis en main propre")
        PLATFORM = "platform", _("Messagerie de la plateforme")
        # Given through Recueil's own portal: the text is posted in the conversation with
        # the reporting person (``threads``) and counts for the legal clock as a letter.
        PORTAL = "portal", _("Par le portail (message à la personne)")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="acknowledgement")
    sent_on = models.DateField(_("envoyé le"))
    means = models.CharField(_("moyen"), max_length=20, choices=Means.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"ack:{self.pk}"


class TriageOutcome(models.TextChoices):
    CLOSE_WITH_ORIENTATION = "close", _("Clore avec orientation")
    PROTECTIVE_MEASURES = "measures", _("Mesures conservatoires")
    OPEN_ENQUIRY = "enquiry", _("Ouvrir une enquête interne")
    ARTICLE_40 = "article40", _("Saisir la direction juridique (article 40)")
    REQUEST_INFORMATION = "information", _("Demander des informations complémentaires")


class TriageDecision(SealedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="triage_decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    outcomes = models.JSONField(_("décisions"), default=list)
    # Recorded when an offence-category case is not referred under Article 40.
    no_article40_reason = EncryptedTextField(_("motif de non-saisine au titre de l'article 40"))
    reasoning = EncryptedTextField(_("motivation"))

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return f"triage:{self.pk}"


class MeasureKind(models.TextChoices):
    """The usual protective measures, as codes (indicators), with "other" and a text."""

    GROUP_CHANGE = "group_change", _("Changement de groupe ou d'équipe")
    SCHEDULE = "schedule", _("Aménagement de l'emploi du temps")
    HOUSING = "housing", _("Changement de logement")
    EXAM = "exam", _("Aménagement d'examen")
    NO_CONTACT = "no_contact", _("Interdiction de contact")
    SUSPENSION = "suspension", _("Suspension à titre conservatoire")
    OTHER = "other", _("Autre mesure (à préciser)")


class ProtectiveMeasure(SealedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="protective_measures")
    kind = models.CharField(
        _("type de mesure"), max_length=20, choices=MeasureKind.choices, default=MeasureKind.OTHER
    )
    description = EncryptedTextField(_("mesure"))
    beneficiary = EncryptedTextField(_("au bénéfice de"))
    decided_by_name = EncryptedTextField(_("décidée par"))
    decided_on = models.DateField(_("décidée le"))
    review_on = models.DateField(_("à réexaminer le"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reporting_person_informed_on = models.DateField(
        _("personne informée le"), null=True, blank=True
    )
    lifted_on = models.DateField(_("levée le"), null=True, blank=True)
    lift_reason = EncryptedTextField(_("motif de la levée"))
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["decided_on"]

    def __str__(self) -> str:
        return f"measure:{self.pk}"


class OutcomeDecision(SealedModel):
    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "no_further_action", _("Classement sans suite")
        MEDIATION = "mediation", _("Médiation")
        DISCIPLINARY = "disciplinary", _("Procédure disciplinaire")
        ARTICLE_40 = "article40", _("Signalement au procureur (article 40)")
        FUNCTIONAL_PROTECTION = "functional_protection", _("Protection fonctionnelle")
        EXTERNAL_MEASURES = "external_measures", _("Mesures envers une personne extérieure")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcome_decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    outcomes = models.JSONField(_("décisions"), default=list)
    disciplinary_track = models.CharField(max_length=30, blank=True)
    reasoning = EncryptedTextField(_("motivation"))

    def __str__(self) -> str:
        return f"outcome:{self.pk}"


class Article40Referral(SealedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="article40_referrals")
    sent_on = models.DateField(_("transmis le"))
    prosecutor_office = EncryptedTextField(_("parquet"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = EncryptedTextField(_("observations"))

    def __str__(self) -> str:
        return f"article40:{self.pk}"


class DisciplinaryHearing(SealedModel):
    class Track(models.TextChoices):
        STUDENT_COUNCIL = "student_council", _("Conseil de discipline de l'établissement")
        STAFF_EMPLOYER = "staff_employer", _("Procédure disciplinaire de l'employeur")
        EXTERNAL = "external", _("Mesures envers une personne extérieure")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    track = models.CharField(max_length=30, choices=Track.choices)
    summons_sent_on = models.DateField(_("convocation envoyée le"))
    file_open_from = models.DateField(_("dossier consultable à partir du"))
    # Empty on the staff track when only a first-group sanction is considered: no conseil
    # de discipline sits for those (CGFP L. 532-5, L. 533-1; décret n° 86-83, art. 44).
    hearing_on = models.DateField(_("date de la séance"), null=True, blank=True)
    silence_notice = models.BooleanField(_("droit de se taire notifié"), default=False)
    counsel_notice = models.BooleanField(_("droit à un conseil notifié"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"hearing:{self.pk}"


class Feedback(SealedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feedbacks")
    sent_on = models.DateField(_("informée le"))
    means = models.CharField(max_length=20, choices=Acknowledgement.Means.choices)
    summary = EncryptedTextField(_("contenu de l'information"))
    # Interim feedback (given from the case page before the end) meets the 3-month clock too.
    interim = models.BooleanField(_("information d'étape"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"feedback:{self.pk}"


class Closure(SealedModel):
    class Reason(models.TextChoices):
        ORIENTED = "oriented", _("Orientation de la personne")
        NO_FURTHER_ACTION = "no_further_action", _("Classement sans suite")
        PROCEDURE_ENDED = "procedure_ended", _("Procédure terminée")
        OUT_OF_SCOPE = "out_of_scope", _("Hors du champ du dispositif")
        WITHDRAWN = "withdrawn", _("Retrait de la personne")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closures")
    reason = models.CharField(_("motif"), max_length=30, choices=Reason.choices)
    detail = EncryptedTextField(_("précisions"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reopen_reason = EncryptedTextField(_("motif de la réouverture"))

    def __str__(self) -> str:
        return f"closure:{self.pk}"


class CaseDeadline(models.Model):
    """A computed deadline of a case, with the rule (and legal source) it comes from."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(max_length=40)
    start_on = models.DateField()
    due_on = models.DateField(db_index=True)
    met_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "rule"], name="one_deadline_per_rule")
        ]
        indexes = [models.Index(fields=["met_on", "due_on"])]

    def __str__(self) -> str:
        return f"deadline:{self.case_id}:{self.rule}"
