from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import StepStatus, TalkConfirmation
from models.fields import UtcDatetimeField
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_notice_steps')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Assessment',
            name='entered_late',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Attendance',
            name='done_late',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Attendance',
            name='entered_late',
            field=fields.BooleanField(default=False),
        ),
        ops.AlterField(
            model_name='PlanStep',
            name='status',
            field=fields.CharEnumField(default=StepStatus.PLANNED, description='PLANNED: planned\nDUE: due\nOVERDUE: overdue\nDONE: done\nDONE_LATE: done_late\nWAIVED: waived\nREVISION: revision\nDISPUTED: disputed', enum_type=StepStatus, max_length=9),
        ),
        ops.AddField(
            model_name='PlanStep',
            name='planned_on',
            field=fields.DateField(null=True),
        ),
        ops.AlterField(
            model_name='Talk',
            name='confirmation',
            field=fields.CharEnumField(default=TalkConfirmation.PENDING, description='PENDING: pending\nCONFIRMED: confirmed\nDISPUTED: disputed\nSETTLED: settled', enum_type=TalkConfirmation, max_length=9),
        ),
        ops.AddField(
            model_name='Talk',
            name='entered_late',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Talk',
            name='settled_at',
            field=UtcDatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Talk',
            name='settlement',
            field=fields.TextField(default='', unique=False),
        ),
    ]
