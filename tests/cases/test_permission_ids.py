"""The per-process cache of case permission ids used by every permission check."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db.models.signals import post_migrate

from cases.models import CasePermission
from cases.selectors import cases as case_selectors

pytestmark = pytest.mark.django_db


def test_the_cached_permission_id_is_the_database_row() -> None:
    expected = Permission.objects.get(
        content_type__app_label="cases", content_type__model="case", codename=CasePermission.VIEW
    ).pk

    assert case_selectors.case_permission_id(CasePermission.VIEW) == expected
    assert case_selectors.case_permission_id(CasePermission.VIEW) == expected


def test_a_migration_or_flush_forgets_the_cached_ids() -> None:
    case_selectors.case_permission_id(CasePermission.VIEW)
    assert case_selectors._PERMISSION_IDS

    config = apps.get_app_config("cases")
    post_migrate.send(
        sender=config,
        app_config=config,
        verbosity=0,
        interactive=False,
        using="default",
        apps=apps,
        plan=[],
    )

    assert case_selectors._PERMISSION_IDS == {}


def test_an_unknown_permission_is_an_error_not_a_silent_denial() -> None:
    with pytest.raises(Permission.DoesNotExist):
        case_selectors.case_permission_id("shred_everything")
