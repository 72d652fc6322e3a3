"""Issue 3 claims: encryption cost per field, key rotation speed, permission checks and
filtered lists at scale — each against the same work without Recueil's layer."""

from __future__ import annotations

import os
import time
from typing import Any

from bench.harness import Comparison, compare
from cases.core.crypto.datakeys import (
    data_key_cache_clear,
    data_key_rewrap,
    data_key_secrets,
    data_keys_write,
)
from cases.core.crypto.keyring import key_ring
from cases.models import Case, CaseGrant, CaseKey, Party, PartyIndexEntry, Role, User
from cases.selectors.cases import case_or_404, case_page_for, cases_for, with_data_keys
from cases.services.cases import party_named_elsewhere

PAGE = 50


def _busiest_referent() -> User:
    grant = CaseGrant.objects.filter(
        permission__codename="view_case", user__memberships__role=Role.REFERENT
    ).values_list("user_id", flat=True)[0]
    return User.objects.get(pk=grant)


def field_encryption() -> Comparison:
    case = Case.objects.order_by("created_at").first()
    assert case is not None
    field = Case._meta.get_field("narrative")
    text = case.narrative
    sealed = field.encrypt(case, text)  # type: ignore[attr-defined]

    def ours() -> None:
        for _ in range(100):
            field.decrypt(case, field.encrypt(case, text))  # type: ignore[attr-defined]

    def plain() -> None:
        for _ in range(100):
            text.encode("utf-8").decode("utf-8")

    result = compare(
        "field_encrypt_decrypt",
        claim="Encrypt + decrypt one narrative field (x100), AES-256-GCM with its place bound",
        recueil=ours,
        baseline=plain,
        baseline_label="UTF-8 encode + decode of the same text, no encryption",
        extra={"bytes": len(text.encode()), "ciphertext_bytes": len(sealed)},
    )
    result.extra["per_field_us"] = round(result.recueil.median_ms * 10, 2)
    return result


def list_decrypted() -> Comparison:
    ids = list(Case.objects.values_list("pk", flat=True)[:PAGE])

    def ours() -> None:
        data_key_cache_clear()
        for case in with_data_keys(Case.objects.filter(pk__in=ids)):
            _ = case.narrative

    def plain() -> None:
        list(Case.objects.filter(pk__in=ids).values_list("pk", "narrative"))

    return compare(
        "list_50_narratives_decrypted",
        claim="Load 50 cases and decrypt their narratives, data keys unwrapped cold",
        recueil=ours,
        baseline=plain,
        baseline_label="the same 50 rows read without decryption",
    )


def permission_check() -> Comparison:
    user = _busiest_referent()
    case_id = cases_for(user).values_list("pk", flat=True)[0]

    return compare(
        "case_permission_check",
        claim="Fetch one case through the per-object permission check (404 otherwise)",
        recueil=lambda: case_or_404(user, case_id),
        baseline=lambda: Case.objects.filter(pk=case_id).select_related("entity").first(),
        baseline_label="fetch the same case by primary key, no permission",
        target_ratio=2.5,
        extra={"grants_of_user": CaseGrant.objects.filter(user=user).count()},
    )


def filtered_list() -> Comparison:
    user = _busiest_referent()

    return compare(
        "filtered_case_list",
        claim="First page (50) of the cases a referent may see, newest first",
        recueil=lambda: case_page_for(user, limit=PAGE),
        baseline=lambda: list(Case.objects.order_by("-created_at")[:PAGE]),
        baseline_label="first page of all cases, unfiltered",
        target_ratio=3.0,
        extra={"visible_cases": cases_for(user).count(), "all_cases": Case.objects.count()},
    )


def rotation_speed(sample: int = 2000) -> dict[str, Any]:
    """Re-wrap speed (keys/s) through the real rotation path, vs bare AES-GCM of as many keys.

    Rotates ``sample`` keys to a temporary master key and back again (both passes
    timed), so the database ends as it started.
    """
    import base64

    from django.test import override_settings

    ring = key_ring()
    current = ",".join(
        f"{kid}:{base64.b64encode(k).decode()}" for kid, k in ring.master_keys.items()
    )
    temporary = f"bench-{os.getpid()}:{base64.b64encode(os.urandom(32)).decode()}"
    ids = list(CaseKey.objects.filter(wrapped__isnull=False).values_list("pk", flat=True)[:sample])
    index = base64.b64encode(ring.blind_index_key).decode()
    elapsed = 0.0
    for active in (temporary.split(":", 1)[0], ring.active_id):
        keys = {
            "MASTER_KEYS": f"{current},{temporary}",
            "ACTIVE_MASTER_KEY": active,
            "BLIND_INDEX_KEY": index,
        }
        with override_settings(RECUEIL_KEYS=keys):
            data_key_cache_clear()
            start = time.perf_counter()
            records = list(CaseKey.objects.filter(pk__in=ids))
            secrets = data_key_secrets(records)
            changed = [r for r in records if data_key_rewrap(r, secrets.get(r.id))]
            data_keys_write(changed)
            elapsed += time.perf_counter() - start
    ours = elapsed / 2

    # Baseline: the same rows read and written back unchanged, no unwrap or wrap.
    start = time.perf_counter()
    data_keys_write(list(CaseKey.objects.filter(pk__in=ids)))
    bare = time.perf_counter() - start
    return {
        "name": "master_key_rotation",
        "claim": "Re-wrap data keys under a new master key (read, unwrap, wrap, batched write)",
        "keys": len(ids),
        "recueil_keys_per_second": round(len(ids) / ours),
        "baseline_keys_per_second": round(len(ids) / bare),
        "baseline_label": "the same key rows read and written back without unwrapping or wrapping",
        "ratio": round(ours / bare, 2),
    }


def blind_index_lookup() -> Comparison:
    """Is this party named in other cases? Through the service (permission-filtered, traced)."""
    user = _busiest_referent()
    party = (
        Party.objects.filter(case__in=cases_for(user), index_entries__isnull=False)
        .select_related("case")
        .first()
    )
    assert party is not None
    digests = list(party.index_entries.values_list("digest", flat=True))

    def bare() -> None:
        list(
            PartyIndexEntry.objects.filter(digest__in=digests, entity_id=party.case.entity_id)
            .values_list("case_id", flat=True)
            .distinct()
        )

    result = compare(
        "blind_index_lookup",
        claim="Other cases naming a party: keyed digest match, visible ones listed, others "
        "counted, the lookup audited",
        recueil=lambda: party_named_elsewhere(actor=user, party=party),
        baseline=bare,
        baseline_label="the same digest match on the index table, no permission, no trace",
        # Most of the cost is the lookup's own trace: a hash-chained audit write.
        target_ratio=10.0,
    )
    result.extra["matches"] = PartyIndexEntry.objects.filter(digest__in=digests).count()
    return result
