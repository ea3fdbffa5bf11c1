"""A heart-to-heart talk a mentor has arranged with a cadre (branch plantalk3)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.fields import UtcDatetimeField

if TYPE_CHECKING:
    from models.case import Case
    from models.person import Person


class PlannedTalkStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"  # a talk was recorded on or after its day
    CANCELLED = "cancelled"


class PlannedTalk(Model):
    """When and where a mentor will talk with the cadre: a day, and a time if one was set."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="planned_talks", on_delete=fields.CASCADE
    )
    mentor: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="talks_planned", on_delete=fields.RESTRICT
    )
    day = fields.DateField()  # in the mentor's zone
    starts_at = UtcDatetimeField(null=True)  # the moment, when a time was given
    place = fields.CharField(max_length=200, default="")
    status = fields.CharEnumField(PlannedTalkStatus, default=PlannedTalkStatus.PLANNED)
    created_at = UtcDatetimeField()
    updated_at = UtcDatetimeField()
    case_id: int
    mentor_id: int

    class Meta:
        table = "planned_talk"
        ordering = ("day", "id")
        indexes = (("case_id", "day"), ("status", "day"))
