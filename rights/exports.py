"""The access export (RGPD art. 15): one person's data across the cases of the entity.

Who may call: the legal directorate keeping the request's register (checked again
here). The person is found by the keyed blind index (exact name or e-mail, T2/T3) over
the cases of the request's entity only; when the handler confirms the match on the
request page (``access_match_confirm``), they hold reading on exactly those cases while
the request is open and its export not released (``rights.grant_reasons``), and the
export is built from them. The page says how many cases that covers.

What goes into the draft, for each case where the person appears:

* what the case records about them (their identity, their role and status): their own
  data, released as is;
* the narrative, with every other person's recorded names and e-mail replaced by
  "[tiers]": free text may still be about others, so it is **flagged**, and a reviewer
  decides for each flagged passage to communicate or to withdraw it before release
  (art. 15.4). Nothing else of other people is ever copied: the reporting person's
  identity never reaches an implicated person's export (loi Sapin II art. 9).

The draft is sealed with the request's data key; the released PDF too. Audit events
carry ids and counts only.
"""

from __future__ import annotations

import io
import re
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.core.audit.services import audit_record
from cases.core.crypto import blind_index
from cases.models import Case, ConflictDeclaration, Party, PartyIndexEntry, User
from cases.selectors.cases import cases_for, with_data_keys
from cases.services.access import CASE_GRANTS, grants_add
from cases.services.cases import case_read_record
from rights.grant_reasons import SUBJECT_REQUEST, SUBJECT_REQUEST_PERMISSIONS
from rights.models import (
    AccessExport,
    ExportPassage,
    MatchedReading,
    SubjectRequest,
    SubjectRequestMatch,
)
from rights.services import _check_role, cases_reconcile, matched_reconcile
from templates_legal.rendering import PdfConversionUnavailable, docx_to_pdf

THIRD_PARTY = "[tiers]"
WITHDRAWN = _("[Passage retiré : il concerne d'autres personnes (RGPD art. 15.4).]")


def _others_out(text: str, others: list[Party]) -> str:
    """Replace the recorded names and e-mails of ``others`` in ``text`` (longest first)."""
    words: set[str] = set()
    for party in others:
        identity = party.identity or {}
        first, last = identity.get("first_name", ""), identity.get("last_name", "")
        words.update(
            w for w in (f"{first} {last}".strip(), first, last, identity.get("email", "")) if w
        )
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", THIRD_PARTY, text, flags=re.IGNORECASE)
    return text


def _identity_text(party: Party) -> str:
    identity = party.identity or {}
    labels = {
        "first_name": _("prénom"),
        "last_name": _("nom"),
        "email": _("courriel"),
        "phone": _("téléphone"),
        "address": _("adresse"),
        "programme": _("formation"),
        "year": _("année"),
        "unit": _("service"),
    }
    return "; ".join(f"{labels[k]} : {v}" for k, v in identity.items() if k in labels and v)


def _digests(name: str, email: str) -> list[str]:
    digests = [d for d in (blind_index.name_digest(name), blind_index.email_digest(email)) if d]
    if not digests:
        raise ValidationError(_("Indiquez le nom ou l'adresse électronique de la personne."))
    return digests


def _check_exportable(request: SubjectRequest) -> None:
    if request.kind != SubjectRequest.Kind.ACCESS or not request.is_open:
        raise ValidationError(_("Un export se prépare pour une demande d'accès en cours."))
    if AccessExport.objects.filter(request=request, status=AccessExport.Status.RELEASED):
        raise ValidationError(_("L'export de cette demande est déjà publié."))


def access_match_confirm(
    *, actor: User, request: SubjectRequest, name: str, email: str
) -> list[SubjectRequestMatch]:
    """The handler confirms the person named ``name`` / ``email`` is the one who asked:
    the cases of the request's entity where the blind index finds them become the
    request's matches (replacing earlier ones), and ``actor`` holds reading on them
    (``subject_request``) until the request is closed or its export released. Cases the
    handler declared a conflict on are left out. Audited with counts only."""
    _check_role(actor, request.entity)
    digests = _digests(name, email)
    with transaction.atomic():
        locked = SubjectRequest.objects.select_for_update().get(pk=request.pk)
        _check_exportable(locked)
        found = set(
            PartyIndexEntry.objects.filter(
                entity=locked.entity,
                case__entity=locked.entity,
                digest__in=digests,
            )
            .exclude(case__status=Case.Status.SHREDDED)
            .values_list("case_id", flat=True)
        )
        conflicts = found & set(
            ConflictDeclaration.objects.filter(user=actor, case_id__in=found).values_list(
                "case_id", flat=True
            )
        )
        cases = list(Case.objects.filter(pk__in=found - conflicts).order_by("reference"))
        dropped = SubjectRequestMatch.objects.filter(request=locked).exclude(
            case_id__in=[c.pk for c in cases]
        )
        # Matched before and not now, or matched for another handler: the reading they
        # gave ends here (``cases_reconcile`` below), whatever the case's origin.
        ended = list(Case.objects.filter(pk__in=dropped.values("case_id")))
        dropped.delete()
        matches = []
        granted = 0
        for case in cases:
            match, _created = SubjectRequestMatch.objects.get_or_create(
                request=locked, case=case, defaults={"handler": actor}
            )
            if match.handler_id != actor.pk:
                match.handler = actor
                match.save(update_fields=["handler"])
                ended.append(case)
            matches.append(match)
            added = grants_add(
                CASE_GRANTS,
                actor=actor,
                obj=case,
                user=actor,
                permissions=SUBJECT_REQUEST_PERMISSIONS,
                reason=SUBJECT_REQUEST,
            )
            if added:  # given by this reason: it ends with it (``MatchedReading``)
                MatchedReading.objects.get_or_create(case=case, user=actor)
            granted += bool(added)
        cases_reconcile(cases=ended, actor=actor, cause="subject_request_rematched")
        audit_record(
            actor=actor,
            action="rights.match_confirmed",
            target=locked,
            entity_id=locked.entity_id,
            details={"cases": len(cases), "granted": granted, "conflicts": len(conflicts)},
        )
    return matches


def access_export_build(
    *, actor: User, request: SubjectRequest, name: str, email: str
) -> AccessExport:
    """Draft the export of the person named ``name`` / ``email`` from the request's
    matched cases the handler reads; replaces an older draft."""
    _check_role(actor, request.entity)
    _check_exportable(request)
    digests = _digests(name, email)
    matched = SubjectRequestMatch.objects.filter(request=request).values("case_id")
    visible = cases_for(actor).filter(entity=request.entity, pk__in=matched)
    party_ids = set(
        PartyIndexEntry.objects.filter(
            entity=request.entity, case__in=visible, digest__in=digests
        ).values_list("party_id", flat=True)
    )
    parties = with_data_keys(
        Party.objects.filter(pk__in=party_ids).select_related("case").order_by("case__reference")
    )
    with transaction.atomic():
        _check_exportable(request)
        AccessExport.objects.filter(request=request).delete()
        export = AccessExport(
            id=uuid.uuid4(), key_id=request.key_id, request=request, built_by=actor
        )
        export.cases_count = len({p.case_id for p in parties})
        export.save(force_insert=True)
        passages: list[ExportPassage] = []

        def add(party: Party, source: str, text: str, flagged: bool) -> None:
            passage = ExportPassage(
                id=uuid.uuid4(),
                key_id=request.key_id,
                export=export,
                position=len(passages),
                case_reference=party.case.reference,
                source=source,
                text=text,
                flagged=flagged,
            )
            passages.append(passage)

        for party in parties:
            case: Case = party.case
            others = [
                p for p in Party.objects.filter(case=case).exclude(pk=party.pk) if not p.anonymous
            ]
            add(party, ExportPassage.Source.IDENTITY, _identity_text(party), False)
            add(
                party,
                ExportPassage.Source.ROLE,
                f"{party.get_role_display()} — {party.get_status_display()}",
                False,
            )
            add(party, ExportPassage.Source.NARRATIVE, _others_out(case.narrative, others), True)
        for passage in passages:
            passage.save(force_insert=True)
        # Each case read into the draft shows in that case's access log (T2, T5).
        for case_read in {p.case_id: p.case for p in parties}.values():
            case_read_record(actor=actor, case=case_read, what="rights_export")
        audit_record(
            actor=actor,
            action="rights.export_built",
            target=request,
            entity_id=request.entity_id,
            details={
                "cases": export.cases_count,
                "passages": len(passages),
                "flagged": sum(p.flagged for p in passages),
            },
        )
    return export


def export_docx(export: AccessExport) -> bytes:
    """The document as it will be released: kept passages, withdrawn ones replaced."""
    from docx import Document  # python-docx; heavy import, only when a document is made

    document = Document()
    document.add_heading(_("Communication de vos données personnelles"), level=1)
    document.add_paragraph(
        _("Réponse à votre demande d'accès reçue le %(date)s (RGPD art. 15).")
        % {"date": export.request.received_on.strftime("%d/%m/%Y")}
    )
    reference = None
    for passage in export.passages.all():
        if passage.case_reference != reference:
            reference = passage.case_reference
            document.add_heading(_("Dossier %(ref)s") % {"ref": reference}, level=2)
        text = WITHDRAWN if passage.decision == ExportPassage.Decision.REDACT else passage.text
        document.add_paragraph(f"{passage.get_source_display()} : {text}")
    if not export.cases_count:
        document.add_paragraph(_("Aucune donnée vous concernant n'a été trouvée."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def access_export_release(
    *, actor: User, export: AccessExport, decisions: dict[uuid.UUID, str], version: int
) -> AccessExport:
    """Record the reviewer's decision on every flagged passage, then render and seal the PDF."""
    _check_role(actor, export.request.entity)
    with transaction.atomic():
        locked = AccessExport.objects.select_for_update().get(pk=export.pk)
        if locked.version != version or locked.status != AccessExport.Status.DRAFT:
            raise ValidationError(_("L'export a changé entre-temps : rechargez la page."))
        if locked.request.is_shredded:
            raise ValidationError(_("Cette demande est anonymisée : son export est illisible."))
        flagged = list(locked.passages.filter(flagged=True))
        for passage in flagged:
            decision = decisions.get(passage.pk, "")
            if decision not in (ExportPassage.Decision.KEEP, ExportPassage.Decision.REDACT):
                raise ValidationError(
                    _("Décidez pour chaque passage signalé : le communiquer ou le retirer.")
                )
            passage.decision = decision
            passage.save(update_fields=["decision"])
        try:
            locked.pdf = docx_to_pdf(export_docx(locked))
        except PdfConversionUnavailable as exc:
            raise ValidationError(_("La conversion en PDF n'est pas disponible.")) from exc
        locked.status = AccessExport.Status.RELEASED
        locked.released_by = actor
        locked.released_at = timezone.now()
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="rights.export_released",
            target=locked.request,
            entity_id=locked.request.entity_id,
            details={
                "kept": sum(p.decision == "keep" for p in flagged),
                "withdrawn": sum(p.decision == "redact" for p in flagged),
                "passages": locked.passages.count(),
            },
        )
        matched_reconcile(request=locked.request, actor=actor, cause="subject_request_released")
    return locked


def access_export_download_record(*, actor: User, export: AccessExport) -> None:
    audit_record(
        actor=actor,
        action="rights.export_downloaded",
        target=export.request,
        entity_id=export.request.entity_id,
        details={"export": str(export.pk)},
    )
