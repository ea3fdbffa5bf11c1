"""Who is the active instance when several run on one database."""

from tortoise import fields
from tortoise.models import Model

from models.fields import UtcDatetimeField


class Lease(Model):
    name = fields.CharField(max_length=40, primary_key=True)
    holder = fields.CharField(max_length=100)
    expires_at = UtcDatetimeField()
    # Grows by one at every change of holder: work claimed under an older epoch is stale.
    epoch = fields.IntField(default=0)

    class Meta:
        table = "lease"
