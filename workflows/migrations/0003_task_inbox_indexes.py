"""Partial indexes on viewflow's task table for Recueil's two inbox queries.

viewflow's own indexes (owner, status, flow_task, each alone) make PostgreSQL
intersect a bitmap of every open task with one of the user's tasks, and scan every
unassigned task of every step to build a role's queue. These partial indexes hold
open tasks only, so both inboxes read a handful of index entries at 100 000 cases.
Raw SQL because the table belongs to viewflow; both statements are portable
(SQLite and PostgreSQL) and reversible.
"""

from __future__ import annotations

from django.db import migrations

MINE = (
    "CREATE INDEX IF NOT EXISTS recueil_task_owner_open_idx ON viewflow_task (owner_id) "
    "WHERE status IN ('ASSIGNED', 'STARTED')"
)
POOL = (
    "CREATE INDEX IF NOT EXISTS recueil_task_pool_idx ON viewflow_task (flow_task, process_id) "
    "WHERE status = 'NEW' AND owner_id IS NULL"
)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0002_taskdue"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.RunSQL(MINE, "DROP INDEX IF EXISTS recueil_task_owner_open_idx"),
        migrations.RunSQL(POOL, "DROP INDEX IF EXISTS recueil_task_pool_idx"),
    ]
