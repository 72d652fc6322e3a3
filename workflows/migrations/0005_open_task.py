"""Inbox rows of open tasks (``OpenTask``) replace the due-date-only ``TaskDue``.

The rows of tasks already open are filled with one ``INSERT … SELECT`` per human step
(keeping the due dates ``TaskDue`` held), so the migration is one pass of set-based SQL
at any size, on SQLite and PostgreSQL alike.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def backfill(apps: Any, schema_editor: Any) -> None:
    from workflows.flows import CaseFlow
    from workflows.nodes import CaseTask

    steps = [n.name for n in CaseFlow.instance.nodes() if isinstance(n, CaseTask)]
    reference = "workflows/flows.CaseFlow."
    with schema_editor.connection.cursor() as cursor:
        for step in steps:
            cursor.execute(
                "INSERT INTO workflows_opentask "
                "(task_id, case_id, entity_id, step, owner_id, status, created, rule, due_on) "
                "SELECT t.id, cp.case_id, c.entity_id, %s, t.owner_id, t.status, t.created, "
                "COALESCE(d.rule, ''), d.due_on "
                "FROM viewflow_task t "
                "JOIN workflows_caseprocess cp ON cp.process_ptr_id = t.process_id "
                "JOIN cases_case c ON c.id = cp.case_id "
                "LEFT JOIN workflows_taskdue d ON d.task_id = t.id "
                "WHERE t.flow_task = %s AND t.status IN ('NEW', 'ASSIGNED', 'STARTED')",
                [step, reference + step],
            )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_entity_letterhead'),
        ('viewflow', '0015_task_scheduled'),
        ('workflows', '0004_task_inbox_composite_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OpenTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(max_length=50)),
                ('status', models.CharField(max_length=50)),
                ('created', models.DateTimeField()),
                ('rule', models.CharField(blank=True, default='', max_length=40)),
                ('due_on', models.DateField(null=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case')),
                ('entity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.entity')),
                ('owner', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('task', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='open', to='viewflow.task')),
            ],
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='TaskDue',
        ),
        migrations.AddIndex(
            model_name='opentask',
            index=models.Index(fields=['owner', 'due_on', 'created'], name='opentask_owner_due_idx'),
        ),
        migrations.AddIndex(
            model_name='opentask',
            index=models.Index(condition=models.Q(('owner__isnull', True)), fields=['entity', 'step', 'due_on', 'created'], name='opentask_pool_due_idx'),
        ),
    ]
