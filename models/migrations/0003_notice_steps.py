from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import NotificationStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_step_windows')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Notification',
            name='status',
            field=fields.CharEnumField(default=NotificationStatus.PENDING, description='PENDING: pending\nSENT: sent\nFAILED: failed\nUNCERTAIN: uncertain\nPAUSED: paused\nDROPPED: dropped', enum_type=NotificationStatus, max_length=9),
        ),
        ops.AddField(
            model_name='Notification',
            name='category',
            field=fields.CharField(default='notice', max_length=16),
        ),
        ops.AddField(
            model_name='Notification',
            name='step',
            field=fields.ForeignKeyField('models.PlanStep', source_field='step_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
        ops.AddIndex(
            model_name='Notification',
            index=Index(fields=['step_id', 'person_id']),
        ),
        # Rows queued before the catalogue: their category from their message id.
        ops.RunSQL("UPDATE notification SET category = 'reminder' WHERE message LIKE 'reminder-%'"),
        ops.RunSQL("UPDATE notification SET category = 'alert' WHERE message LIKE 'alert-%'"),
        ops.RunSQL("UPDATE notification SET category = 'digest' WHERE message = 'digest'"),
    ]
