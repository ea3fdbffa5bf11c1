from tortoise import migrations
from tortoise.migrations import operations as ops
from models.fields import UtcDatetimeField
from models.planned_talk import PlannedTalkStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_forms2')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PlannedTalk',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='planned_talks', on_delete=OnDelete.CASCADE)),
                ('mentor', fields.ForeignKeyField('models.Person', source_field='mentor_id', db_constraint=True, to_field='id', related_name='talks_planned', on_delete=OnDelete.RESTRICT)),
                ('day', fields.DateField()),
                ('starts_at', UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('place', fields.CharField(default='', max_length=200)),
                ('status', fields.CharEnumField(default=PlannedTalkStatus.PLANNED, description='PLANNED: planned\nHELD: held\nCANCELLED: cancelled', enum_type=PlannedTalkStatus, max_length=9)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'planned_talk', 'app': 'models', 'indexes': [Index(fields=['case_id', 'day']), Index(fields=['status', 'day'])], 'pk_attr': 'id', 'table_description': 'When and where a mentor will talk with the cadre: a day, and a time if one was set.'},
            bases=['Model'],
        ),
    ]
