"""Signal receivers of the ``cases`` app."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cases.core.accounts.models import RoleMembership, User


@receiver(post_save, sender=RoleMembership, dispatch_uid="recueil-roles-version-save")
@receiver(post_delete, sender=RoleMembership, dispatch_uid="recueil-roles-version-delete")
def roles_changed(sender: type[RoleMembership], instance: RoleMembership, **kwargs: Any) -> None:
    """Sessions of the account read its roles again at their next request."""
    User.objects.filter(pk=instance.user_id).update(roles_version=F("roles_version") + 1)
