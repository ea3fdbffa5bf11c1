"""Which form drafts have been saved, so that a second press of Save creates nothing."""

from tortoise import fields
from tortoise.models import Model

from models.fields import UtcDatetimeField


class SavedDraft(Model):
    """A draft's id (given when its form opened) and the record its Save wrote."""

    key = fields.CharField(max_length=40, primary_key=True)
    form = fields.CharField(max_length=40)
    record = fields.CharField(max_length=60)  # e.g. "talk:12"
    saved_at = UtcDatetimeField()

    class Meta:
        table = "saved_draft"
