"""Create and change cases and what they hold; every function is atomic and audited.

A change to a closed case is refused (``cases.services.closed.case_require_open``).

Callers: intake (listeners), triage (referents), enquiries (investigators); each
view checks the per-case permission before calling. Audit events carry references
and field names, never the confidential values.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.core.crypto import blind_index
from cases.core.crypto.datakeys import data_key_create, data_key_forget, data_keys_shred
from cases.models import (
    Attachment,
    Case,
    CaseNote,
    CaseSequence,
    Entity,
    NarrativeVersion,
    Party,
    PartyIndexEntry,
    User,
)
from cases.selectors.cases import cases_for
from cases.services.access import conflict_declare
from cases.services.closed import case_require_open

ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": (b"%PDF",),
    "image/png": (b"\x89PNG",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "audio/mpeg": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "audio/mp4": (b"\x00\x00\x00",),
    "audio/ogg": (b"OggS",),
    "audio/wav": (b"RIFF",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "text/plain": (b"",),
}


class StaleEdit(ValidationError):
    """Someone saved the case since this edit started: nothing was overwritten."""


def _next_reference(entity: Entity) -> str:
    year = timezone.localdate().year
    sequence, _created = CaseSequence.objects.select_for_update().get_or_create(
        entity=entity, year=year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{entity.code.upper()}-{year}-{sequence.last:05d}"


def case_create(
    *,
    actor: User | None,
    entity: Entity,
    narrative: str,
    key_id: uuid.UUID | None = None,
    audit_details: dict[str, Any] | None = None,
) -> Case:
    """A new case with a human reference: the one way a case is created.

    Its data key is ``key_id`` when the case continues a record already holding one
    (a contact handed over keeps its key), a new key otherwise. ``actor`` is None for
    a report the person sent themselves through the public portal.
    """
    with transaction.atomic():
        key: dict[str, Any] = {"key": data_key_create()} if key_id is None else {"key_id": key_id}
        case = Case(
            **key,
            entity=entity,
            reference=_next_reference(entity),
            created_by=actor,
            narrative=narrative,
        )
        case.save(force_insert=True)
        audit_record(
            actor=actor,
            action="case.created",
            target=case,
            entity_id=entity.pk,
            details=audit_details,
        )
    return case


def case_narrative_update(
    *, actor: User, case: Case, narrative: str, expected_version: int, reason: str = ""
) -> Case:
    """Replace the narrative unless someone else saved since ``expected_version``.

    The text it replaces is kept as a ``NarrativeVersion`` with who, when and why
    (readable to those who may read the case). Audited: ``case.updated``.
    """
    if not narrative.strip():
        raise ValidationError(_("Le récit ne peut pas être vide."))
    with transaction.atomic():
        case_require_open(case)
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.version != expected_version:
            raise StaleEdit(
                _(
                    "Le dossier a été modifié par une autre personne pendant votre saisie. "
                    "Rechargez la page : votre texte n'a pas été enregistré."
                )
            )
        NarrativeVersion(
            key_id=current.key_id,
            case=current,
            version=current.version,
            replaced_by=actor,
            text=current.narrative or "",
            reason=reason,
        ).save(force_insert=True)
        current.narrative = narrative
        current.version += 1
        current.save(update_fields=["narrative", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="case.updated",
            target=current,
            entity_id=current.entity_id,
            details={"fields": ["narrative"]},
        )
    return current


def party_add(
    *,
    actor: User | None,
    case: Case,
    role: str,
    identity: dict[str, Any],
    status: str = Party.Status.UNKNOWN,
    anonymous: bool = False,
    account: User | None = None,
) -> Party:
    """Add a person; index their name and e-mail; exclude them if they hold an account.

    The one way a person enters a case (intake, the case page, enquiry witnesses);
    refused on a closed case (``case_require_open``).
    """
    with transaction.atomic():
        case_require_open(case)
        party = Party(
            key_id=case.key_id,
            case=case,
            role=role,
            status=status,
            anonymous=anonymous,
            identity=identity,
            account=account,
        )
        party.save(force_insert=True)
        party_index(party)
        audit_record(
            actor=actor,
            action="case.party_added",
            target=case,
            entity_id=case.entity_id,
            details={"party": str(party.pk), "role": role, "status": status},
        )
        if account is not None:
            # Naming an account takes a staff member (the portal names no account).
            if actor is None:
                raise ValidationError(_("Seul un membre du personnel peut désigner un compte."))
            conflict_declare(actor=actor, case=case, user=account, reason="named")
    return party


def party_index(party: Party) -> None:
    """(Re)write the blind index of ``party``: the one path every creation or rename takes.

    Only keyed digests are stored; an anonymous person is not indexed.
    """
    case = party.case
    identity: dict[str, Any] = {} if party.anonymous else (party.identity or {})
    PartyIndexEntry.objects.filter(party=party).delete()
    entries = []
    full_name = " ".join(
        str(identity.get(k, "")) for k in ("first_name", "last_name") if identity.get(k)
    )
    for kind, digest in (
        (PartyIndexEntry.Kind.NAME, blind_index.name_digest(full_name) if full_name else None),
        (
            PartyIndexEntry.Kind.EMAIL,
            blind_index.email_digest(identity["email"]) if identity.get("email") else None,
        ),
    ):
        if digest:
            entries.append(
                PartyIndexEntry(
                    party=party, case=case, entity_id=case.entity_id, kind=kind, digest=digest
                )
            )
    PartyIndexEntry.objects.bulk_create(entries)


@dataclass
class NamedElsewhere:
    visible: list[Case] = field(default_factory=list)
    hidden_count: int = 0
    # Cases the reader may open beyond those listed (the case page lists a bounded number).
    more_visible: int = 0

    @property
    def found(self) -> bool:
        return bool(self.visible) or self.hidden_count > 0 or self.more_visible > 0


def party_named_elsewhere(*, actor: User, party: Party) -> NamedElsewhere:
    """Other cases of the entity naming the same person (exact match on the blind index).

    Only a party of a case the actor holds can be looked up — never a typed name —
    so the index cannot be used to probe whether someone is reported (T2). Cases
    the actor may not see are counted, not shown; the lookup itself is audited.
    """
    digests = list(party.index_entries.values_list("digest", flat=True))
    matches = (
        PartyIndexEntry.objects.filter(digest__in=digests, entity_id=party.case.entity_id)
        .exclude(case_id=party.case_id)
        .values_list("case_id", flat=True)
        .distinct()
    )
    match_ids = set(matches)
    visible = list(cases_for(actor).filter(pk__in=match_ids).order_by("reference"))
    report = NamedElsewhere(visible=visible, hidden_count=len(match_ids) - len(visible))
    audit_record(
        actor=actor,
        action="index.lookup",
        target=party.case,
        entity_id=party.case.entity_id,
        details={"party": str(party.pk), "matches": len(match_ids)},
    )
    return report


def note_add(*, actor: User, case: Case, body: str) -> CaseNote:
    """An encrypted, dated, authored note. Audited: ``case.note_added`` (its id only)."""
    if not body.strip():
        raise ValidationError(_("La note est vide."))
    with transaction.atomic():
        case_require_open(case)
        note = CaseNote(key_id=case.key_id, case=case, author=actor, body=body)
        note.save(force_insert=True)
        audit_record(
            actor=actor,
            action="case.note_added",
            target=case,
            entity_id=case.entity_id,
            details={"note": str(note.pk)},
        )
    return note


def attachment_add(
    *, actor: User, case: Case, filename: str, content_type: str, data: bytes
) -> Attachment:
    """Store a file encrypted; refuse unknown types, mismatched content and oversize files."""
    limit = settings.RECUEIL_MAX_ATTACHMENT_BYTES
    if len(data) == 0:
        raise ValidationError(_("Le fichier est vide."))
    if len(data) > limit:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(mb)d Mo.")
            % {"mb": limit // (1024 * 1024)}
        )
    signatures = ALLOWED_ATTACHMENT_TYPES.get(content_type)
    if signatures is None:
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté (PDF, images, audio, DOCX ou texte seulement).")
        )
    if not any(data.startswith(sig) for sig in signatures):
        raise ValidationError(_("Le contenu du fichier ne correspond pas à son type."))
    # The same hook as enquiry files: ``RECUEIL_VIRUS_SCANNER`` names
    # ``scan(data, content_type) -> bool`` (True when clean); none configured, none run.
    scanner_path = getattr(settings, "RECUEIL_VIRUS_SCANNER", "")
    if scanner_path and not import_string(scanner_path)(data, content_type):
        raise ValidationError(
            _("L'antivirus a détecté un problème dans ce fichier : il n'a pas été enregistré.")
        )
    with transaction.atomic():
        case_require_open(case)
        attachment = Attachment(
            key_id=case.key_id,
            case=case,
            uploaded_by=actor,
            content_type=content_type,
            size=len(data),
            filename=filename,
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
        )
        attachment.save(force_insert=True)
        audit_record(
            actor=actor,
            action="case.attachment_added",
            target=case,
            entity_id=case.entity_id,
            details={"attachment": str(attachment.pk), "size": len(data), "type": content_type},
        )
    return attachment


def case_read_record(
    *,
    actor: User,
    case: Case,
    what: str = "case",
    item: str | None = None,
    lookup: dict[str, int] | None = None,
) -> None:
    """The access log: every view, download and export of case content (T2, T5).

    ``lookup``: the counts of a prior-history lookup shown with this read (counts only).
    """
    details: dict[str, Any] = {"what": what}
    if item:
        details["item"] = item
    if lookup is not None:
        details["lookup"] = lookup
    audit_record(
        actor=actor, action="case.read", target=case, entity_id=case.entity_id, details=details
    )


def case_shred(*, actor: User | None, case: Case, reason_code: str) -> None:
    """Crypto-shredding of one case (``cases_shred`` for one)."""
    cases_shred(actor=actor, cases=[case], reason_codes={case.pk: reason_code})


def cases_shred(
    *, actor: User | None, cases: Sequence[Case], reason_codes: Mapping[uuid.UUID, str]
) -> None:
    """Crypto-shredding: destroy each case's data key, then its blind-index entries.

    The wrapped keys are nulled in this database and their secrets deleted from the key
    store (``cases.core.crypto.datakeys.data_keys_shred``): every copy of the cases'
    encrypted data becomes unreadable, in this database and in every main-database
    backup; key-store backups keep a secret at most ``RECUEIL_KEY_STORE_BACKUP_DAYS``
    (docs/BACKUP.md). References, dates and enums stay for indicators.

    One statement per table for the whole batch (``apply_retention`` shreds hundreds at
    a time), and one audit event per case with its reason code, never content.
    """
    if not cases:
        return
    ids = [case.pk for case in cases]
    key_ids = [case.key_id for case in cases]
    with transaction.atomic():
        data_keys_shred(key_ids)
        PartyIndexEntry.objects.filter(case_id__in=ids).delete()
        Case.objects.filter(pk__in=ids).update(status=Case.Status.SHREDDED)
        for case in cases:
            audit_record(
                actor=actor,
                action="case.shredded",
                target=case,
                entity_id=case.entity_id,
                details={"reason": reason_codes[case.pk]},
            )

        def forget() -> None:
            for key_id in key_ids:
                data_key_forget(key_id)

        transaction.on_commit(forget)
    for key_id in key_ids:
        data_key_forget(key_id)
