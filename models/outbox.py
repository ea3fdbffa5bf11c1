"""The notification outbox and the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.manager import Manager
from tortoise.models import Model
from tortoise.queryset import QuerySet

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
    # Who is sending it now (status "sending"), under which lease epoch, since when.
    claimed_by = fields.CharField(max_length=100, null=True)
    claim_epoch = fields.IntField(null=True)
    claimed_at = UtcDatetimeField(null=True)
    # Messages of a several-part notice already delivered: a retry sends only the rest.
    parts_sent = fields.SmallIntField(default=0)

    class Meta:
        table = "notification"
        indexes = (("status", "not_before"), ("step_id", "person_id"))


class AuditRowsAreFinal(RuntimeError):
    """The audit trail is append-only: rows are added, never changed or deleted."""


class _AppendOnlyQuerySet(QuerySet[Any]):
    def update(self, **kwargs: Any) -> Any:
        raise AuditRowsAreFinal("audit rows cannot be changed")

    def delete(self) -> Any:
        raise AuditRowsAreFinal("audit rows cannot be deleted")

    def select_for_update(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditRowsAreFinal("audit rows cannot be changed")


class _AppendOnly(Manager):
    def get_queryset(self) -> QuerySet[Any]:
        return _AppendOnlyQuerySet(self._model)


# Who did what, when, and what it changed: append-only, here and in the database (0004).
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
    actor_id: int | None
    case_id: int | None

    class Meta:
        table = "audit_event"
        manager = _AppendOnly()

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db:
            raise AuditRowsAreFinal("audit rows cannot be changed")
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise AuditRowsAreFinal("audit rows cannot be deleted")
