from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

# On SQLite, AlterField rebuilds the table without its indexes: 0003, 0004 and 0006 lost
# these ones, which 0001 and 0003 had created (PostgreSQL kept them, so: IF NOT EXISTS, with
# the names the models give them). The models already declare them.
LOST = [
    ('idx_notificatio_status_e0215d', 'notification', '"status", "not_before"'),
    ('idx_notificatio_step_id_dee788', 'notification', '"step_id", "person_id"'),
    ('idx_plan_step_case_id_a31d50', 'plan_step', '"case_id", "kind"'),
    ('idx_plan_step_remind__ca794f', 'plan_step', '"remind_at"'),
    ('idx_plan_step_status_d9a778', 'plan_step', '"status", "due_on"'),
    ('idx_talk_recorde_43b729', 'talk', '"recorded_at"'),
]


class Migration(migrations.Migration):
    dependencies = [('models', '0007_leave_of_absence')]

    initial = False

    operations = [
        *(
            ops.RunSQL(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns})',
                reverse_sql=ops.RunSQL.noop,
            )
            for name, table, columns in LOST
        ),
        # Looked up on the reply path and in digests: a cadre's case, a case's records.
        ops.AddIndex(
            model_name='Assessment',
            index=Index(fields=['case_id']),
        ),
        ops.AddIndex(
            model_name='Attendance',
            index=Index(fields=['case_id']),
        ),
        ops.AddIndex(
            model_name='Case',
            index=Index(fields=['cadre_id']),
        ),
        ops.AddIndex(
            model_name='Reflection',
            index=Index(fields=['case_id']),
        ),
        ops.AddIndex(
            model_name='Reflection',
            index=Index(fields=['step_id']),
        ),
        ops.AddIndex(
            model_name='Talk',
            index=Index(fields=['case_id']),
        ),
        ops.AddIndex(
            model_name='Talk',
            index=Index(fields=['step_id']),
        ),
    ]
