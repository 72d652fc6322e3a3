"""Index the persons recorded before every path indexed them (intake did not).

The blind index holds keyed HMAC digests only; a case whose key was shredded has no
readable identity and stays unindexed.
"""

from __future__ import annotations

from django.db import migrations


def backfill(apps, schema_editor):
    # Migrations may import the core inside the function (Django loads them before apps).
    from cases.core.crypto import blind_index

    Party = apps.get_model("cases", "Party")
    PartyIndexEntry = apps.get_model("cases", "PartyIndexEntry")
    indexed = PartyIndexEntry.objects.values("party_id")
    for party in (
        Party.objects.filter(anonymous=False)
        .exclude(pk__in=indexed)
        .select_related("case")
        .iterator()
    ):
        try:
            identity = party.identity or {}
        except Exception:  # noqa: BLE001 - a shredded key: nothing left to index
            continue
        full_name = " ".join(
            str(identity.get(k, "")) for k in ("first_name", "last_name") if identity.get(k)
        )
        rows = []
        if full_name:
            rows.append(("name", blind_index.name_digest(full_name)))
        if identity.get("email"):
            rows.append(("email", blind_index.email_digest(identity["email"])))
        PartyIndexEntry.objects.bulk_create(
            PartyIndexEntry(
                party_id=party.pk,
                case_id=party.case_id,
                entity_id=party.case.entity_id,
                kind=kind,
                digest=digest,
            )
            for kind, digest in rows
            if digest
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_party_corrections_narrative_versions")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
