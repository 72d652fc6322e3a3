"""Composite indexes for the inbox queries on SQLite, beside 0003's partial ones.

SQLite only uses a partial index when the query's own WHERE repeats the index's
condition with literal values, and Django binds values as parameters: there the queue
kept scanning every unassigned task (0.8 s at 100 000 cases; 2 ms with these).
On PostgreSQL the partial indexes already serve both queries and these add nothing
measurable (queue page 18.6 ms without them, 20.1 ms with them, at 100 000 cases), so
they are created on SQLite only and PostgreSQL is spared their write cost.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEXES = {
    "recueil_task_owner_status_idx": "viewflow_task (owner_id, status)",
    "recueil_task_status_step_idx": "viewflow_task (status, flow_task, owner_id)",
}


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps: Any, schema_editor: Any) -> None:
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("workflows", "0003_task_inbox_indexes")]

    operations = [migrations.RunPython(create, drop)]
