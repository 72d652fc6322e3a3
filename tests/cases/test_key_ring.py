"""The key ring fails closed, rotates resumably and shreds for good."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.management import call_command
from django.test import override_settings

from cases.core.crypto import datakeys
from cases.core.crypto.datakeys import KeyShredded
from cases.core.crypto.keyring import KeyRingError, key_ring, parse_key_ring
from cases.models import Case, CaseKey, PartyIndexEntry
from cases.services.cases import case_shred
from tests.builders import case_for, implicated


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def test_a_missing_or_malformed_key_ring_is_a_clear_error():
    index = _key()
    with pytest.raises(KeyRingError, match="empty"):
        parse_key_ring("", "k1", index)
    with pytest.raises(KeyRingError, match="32 bytes"):
        parse_key_ring("k1:" + base64.b64encode(b"short").decode(), "k1", index)
    with pytest.raises(KeyRingError, match="base64"):
        parse_key_ring("k1:not-base64!!", "k1", index)
    with pytest.raises(KeyRingError, match="not in the key ring"):
        parse_key_ring(f"k1:{_key()}", "k2", index)
    same = _key()
    with pytest.raises(KeyRingError, match="must differ"):
        parse_key_ring(f"k1:{same}", "k1", same)


def _ring(*pairs: tuple[str, str], active: str) -> dict[str, str]:
    return {
        "MASTER_KEYS": ",".join(f"{i}:{k}" for i, k in pairs),
        "ACTIVE_MASTER_KEY": active,
        "BLIND_INDEX_KEY": key_ring_setting("BLIND_INDEX_KEY"),
    }


def key_ring_setting(name: str) -> str:
    from django.conf import settings

    return settings.RECUEIL_KEYS[name]


@pytest.mark.django_db
def test_rotation_rewraps_every_data_key_and_the_old_key_can_then_be_removed(referent_a, school_a):
    from django.conf import settings

    old_id = key_ring().active_id
    old_key = settings.RECUEIL_KEYS["MASTER_KEYS"].split(":", 1)[1]
    cases = [case_for(referent_a, school_a, narrative=f"story {n}") for n in range(5)]
    new_key = _key()
    with override_settings(RECUEIL_KEYS=_ring((old_id, old_key), ("k2", new_key), active="k2")):
        call_command("rotate_master_key", batch_size=2)
        assert set(CaseKey.objects.values_list("master_key_id", flat=True)) == {"k2"}
    with override_settings(RECUEIL_KEYS=_ring(("k2", new_key), active="k2")):
        datakeys.data_key_cache_clear()
        assert [Case.objects.get(pk=c.pk).narrative for c in cases] == [
            f"story {n}" for n in range(5)
        ]


@pytest.mark.django_db
def test_an_interrupted_rotation_resumes_where_it_stopped(referent_a, school_a, monkeypatch):
    from django.conf import settings

    old_id = key_ring().active_id
    old_key = settings.RECUEIL_KEYS["MASTER_KEYS"].split(":", 1)[1]
    for n in range(6):
        case_for(referent_a, school_a, narrative=f"story {n}")
    ring = _ring((old_id, old_key), ("k2", _key()), active="k2")
    real_rewrap = datakeys.data_key_rewrap
    calls = {"n": 0}

    def failing_rewrap(record, secret):
        calls["n"] += 1
        if calls["n"] > 4:
            raise KeyboardInterrupt
        return real_rewrap(record, secret)

    with override_settings(RECUEIL_KEYS=ring):
        monkeypatch.setattr(
            "cases.management.commands.rotate_master_key.data_key_rewrap", failing_rewrap
        )
        with pytest.raises(KeyboardInterrupt):
            call_command("rotate_master_key", batch_size=2)
        assert CaseKey.objects.filter(master_key_id="k2").count() == 4
        monkeypatch.setattr(
            "cases.management.commands.rotate_master_key.data_key_rewrap", real_rewrap
        )
        call_command("rotate_master_key", batch_size=2)
        assert CaseKey.objects.exclude(master_key_id="k2").count() == 0


@pytest.mark.django_db
def test_removing_a_master_key_before_rotation_is_a_clear_error(referent_a, school_a):
    case = case_for(referent_a, school_a)
    with override_settings(RECUEIL_KEYS=_ring(("other", _key()), active="other")):
        datakeys.data_key_cache_clear()
        with pytest.raises(KeyRingError, match="rotate_master_key"):
            Case.objects.get(pk=case.pk).narrative


@pytest.mark.django_db
def test_shredding_a_case_makes_its_data_unreadable_everywhere(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="to be forgotten")
    implicated(case, referent_a)
    case_shred(actor=referent_a, case=case, reason_code="retention")
    datakeys.data_key_cache_clear()
    with pytest.raises(KeyShredded):
        Case.objects.get(pk=case.pk).narrative
    assert CaseKey.objects.get(pk=case.key_id).wrapped is None
    assert not PartyIndexEntry.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).status == Case.Status.SHREDDED


@pytest.mark.django_db
def test_shredding_one_case_leaves_the_others_readable(referent_a, school_a):
    kept = case_for(referent_a, school_a, narrative="kept")
    gone = case_for(referent_a, school_a, narrative="gone")
    case_shred(actor=referent_a, case=gone, reason_code="retention")
    datakeys.data_key_cache_clear()
    assert Case.objects.get(pk=kept.pk).narrative == "kept"
