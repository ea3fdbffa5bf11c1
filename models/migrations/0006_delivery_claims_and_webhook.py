from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.enums import NotificationStatus
from models.fields import UtcDatetimeField
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_audit_append_only')]

    initial = False

    operations = [
        ops.CreateModel(
            name='IncomingUpdate',
            fields=[
                ('update_id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('payload', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('received_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('received_by', fields.CharField(max_length=100)),
                ('handled_at', UtcDatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('handled_by', fields.CharField(null=True, max_length=100)),
            ],
            options={'table': 'incoming_update', 'app': 'models', 'pk_attr': 'update_id', 'table_description': 'An update Telegram posted to the webhook, stored before it is answered.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Lease',
            name='epoch',
            field=fields.IntField(default=0),
        ),
        ops.AlterField(
            model_name='Notification',
            name='status',
            field=fields.CharEnumField(default=NotificationStatus.PENDING, description='PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed\nUNCERTAIN: uncertain\nPAUSED: paused\nDROPPED: dropped', enum_type=NotificationStatus, max_length=9),
        ),
        ops.AddField(
            model_name='Notification',
            name='claim_epoch',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Notification',
            name='claimed_at',
            field=UtcDatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Notification',
            name='claimed_by',
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddField(
            model_name='Notification',
            name='parts_sent',
            field=fields.SmallIntField(default=0),
        ),
    ]
