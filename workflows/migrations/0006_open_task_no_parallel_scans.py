"""No parallel workers for the inbox table (PostgreSQL only).

Each inbox reads a few rows of ``workflows_opentask`` through its indexes, but at a
million cases PostgreSQL estimated thousands of unassigned rows for a referent's
queue (its statistics cannot see that referent steps are always assigned) and
started two parallel workers: 55 ms for a read that takes 0.5 ms once they are
forbidden on this table (EXPLAIN ANALYZE of the inbox statement, 1 000 000 cases).
Other tables keep parallel plans (the steering indicators use them).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forbid(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE workflows_opentask SET (parallel_workers = 0)")


def allow(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE workflows_opentask RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [("workflows", "0005_open_task")]

    operations = [migrations.RunPython(forbid, allow)]
