"""Entity administration: accounts, roles and second-factor resets, one entity at a time."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.core.accounts import selectors as people
from cases.core.accounts import services as memberships
from cases.core.security.recent import recent_second_factor
from cases.core.security.services import second_factor_reset
from cases.forms import (
    AccountTitleForm,
    EntityDetailsForm,
    RoleGrantForm,
    StaffAccountForm,
    SupportResourceForm,
)
from cases.models import RoleMembership, SupportResource, User
from cases.services.support import (
    support_defaults_ensure,
    support_resource_save,
    support_resources,
)


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_http_methods(["GET", "POST"])
def entity_accounts(request: HttpRequest, code: str) -> HttpResponse:
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    form = StaffAccountForm(request.POST or None)
    created: tuple[User, str] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            created = memberships.staff_account_create(
                actor=_actor(request), entity=entity, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = StaffAccountForm()
    return render(
        request,
        "administration/accounts.html",
        {
            "entity": entity,
            "members": people.entity_members(entity),
            "form": form,
            "created": created,
            "details_form": EntityDetailsForm(instance=entity),
        },
    )


@require_POST
def entity_details(request: HttpRequest, code: str) -> HttpResponse:
    """The entity's postal details for letterheads: its own administrators only."""
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    form = EntityDetailsForm(request.POST, instance=entity)
    if form.is_valid():
        memberships.entity_details_update(actor=_actor(request), entity=entity, **form.cleaned_data)
        messages.success(request, _("Coordonnées de l'entité enregistrées."))
    else:
        messages.error(request, _("Coordonnées non enregistrées : vérifiez les champs."))
    return redirect("entity-accounts", code=entity.code)


@require_http_methods(["GET"])
def account_detail(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    member = people.entity_member_or_404(entity=entity, user_id=user_id)
    return render(
        request,
        "administration/account.html",
        {
            "entity": entity,
            "member": member,
            "grant_form": RoleGrantForm(),
            "title_form": AccountTitleForm(initial={"title": member.title}),
        },
    )


@require_POST
def account_title(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    """The function a member's signature shows in letters: the entity's administrators."""
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    member = people.entity_member_or_404(entity=entity, user_id=user_id)
    form = AccountTitleForm(request.POST)
    if form.is_valid():
        memberships.account_title_update(
            actor=_actor(request), entity=entity, user=member, title=form.cleaned_data["title"]
        )
        messages.success(request, _("Fonction enregistrée."))
    else:
        messages.error(request, _("Fonction non enregistrée : 200 caractères au plus."))
    return redirect("entity-account", code=entity.code, user_id=member.pk)


@require_POST
def role_grant(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    member = people.entity_member_or_404(entity=entity, user_id=user_id)
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        try:
            memberships.role_grant(
                actor=_actor(request), user=member, entity=entity, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Rôle attribué."))
    else:
        messages.error(request, _("Choisissez un rôle dans la liste."))
    return redirect("entity-account", code=entity.code, user_id=member.pk)


@require_POST
def role_revoke(request: HttpRequest, code: str, user_id: int, membership_id: int) -> HttpResponse:
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    membership = RoleMembership.objects.filter(
        pk=membership_id, entity=entity, user_id=user_id
    ).first()
    if membership is None:
        raise Http404
    try:
        memberships.role_revoke(actor=_actor(request), membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Rôle retiré."))
    if RoleMembership.objects.filter(entity=entity, user_id=user_id).exists():
        return redirect("entity-account", code=entity.code, user_id=user_id)
    return redirect("entity-accounts", code=entity.code)


@require_POST
@recent_second_factor
def second_factor_reset_view(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    member = people.entity_member_or_404(entity=entity, user_id=user_id)
    second_factor_reset(actor=_actor(request), user=member)
    messages.success(
        request,
        _(
            "La double authentification a été réinitialisée : la personne l'activera de nouveau "
            "à sa prochaine connexion."
        ),
    )
    return redirect("entity-account", code=entity.code, user_id=member.pk)


@require_http_methods(["GET", "POST"])
def support_directory(request: HttpRequest, code: str) -> HttpResponse:
    """The entity's support directory, with a form to add an entry: its administrators."""
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    support_defaults_ensure(entity=entity)
    form = SupportResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support_resource_save(actor=_actor(request), entity=entity, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Ressource ajoutée à l'annuaire."))
            return redirect("entity-support", code=entity.code)
    return render(
        request,
        "administration/support.html",
        {
            "entity": entity,
            "resources": support_resources(entity=entity, active_only=False),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
def support_resource_edit(request: HttpRequest, code: str, resource_id: int) -> HttpResponse:
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    resource = SupportResource.objects.filter(entity=entity, pk=resource_id).first()
    if resource is None:
        raise Http404
    form = SupportResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            support_resource_save(
                actor=_actor(request), entity=entity, resource=resource, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Ressource modifiée."))
            return redirect("entity-support", code=entity.code)
    return render(
        request,
        "administration/support_edit.html",
        {"entity": entity, "resource": resource, "form": form},
    )


@require_POST
@recent_second_factor
def password_reset_view(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    entity = people.entity_administered_or_404(user=_actor(request), code=code)
    member = people.entity_member_or_404(entity=entity, user_id=user_id)
    password = memberships.password_reset(actor=_actor(request), entity=entity, user=member)
    return render(
        request,
        "administration/password_reset.html",
        {"entity": entity, "member": member, "password": password},
    )
