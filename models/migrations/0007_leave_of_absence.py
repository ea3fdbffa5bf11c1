from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import LeaveKind
from models.fields import UtcDatetimeField
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_delivery_claims_and_webhook')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Leave',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='leaves', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='SICK: sick\nOFFICIAL: official\nOTHER: other', enum_type=LeaveKind, max_length=8)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField()),
                ('reason', fields.TextField(default='', unique=False)),
                ('extends_period', fields.BooleanField(default=False)),
                ('recorded_by', fields.ForeignKeyField('models.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', on_delete=OnDelete.SET_NULL)),
                ('created_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'leave_of_absence', 'app': 'models', 'indexes': [Index(fields=['case_id', 'starts_on'])], 'pk_attr': 'id', 'table_description': 'Days off the programme, from starts_on to ends_on inclusive.'},
            bases=['Model'],
        ),
    ]
