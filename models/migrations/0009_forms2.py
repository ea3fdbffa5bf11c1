from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from models.fields import UtcDatetimeField


class Migration(migrations.Migration):
    dependencies = [('models', '0008_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SavedDraft',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('form', fields.CharField(max_length=40)),
                ('record', fields.CharField(max_length=60)),
                ('saved_at', UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'saved_draft', 'app': 'models', 'pk_attr': 'key', 'table_description': 'A draft\'s id (given when its form opened) and the record its Save wrote.'},
            bases=['Model'],
        ),
    ]
