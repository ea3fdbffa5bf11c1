"""Files people sent (reflections, voice summaries of talks), kept with the records."""

from tortoise import fields
from tortoise.models import Model

from models.fields import UtcDatetimeField


class StoredFile(Model):
    """A copy of a file sent through Telegram, so that records do not depend on Telegram."""

    id = fields.IntField(primary_key=True)
    telegram_file_id = fields.CharField(max_length=200, unique=True)
    owner = fields.CharField(max_length=60)  # e.g. "reflection-4-v2", "talk-7"
    kind = fields.CharField(max_length=16)
    name = fields.CharField(max_length=200, null=True)
    size = fields.IntField()
    content = fields.BinaryField()
    created_at = UtcDatetimeField()

    class Meta:
        table = "stored_file"
