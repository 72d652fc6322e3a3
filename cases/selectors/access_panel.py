"""The "who has access" panel of a case's history: each person once, their rights in
the interface language, and why they hold them (``grant_reasons``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.models import Case, User
from cases.services.grant_reasons import current_reasons, registered_tables

REASON_LABELS: dict[str, Any] = {
    "open_task": _("Étape en cours qui lui est attribuée"),
    "referent_in_charge": _("Référent·e en charge du dossier"),
    "closed_case_custodian": _("Référent·e ayant clos le dossier (lecture, réouverture)"),
    "commission_seat": _("Membre de la commission d'enquête"),
    "enquiry_pilot": _("Pilote de l'enquête interne"),
    "letter_to_sign": _("Courrier en attente de sa signature"),
    "subject_request": _("Demande d'accès RGPD en cours (lecture pour l'export)"),
    "given": _("Accès donné hors procédure"),
    "none": _("Aucune raison en cours : sera retiré au prochain contrôle"),
}


@dataclass
class Holder:
    user: User
    rights: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def case_access_panel(case: Case) -> list[Holder]:
    reasons, governed = current_reasons(case)
    why: dict[tuple[str, str, int, str], set[str]] = defaultdict(set)
    for reason in reasons:
        for codename in reason.permissions:
            why[(reason.table, str(reason.object_id), reason.user_id, codename)].add(reason.code)
    rights: dict[int, list[str]] = defaultdict(list)
    codes: dict[int, set[str]] = defaultdict(set)
    for table in registered_tables():
        rows = table.rows_of_case(case).values_list(
            "content_object_id", "user_id", "permission__codename"
        )
        for object_id, user_id, codename in sorted(rows, key=lambda r: (r[1], r[2])):
            label = str(table.labels.get(codename, codename))
            if label not in rights[user_id]:
                rights[user_id].append(label)
            found = why.get((table.name, str(object_id), user_id, codename))
            if found:
                codes[user_id] |= found
            elif table.name == "case" and not governed:
                codes[user_id].add("given")
            else:
                codes[user_id].add("none")
    users = {u.pk: u for u in User.objects.filter(pk__in=rights)}
    panel = [
        Holder(
            user=users[user_id],
            rights=rights[user_id],
            reasons=[str(REASON_LABELS.get(c, c)) for c in sorted(codes[user_id])],
        )
        for user_id in rights
        if user_id in users
    ]
    return sorted(panel, key=lambda h: (h.user.last_name, h.user.first_name, h.user.username))
