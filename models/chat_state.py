"""Chat-side state kept in the database: form progress and seen updates."""

from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.fields import UtcDatetimeField


class ConversationState(Model):
    """One conversation's state for one chat/user key (python-telegram-bot persistence)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=60)
    key = fields.CharField(max_length=100)
    state: dict[str, Any] = fields.JSONField(null=True)

    class Meta:
        table = "conversation_state"
        unique_together = (("name", "key"),)


class StoredData(Model):
    """Per-user/chat/bot dictionaries of the persistence interface (form drafts)."""

    id = fields.IntField(primary_key=True)
    scope = fields.CharField(max_length=10)
    key = fields.CharField(max_length=40)
    data: dict[str, Any] = fields.JSONField(default=dict)

    class Meta:
        table = "stored_data"
        unique_together = (("scope", "key"),)


class ProcessedUpdate(Model):
    update_id = fields.BigIntField(primary_key=True)
    received_at = UtcDatetimeField()

    class Meta:
        table = "processed_update"


class IncomingUpdate(Model):
    """An update Telegram posted to the webhook, stored before it is answered."""

    update_id = fields.BigIntField(primary_key=True)
    payload: dict[str, Any] = fields.JSONField()
    received_at = UtcDatetimeField()
    received_by = fields.CharField(max_length=100)
    handled_at = UtcDatetimeField(null=True, db_index=True)
    handled_by = fields.CharField(max_length=100, null=True)

    class Meta:
        table = "incoming_update"
