"""A cadre's leave of absence during a case's period."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.enums import LeaveKind
from models.fields import UtcDatetimeField

if TYPE_CHECKING:
    from models.case import Case
    from models.person import Person


class Leave(Model):
    """Days off the programme, from starts_on to ends_on inclusive."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="leaves", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(LeaveKind)
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    reason = fields.TextField(default="")
    # Whether the period was lengthened by the leave's days (the recorder's choice).
    extends_period = fields.BooleanField(default=False)
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", null=True, on_delete=fields.SET_NULL
    )
    created_at = UtcDatetimeField()
    updated_at = UtcDatetimeField()
    case_id: int

    class Meta:
        table = "leave_of_absence"
        ordering = ("starts_on", "id")
        indexes = (("case_id", "starts_on"),)
