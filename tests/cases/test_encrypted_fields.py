"""Encrypted fields: ciphertext at rest, bound to their place, never queried in clear."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.db import connection
from django.forms.models import model_to_dict

from cases.core.crypto.aead import DecryptionError
from cases.core.crypto.fields import Sealed
from cases.models import Case, CaseNote
from cases.services.cases import note_add
from tests.builders import case_for


def _raw(table: str, column: str, pk) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE id = %s",
            [pk.hex if connection.vendor == "sqlite" else pk],
        )  # noqa: S608
        return bytes(cursor.fetchone()[0])


@pytest.mark.django_db
def test_the_narrative_is_stored_as_ciphertext_and_read_back_in_clear(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="Elle a été suivie jusqu'au parking.")
    raw = _raw("cases_case", "narrative", case.pk)
    assert b"parking" not in raw
    assert Case.objects.get(pk=case.pk).narrative == "Elle a été suivie jusqu'au parking."


@pytest.mark.django_db
def test_values_and_serialisers_see_only_ciphertext(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="SECRET-VALUES")
    value = Case.objects.values_list("narrative", flat=True).get(pk=case.pk)
    assert isinstance(value, Sealed)
    assert b"SECRET-VALUES" not in value
    fresh = Case.objects.get(pk=case.pk)
    assert "SECRET-VALUES" not in serializers.serialize("json", [fresh])
    assert "SECRET-VALUES" not in str(model_to_dict(fresh))
    fresh.narrative  # decrypted in memory
    assert "SECRET-VALUES" not in repr(fresh)


@pytest.mark.django_db
def test_encrypted_fields_cannot_be_queried(referent_a, school_a):
    case_for(referent_a, school_a, narrative="x")
    with pytest.raises(TypeError):
        list(Case.objects.filter(narrative="x"))


@pytest.mark.django_db
def test_a_ciphertext_copied_into_another_case_fails_to_decrypt(referent_a, school_a):
    first = case_for(referent_a, school_a, narrative="first narrative")
    second = case_for(referent_a, school_a, narrative="second narrative")
    stolen = Case.objects.values_list("narrative", flat=True).get(pk=first.pk)
    Case.objects.filter(pk=second.pk).update(narrative=stolen)
    with pytest.raises(DecryptionError):
        Case.objects.get(pk=second.pk).narrative


@pytest.mark.django_db
def test_a_ciphertext_moved_to_another_field_of_the_same_case_fails_to_decrypt(
    referent_a, school_a
):
    case = case_for(referent_a, school_a, narrative="the narrative")
    note = note_add(actor=referent_a, case=case, body="a note")
    stolen = Case.objects.values_list("narrative", flat=True).get(pk=case.pk)
    CaseNote.objects.filter(pk=note.pk).update(body=stolen)
    with pytest.raises(DecryptionError):
        CaseNote.objects.get(pk=note.pk).body


@pytest.mark.django_db
def test_a_tampered_ciphertext_fails_to_decrypt(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="intact")
    raw = bytearray(Case.objects.values_list("narrative", flat=True).get(pk=case.pk))
    raw[-1] ^= 1
    Case.objects.filter(pk=case.pk).update(narrative=Sealed(bytes(raw)))
    with pytest.raises(DecryptionError):
        Case.objects.get(pk=case.pk).narrative


@pytest.mark.django_db
def test_deferred_encrypted_fields_load_on_access(referent_a, school_a):
    case = case_for(referent_a, school_a, narrative="deferred")
    assert Case.objects.defer("narrative").get(pk=case.pk).narrative == "deferred"


@pytest.mark.django_db
def test_a_list_decrypts_with_a_constant_number_of_queries(
    referent_a, school_a, django_assert_num_queries
):
    from cases.core.crypto.datakeys import data_key_cache_clear
    from cases.selectors.cases import with_data_keys

    for n in range(6):
        case_for(referent_a, school_a, narrative=f"story {n}")
    data_key_cache_clear()
    # the cases, then all their keys at once, then all their key-store secrets at once
    with django_assert_num_queries(3):
        stories = [c.narrative for c in with_data_keys(Case.objects.all())]
    assert sorted(stories) == [f"story {n}" for n in range(6)]
