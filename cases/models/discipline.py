"""Disciplinary outcomes, person by person: the sanction pronounced against an implicated
person (or that none was), on the scale of the text that applies to their status.

Codes, groups and dates stay clear for deadlines and indicators (sanctions counted by
kind); the grounds are encrypted under the case key.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.core.crypto.fields import EncryptedTextField
from cases.core.crypto.sealed import SealedModel
from cases.models.cases import Case, Party


class SanctionScale(models.TextChoices):
    """Which text's scale of sanctions applies, from the implicated person's status."""

    STUDENT = "student", _("Usager·ère (code de l'éducation, art. R. 811-36)")
    STUDENT_IMT = "student_imt", _("Élève d'une école de l'IMT (décret n° 2012-279, art. 29)")
    CIVIL_SERVANT = "civil_servant", _("Fonctionnaire (CGFP, art. L. 533-1)")
    CONTRACT = "contract", _("Agent·e contractuel·le (décret n° 86-83, art. 43-2)")


@dataclass(frozen=True)
class SanctionKind:
    code: str
    label: Promise
    scale: str
    group: int  # CGFP group (1-4) for civil servants; 0 elsewhere
    needs_body: bool  # the disciplinary body must be consulted before it is pronounced


S = SanctionScale
SANCTIONS: tuple[SanctionKind, ...] = (
    SanctionKind("none", _("Aucune sanction (relaxe)"), "", 0, False),
    # Code de l'éducation, art. R. 811-36 (usagers), pronounced by the disciplinary section.
    SanctionKind("st_warning", _("Avertissement"), S.STUDENT, 0, True),
    SanctionKind("st_blame", _("Blâme"), S.STUDENT, 0, True),
    SanctionKind("st_responsibility", _("Mesure de responsabilisation"), S.STUDENT, 0, True),
    SanctionKind(
        "st_exclusion_school",
        _("Exclusion de l'établissement pour une durée maximale de cinq ans"),
        S.STUDENT,
        0,
        True,
    ),
    SanctionKind(
        "st_exclusion_school_final",
        _("Exclusion définitive de l'établissement"),
        S.STUDENT,
        0,
        True,
    ),
    SanctionKind(
        "st_exclusion_all",
        _(
            "Exclusion de tout établissement public d'enseignement supérieur pour une durée "
            "maximale de cinq ans"
        ),
        S.STUDENT,
        0,
        True,
    ),
    SanctionKind(
        "st_exclusion_all_final",
        _("Exclusion définitive de tout établissement public d'enseignement supérieur"),
        S.STUDENT,
        0,
        True,
    ),
    # Décret n° 2012-279 (Institut Mines-Télécom), art. 29: the schools' own regime for
    # their students; the director pronounces, after the conseil de discipline des usagers'
    # opinion except for the warning (given after hearing the student). A deployment
    # chooses it with RECUEIL_STUDENT_DISCIPLINE_REGIME = "imt" (docs/LEGAL_RULES.md).
    SanctionKind("imt_warning", _("Avertissement"), S.STUDENT_IMT, 0, False),
    SanctionKind("imt_blame", _("Blâme"), S.STUDENT_IMT, 0, True),
    SanctionKind("imt_responsibility", _("Mesure de responsabilisation"), S.STUDENT_IMT, 0, True),
    SanctionKind("imt_exclusion", _("Exclusion temporaire"), S.STUDENT_IMT, 0, True),
    SanctionKind("imt_exclusion_final", _("Exclusion définitive"), S.STUDENT_IMT, 0, True),
    # CGFP, art. L. 533-1: four groups; beyond the first, the conseil de discipline (L. 532-5).
    SanctionKind("cs_warning", _("Groupe 1 — Avertissement"), S.CIVIL_SERVANT, 1, False),
    SanctionKind("cs_blame", _("Groupe 1 — Blâme"), S.CIVIL_SERVANT, 1, False),
    SanctionKind(
        "cs_exclusion_3d",
        _("Groupe 1 — Exclusion temporaire de fonctions (3 jours au plus)"),
        S.CIVIL_SERVANT,
        1,
        False,
    ),
    SanctionKind(
        "cs_promotion_list",
        _("Groupe 2 — Radiation du tableau d'avancement"),
        S.CIVIL_SERVANT,
        2,
        True,
    ),
    SanctionKind("cs_step_down", _("Groupe 2 — Abaissement d'échelon"), S.CIVIL_SERVANT, 2, True),
    SanctionKind(
        "cs_exclusion_15d",
        _("Groupe 2 — Exclusion temporaire de fonctions (4 à 15 jours)"),
        S.CIVIL_SERVANT,
        2,
        True,
    ),
    SanctionKind("cs_demotion", _("Groupe 3 — Rétrogradation"), S.CIVIL_SERVANT, 3, True),
    SanctionKind(
        "cs_exclusion_2y",
        _("Groupe 3 — Exclusion temporaire de fonctions (16 jours à 2 ans)"),
        S.CIVIL_SERVANT,
        3,
        True,
    ),
    SanctionKind(
        "cs_retirement", _("Groupe 4 — Mise à la retraite d'office"), S.CIVIL_SERVANT, 4, True
    ),
    SanctionKind("cs_dismissal", _("Groupe 4 — Révocation"), S.CIVIL_SERVANT, 4, True),
    # Décret n° 86-83, art. 43-2; art. 44: the commission consultative paritaire beyond
    # the warning, the blame and an exclusion of three days at most.
    SanctionKind("ct_warning", _("Avertissement"), S.CONTRACT, 0, False),
    SanctionKind("ct_blame", _("Blâme"), S.CONTRACT, 0, False),
    SanctionKind(
        "ct_exclusion_3d",
        _("Exclusion temporaire de fonctions (3 jours au plus)"),
        S.CONTRACT,
        0,
        False,
    ),
    SanctionKind(
        "ct_exclusion",
        _("Exclusion temporaire de fonctions (4 jours à 6 mois, 1 an en CDI)"),
        S.CONTRACT,
        0,
        True,
    ),
    SanctionKind("ct_dismissal", _("Licenciement sans préavis ni indemnité"), S.CONTRACT, 0, True),
)
SANCTION_KINDS: dict[str, SanctionKind] = {k.code: k for k in SANCTIONS}

SCALE_OF_STATUS: dict[str, str] = {
    Party.Status.STUDENT: S.STUDENT,
    Party.Status.DOCTORAL: S.STUDENT,
    Party.Status.STAFF_CIVIL: S.CIVIL_SERVANT,
    Party.Status.STAFF_CONTRACT: S.CONTRACT,
}
STUDENT_REGIMES: dict[str, str] = {"code_education": S.STUDENT, "imt": S.STUDENT_IMT}


def scale_of_status(status: str) -> str | None:
    """The scale of sanctions for a person of ``status``; students follow the regime the
    deployment declares (``RECUEIL_STUDENT_DISCIPLINE_REGIME``)."""
    scale = SCALE_OF_STATUS.get(status)
    if scale == S.STUDENT:
        return STUDENT_REGIMES[settings.RECUEIL_STUDENT_DISCIPLINE_REGIME]
    return scale


class DisciplinaryOutcome(SealedModel):
    """What was pronounced against one implicated person, when, and until when to appeal."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disciplinary_outcomes")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="disciplinary_outcomes")
    scale = models.CharField(max_length=20, choices=SanctionScale.choices)
    sanction = models.CharField(max_length=40)
    group = models.PositiveSmallIntegerField(default=0)
    body_consulted_on = models.DateField(_("instance consultée le"), null=True, blank=True)
    pronounced_on = models.DateField(_("prononcée le"))
    appeal_until = models.DateField(_("recours possible jusqu'au"))
    grounds = EncryptedTextField(_("motifs"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]

    @property
    def sanction_label(self) -> str:
        kind = SANCTION_KINDS.get(str(self.sanction))
        return str(kind.label) if kind else str(self.sanction)

    def __str__(self) -> str:
        return f"disciplinary-outcome:{self.pk}"
