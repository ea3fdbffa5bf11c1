"""A case (one recall of one cadre), its assignments and its plan steps."""

from tortoise import fields
from tortoise.models import Model

from models.enums import (
    CaseStatus,
    Disposition,
    Placement,
    Rank,
    Role,
    StepKind,
    StepStatus,
)
from models.fields import UtcDatetimeField
from models.person import Person


class Unit(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)

    class Meta:
        table = "unit"


class Case(Model):
    id = fields.IntField(primary_key=True)
    cadre: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="cases", on_delete=fields.RESTRICT
    )
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="cases", on_delete=fields.RESTRICT
    )
    position = fields.CharField(max_length=200, default="")
    rank = fields.CharEnumField(Rank, db_index=True)
    principal = fields.BooleanField(default=False)
    reason = fields.CharField(max_length=40, db_index=True)
    category = fields.CharField(max_length=40, db_index=True)
    cohort = fields.CharField(max_length=100, default="", db_index=True)
    recalled_on = fields.DateField()
    period_months = fields.SmallIntField()
    period_end = fields.DateField()
    plan_template = fields.CharField(max_length=40, default="default")
    status = fields.CharEnumField(CaseStatus, default=CaseStatus.ACTIVE, db_index=True)
    placement: Placement | None = fields.CharEnumField(Placement, null=True)  # type: ignore[assignment]
    disposition: Disposition | None = fields.CharEnumField(Disposition, null=True)  # type: ignore[assignment]
    closed_on = fields.DateField(null=True)
    acknowledged_at = UtcDatetimeField(null=True)
    import_key = fields.CharField(max_length=64, null=True, unique=True)
    created_at = UtcDatetimeField()

    cadre_id: int
    unit_id: int
    steps: fields.ReverseRelation["PlanStep"]
    assignments: fields.ReverseRelation["CaseAssignment"]

    class Meta:
        table = "recall_case"
        indexes = (("cadre_id",),)  # a cadre's own case, on each of their updates


class CaseAssignment(Model):
    """A mentor or a supervisor responsible for a case."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="assignments", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="assignments", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role)
    case_id: int
    person_id: int

    class Meta:
        table = "case_assignment"
        unique_together = (("case", "person", "role"),)
        indexes = (("person_id", "role"),)


class PlanStep(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="steps", on_delete=fields.CASCADE
    )
    seq = fields.SmallIntField()
    kind = fields.CharEnumField(StepKind)
    label = fields.CharField(max_length=40, default="")
    anchor = fields.CharField(max_length=8, default="start")
    responsible = fields.CharEnumField(Role)
    due_on = fields.DateField()
    # The day the plan gave when due_on was moved off a day off (SKIP_HOLIDAYS), else None.
    planned_on = fields.DateField(null=True)
    status = fields.CharEnumField(StepStatus, default=StepStatus.PLANNED)
    done_on = fields.DateField(null=True)
    done_at = UtcDatetimeField(null=True)
    note = fields.TextField(default="")
    # A record dated this many days before the due date, or later, fulfils the step.
    window_days = fields.SmallIntField(default=3)
    # Reminder ladder position: the next stage to fire and when (UTC); None when nothing is left.
    reminder_stage = fields.SmallIntField(default=0)
    remind_at = UtcDatetimeField(null=True, db_index=True)
    case_id: int

    class Meta:
        table = "plan_step"
        ordering = ("due_on", "seq")
        indexes = (("case_id", "kind"), ("status", "due_on"))
