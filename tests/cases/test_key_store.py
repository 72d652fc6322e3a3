"""Each case key needs its secret in the key store; shredding destroys it (docs/BACKUP.md).

Here the key store shares the test database (``RECUEIL_KEY_STORE_DATABASE = "default"``);
``test_backup_drill.py`` runs the same guarantees with a separate key store on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from cases.core.crypto import datakeys
from cases.core.crypto.aead import DecryptionError, seal
from cases.core.crypto.checks import key_store_errors
from cases.core.crypto.datakeys import KeyShredded, KeyWithoutSecret
from cases.core.crypto.keyring import key_ring
from cases.core.crypto.keystore import KeyStoreRouter
from cases.models import Case, CaseKey, CaseKeySecret
from cases.services.cases import case_shred
from tests.builders import case_for


def _fresh(case: Case) -> Case:
    datakeys.data_key_cache_clear()
    return Case.objects.get(pk=case.pk)


@pytest.mark.django_db
def test_a_new_case_key_cannot_be_opened_without_its_key_store_secret(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="needs both halves")
    secret = CaseKeySecret.objects.get(pk=case.key_id)
    assert CaseKey.objects.get(pk=case.key_id).scheme == CaseKey.Scheme.MASTER_AND_STORE
    secret.delete()
    with pytest.raises(KeyWithoutSecret):
        _fresh(case).narrative
    CaseKeySecret.objects.create(key_id=case.key_id, secret=bytes(secret.secret))
    assert _fresh(case).narrative == "needs both halves"


@pytest.mark.django_db
def test_the_master_key_alone_does_not_open_a_new_case_key(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="not under the master key alone")
    CaseKey.objects.filter(pk=case.key_id).update(scheme=CaseKey.Scheme.MASTER_ONLY)
    with pytest.raises(DecryptionError):
        _fresh(case).narrative


@pytest.mark.django_db
def test_another_keys_secret_does_not_open_a_case_key(referent_a, school_a):
    one = case_for(referent_a, school_a, narrative="one")
    other = case_for(referent_a, school_a, narrative="other")
    CaseKeySecret.objects.filter(pk=one.key_id).update(
        secret=CaseKeySecret.objects.get(pk=other.key_id).secret
    )
    with pytest.raises(DecryptionError):
        _fresh(one).narrative


@pytest.mark.django_db
def test_shredding_deletes_the_secret_so_a_restored_wrapped_key_opens_nothing(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="restored from an old backup")
    wrapped_before = bytes(CaseKey.objects.get(pk=case.key_id).wrapped)
    case_shred(actor=referent_a, case=case, reason_code="retention")
    assert not CaseKeySecret.objects.filter(pk=case.key_id).exists()
    # An old main-database backup brings the wrapped key back, not the secret.
    CaseKey.objects.filter(pk=case.key_id).update(wrapped=wrapped_before, shredded_at=None)
    with pytest.raises(KeyShredded):
        _fresh(case).narrative


@pytest.mark.django_db
def test_a_list_page_preload_leaves_out_keys_without_secret(referent_a, school_a):
    kept = case_for(referent_a, school_a, narrative="kept")
    lost = case_for(referent_a, school_a, narrative="lost")
    CaseKeySecret.objects.filter(pk=lost.key_id).delete()
    datakeys.data_key_cache_clear()
    datakeys.data_keys_preload([kept.key_id, lost.key_id])
    assert datakeys._cache.get(kept.key_id) is not None
    assert datakeys._cache.get(lost.key_id) is None


def _make_scheme_1(case: Case) -> None:
    """Turn a case's key back into a key made before the key store existed."""
    plain = datakeys.data_key(case.key_id)
    ring = key_ring()
    wrapped = seal(
        ring.active_key, plain, datakeys._wrap_ad(case.key_id, ring.active_id, datakeys.SCHEME_1)
    )
    CaseKey.objects.filter(pk=case.key_id).update(wrapped=wrapped, scheme=datakeys.SCHEME_1)
    CaseKeySecret.objects.filter(pk=case.key_id).delete()


@pytest.mark.django_db
def test_rotation_moves_keys_made_before_the_key_store_into_it(referent_a, school_a):
    cases = [case_for(referent_a, school_a, narrative=f"older {n}") for n in range(3)]
    for case in cases:
        _make_scheme_1(case)
    assert [_fresh(c).narrative for c in cases] == ["older 0", "older 1", "older 2"]
    call_command("rotate_master_key", batch_size=2)
    keys = CaseKey.objects.filter(pk__in=[c.key_id for c in cases])
    assert {k.scheme for k in keys} == {CaseKey.Scheme.MASTER_AND_STORE}
    assert CaseKeySecret.objects.filter(pk__in=[c.key_id for c in cases]).count() == 3
    assert [_fresh(c).narrative for c in cases] == ["older 0", "older 1", "older 2"]
    # Now shredding one holds against its old wrapped key too.
    wrapped = bytes(CaseKey.objects.get(pk=cases[0].key_id).wrapped)
    case_shred(actor=None, case=cases[0], reason_code="retention")
    CaseKey.objects.filter(pk=cases[0].key_id).update(wrapped=wrapped)
    with pytest.raises(KeyShredded):
        _fresh(cases[0]).narrative


@pytest.mark.django_db
def test_rotation_marks_shredded_a_key_whose_secret_is_gone(referent_a, school_a):
    case = case_for(referent_a, school_a)
    CaseKeySecret.objects.filter(pk=case.key_id).delete()
    CaseKey.objects.filter(pk=case.key_id).update(master_key_id="older")
    call_command("rotate_master_key")
    assert CaseKey.objects.get(pk=case.key_id).wrapped is None


@pytest.mark.django_db
def test_key_store_check_reports_and_repairs_leftover_secrets(referent_a, school_a, capsys):
    case = case_for(referent_a, school_a)
    leftover = CaseKeySecret.objects.get(pk=case.key_id)
    case_shred(actor=None, case=case, reason_code="retention")
    # An interrupted deletion: the secret of a shredded key is still in the store.
    CaseKeySecret.objects.create(key_id=case.key_id, secret=bytes(leftover.secret))
    with pytest.raises(CommandError, match="--repair"):
        call_command("key_store_check")
    call_command("key_store_check", repair=True)
    assert not CaseKeySecret.objects.filter(pk=case.key_id).exists()
    assert "1 secrets of shredded keys" in capsys.readouterr().out


@pytest.mark.django_db
def test_key_store_check_fails_when_a_live_key_has_no_secret(referent_a, school_a):
    case = case_for(referent_a, school_a)
    CaseKeySecret.objects.filter(pk=case.key_id).delete()
    with pytest.raises(CommandError, match="1 live case keys have no secret"):
        call_command("key_store_check", repair=True)


@pytest.mark.django_db
def test_backups_refuse_a_key_store_inside_the_main_database(tmp_path):
    with pytest.raises(CommandError, match="RECUEIL_KEY_STORE_URL"):
        call_command("backup_create", main_dir=tmp_path / "m", keys_dir=tmp_path / "k")


def test_the_router_keeps_secrets_in_the_key_store_and_nothing_else_there():
    router = KeyStoreRouter()
    with override_settings(RECUEIL_KEY_STORE_DATABASE="keystore"):
        assert router.db_for_read(CaseKeySecret) == "keystore"
        assert router.db_for_write(CaseKeySecret) == "keystore"
        assert router.db_for_read(CaseKey) is None
        assert router.allow_migrate("keystore", "cases", "casekeysecret") is True
        assert router.allow_migrate("default", "cases", "casekeysecret") is False
        assert router.allow_migrate("keystore", "cases", "casekey") is False
        assert router.allow_migrate("keystore", "cases") is False  # RunSQL / RunPython
        assert router.allow_migrate("default", "cases", "casekey") is None


def test_production_refuses_to_start_with_the_key_store_in_the_main_database():
    main = {"ENGINE": "django.db.backends.postgresql", "HOST": "db", "PORT": 5432, "NAME": "r"}
    alone = {"default": main}
    assert [e.id for e in key_store_errors("production", alone, "default")] == ["recueil.E002"]
    same = {"default": main, "keystore": dict(main)}
    assert [e.id for e in key_store_errors("production", same, "keystore")] == ["recueil.E003"]
    apart = {"default": main, "keystore": {**main, "NAME": "r_keys"}}
    assert key_store_errors("production", apart, "keystore") == []
    assert key_store_errors("development", alone, "default") == []
