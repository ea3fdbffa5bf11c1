"""The notification outbox and the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.enums import NotificationStatus
from models.fields import UtcDatetimeField

if TYPE_CHECKING:
    from models.case import Case, PlanStep
    from models.person import Person


class Notification(Model):
    """A message to one person, written with the change that caused it, sent later."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=200, unique=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="notifications", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", null=True, on_delete=fields.CASCADE
    )
    # The step a reminder or an alert is about: checked again when it is sent.
    step: fields.ForeignKeyNullableRelation[PlanStep] = fields.ForeignKeyField(
        "models.PlanStep", null=True, related_name=False, on_delete=fields.SET_NULL
    )
    message = fields.CharField(max_length=100)
    category = fields.CharField(max_length=16, default="notice")
    params: dict[str, Any] = fields.JSONField(default=dict)
    status = fields.CharEnumField(NotificationStatus, default=NotificationStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    not_before = UtcDatetimeField()
    last_error = fields.TextField(default="")
    telegram_message_id = fields.BigIntField(null=True)
    created_at = UtcDatetimeField()
    person_id: int
    case_id: int | None
    step_id: int | None
    sent_at = UtcDatetimeField(null=True)

    class Meta:
        table = "notification"
        indexes = (("status", "not_before"), ("step_id", "person_id"))


class AuditEvent(Model):
    id = fields.IntField(primary_key=True)
    actor: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", null=True, on_delete=fields.SET_NULL
    )
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", null=True, related_name="events", on_delete=fields.CASCADE
    )
    action = fields.CharField(max_length=60)
    details: dict[str, Any] = fields.JSONField(default=dict)
    created_at = UtcDatetimeField(db_index=True)

    class Meta:
        table = "audit_event"
