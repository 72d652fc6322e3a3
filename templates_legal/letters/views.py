"""Letter pages of a case, and the register: parse, check, call one service, render.

Every lookup goes through ``case_or_404`` (the per-case permission) and answers 404
whether the case or letter is missing or forbidden (T1); a permission the service
would refuse is checked here first, with the same 404.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.core.crypto.aead import DecryptionError
from cases.core.security.params import query_int
from cases.models import Case, CasePermission, User
from cases.selectors.cases import case_or_404, case_permissions_of
from cases.services.cases import case_read_record
from cases.services.closed import case_require_open
from templates_legal.kinds import letter_kind
from templates_legal.letters import downloads, selectors, services, signatories
from templates_legal.letters.forms import LetterChoiceForm, LetterValuesForm
from templates_legal.letters.register import register_read_record
from templates_legal.models import Letter
from templates_legal.preview import docx_blocks, docx_font
from templates_legal.rendering import soffice_path

IRREVERSIBLE = frozenset({"finalise", "sign", "discard", "withdraw"})


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _letter(request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> tuple[Case, Letter]:
    case = case_or_404(_actor(request), case_id)
    return case, selectors.letter_or_404(_actor(request), case, letter_id)


def _to_letter(letter: Letter) -> HttpResponse:
    return redirect("letter-detail", case_id=letter.case_id, letter_id=letter.pk)


@require_http_methods(["GET", "POST"])
def letter_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = _actor(request)
    case = case_or_404(user, case_id, CasePermission.DRAFT_LETTER)
    # A closed case offers only the kinds drafted after closure; none: refused.
    kinds = [k for k in selectors.kinds_available(case) if services.kind_writable(case, k[0])]
    if not kinds:
        case_require_open(case)
    initial = {"kind": request.GET.get("kind", ""), "language": "fr"}
    form = LetterChoiceForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_draft(
                actor=user,
                case=case,
                kind=form.cleaned_data["kind"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Brouillon créé : vérifiez et complétez le courrier."))
            return _to_letter(letter)
    return render(
        request,
        "templates_legal/letter_new.html",
        {"case": case, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def letter_detail(request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> HttpResponse:
    user = _actor(request)
    case, letter = _letter(request, case_id, letter_id)
    permissions = case_permissions_of(user, case)
    can_draft = CasePermission.DRAFT_LETTER in permissions
    kind = letter_kind(letter.kind)
    # A draft of a closed case stays as it is, unless its kind is drafted after closure.
    may_edit = can_draft and services.kind_writable(case, kind)
    form = None
    try:
        if letter.is_draft and may_edit:
            form = LetterValuesForm(
                request.POST or None, kind=kind, values=services.typed_values(letter)
            )
        if request.method == "POST":
            if form is None:
                raise Http404
            if form.is_valid():
                services.letter_values_update(actor=user, letter=letter, values=form.values())
                messages.success(request, _("Brouillon enregistré."))
                return _to_letter(letter)
        content = (
            services.letter_render(letter, preview=True) if letter.is_draft else bytes(letter.docx)
        )
    except DecryptionError:
        raise Http404 from None
    case_read_record(actor=user, case=case, what="letter", item=str(letter.pk))
    needs_signature = services.needs_staff_signature(kind)
    signer_choices: list[User] = []
    default_signer = None
    if letter.is_draft and may_edit and needs_signature:
        signer_choices = list(signatories.candidates(letter))
        default_signer = signatories.default_signatory(letter, user)
    return render(
        request,
        "templates_legal/letter_detail.html",
        {
            "case": case,
            "letter": letter,
            "kind": kind,
            "form": form,
            "blocks": docx_blocks(content),
            "letter_font": docx_font(content),
            "missing": services.missing_values(letter) if letter.is_draft else [],
            "formats": downloads.downloadable_formats(user, letter),
            "can_draft": can_draft,
            "may_edit": may_edit,
            "can_sign": services.can_sign(user, letter),
            "needs_signature": needs_signature,
            "signer_choices": signer_choices,
            "default_signer": default_signer,
            "can_withdraw": can_draft and letter.status == Letter.Status.FINAL,
            "soffice_missing": soffice_path() is None,
            "missing_mark": services.MISSING_MARK,
        },
        status=400 if request.method == "POST" else 200,
    )


def _post_action(
    request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID, action: str
) -> HttpResponse:
    user = _actor(request)
    case, letter = _letter(request, case_id, letter_id)
    # Signing needs the case and a signatory role of the kind (``services.can_sign``).
    needed = CasePermission.VIEW if action == "sign" else CasePermission.DRAFT_LETTER
    if needed not in case_permissions_of(user, case):
        raise Http404
    if action == "sign" and not services.can_sign(user, letter):
        raise Http404
    if action in IRREVERSIBLE and request.POST.get("confirm") != "yes":
        # Irreversible (a register number, a signature, a deletion): never on one click.
        messages.error(request, _("Rien n'a été fait : cochez la case de confirmation."))
        return _to_letter(letter)
    try:
        if action == "finalise":
            letter = services.letter_finalise(
                actor=user, letter=letter, signatory=_chosen_signatory(request, letter)
            )
            messages.success(
                request,
                _("Courrier finalisé et enregistré au registre sous le n° %(number)s.")
                % {"number": letter.register_number},
            )
            if letter.pdf_status == Letter.PdfStatus.UNAVAILABLE:
                messages.warning(
                    request,
                    _(
                        "Le PDF n'a pas pu être produit : LibreOffice n'est pas installé sur le "
                        "serveur (voir la documentation d'installation). Le DOCX est disponible."
                    ),
                )
            elif letter.pdf_status == Letter.PdfStatus.FAILED:
                messages.warning(request, _("La conversion en PDF a échoué ; réessayez plus tard."))
        elif action == "sign":
            services.letter_sign(actor=user, letter=letter)
            messages.success(request, _("Signature enregistrée : le courrier peut être envoyé."))
            if CasePermission.VIEW not in case_permissions_of(user, case):
                # Signing was their last reason to hold the case: the letter they signed
                # stays theirs in the register (downloads.is_keeping_signatory).
                if selectors.register_entities_for(user).filter(pk=case.entity_id).exists():
                    return redirect("letter-register", entity_code=letter.entity.code)
                return redirect("home")
        elif action == "withdraw":
            services.letter_withdraw(actor=user, letter=letter)
            messages.success(
                request,
                _("Courrier retiré : il garde son numéro au registre et ne sera pas envoyé."),
            )
        elif action == "pdf":
            letter = services.letter_pdf_make(actor=user, letter=letter)
            if letter.pdf_status == Letter.PdfStatus.READY:
                messages.success(request, _("PDF produit."))
            else:
                messages.warning(request, _("Le PDF n'a toujours pas pu être produit."))
        elif action == "discard":
            services.letter_discard(actor=user, letter=letter)
            messages.success(request, _("Brouillon supprimé."))
            return redirect("case-detail", case_id=case.pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied:
        raise Http404 from None
    except DecryptionError:
        raise Http404 from None
    if CasePermission.VIEW not in case_permissions_of(user, case):
        # Signing was the signer's last reason to hold the case (its access ended with
        # it): the start page, with the message, rather than a 404 on the letter.
        return redirect("inbox")
    return _to_letter(letter)


def _chosen_signatory(request: HttpRequest, letter: Letter) -> User | None:
    """The person chosen in the finalise form, among the candidates; ``None`` for the
    default (an id outside the candidates is refused by the service's own check)."""
    raw = request.POST.get("signatory", "").strip()
    if not raw.isdigit():
        return None
    chosen = signatories.candidates(letter).filter(pk=int(raw)).first()
    if chosen is None:
        raise ValidationError(_("Cette personne ne peut pas signer ce type de courrier."))
    return chosen


@require_POST
def letter_withdraw(request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> HttpResponse:
    return _post_action(request, case_id, letter_id, "withdraw")


@require_POST
def letter_finalise(request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> HttpResponse:
    return _post_action(request, case_id, letter_id, "finalise")


@require_POST
def letter_sign(request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> HttpResponse:
    return _post_action(request, case_id, letter_id, "sign")


@require_POST
def letter_pdf(request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> HttpResponse:
    return _post_action(request, case_id, letter_id, "pdf")


@require_POST
def letter_discard(request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> HttpResponse:
    return _post_action(request, case_id, letter_id, "discard")


@require_GET
def letter_download(
    request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID, fmt: str
) -> HttpResponse:
    _case, letter = _letter(request, case_id, letter_id)
    return _file_response(_actor(request), letter, fmt)


@require_GET
def signed_letter_download(request: HttpRequest, letter_id: uuid.UUID, fmt: str) -> HttpResponse:
    """A letter its signatory downloads from the register, with or without the case."""
    user = _actor(request)
    return _file_response(user, selectors.signed_letter_or_404(user, letter_id), fmt)


def _file_response(user: User, letter: Letter, fmt: str) -> HttpResponse:
    """The letter's file as an attachment; 404 when ``user`` may not have it (T1)."""
    try:
        file = downloads.letter_file(actor=user, letter=letter, fmt=fmt)
    except (PermissionDenied, downloads.LetterUnreadable):
        raise Http404 from None
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def register_home(request: HttpRequest) -> HttpResponse:
    entities = list(selectors.register_entities_for(_actor(request)))
    if not entities:
        raise Http404
    if len(entities) == 1:
        return redirect("letter-register", entity_code=entities[0].code)
    return render(request, "templates_legal/register_home.html", {"entities": entities})


@require_GET
def register(request: HttpRequest, entity_code: str) -> HttpResponse:
    user = _actor(request)
    entity = selectors.register_entity_or_404(user, entity_code)
    years = selectors.register_years(entity)
    current = timezone.localdate().year
    year = query_int(request, "year", low=1, high=current + 1)
    if year is None:
        if request.GET.get("year", "").strip():
            messages.warning(request, _("Cette année n'est pas valide : voici la plus récente."))
        year = years[0] if years else current
    rows = selectors.register_rows(user, entity, year)
    register_read_record(
        actor=user,
        entity=entity,
        year=year,
        rows=len(rows),
        shown=sum(1 for row in rows if row.case_visible),
    )
    return render(
        request,
        "templates_legal/register.html",
        {"entity": entity, "year": year, "years": years or [current], "rows": rows},
    )
