"""Invites: single-use links that bind a Telegram account to a person (and a case)."""

from tortoise import fields
from tortoise.models import Model

from models.case import Case
from models.enums import Role
from models.fields import UtcDatetimeField
from models.person import Person


class Invite(Model):
    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    role = fields.CharEnumField(Role)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="invites", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", null=True, on_delete=fields.CASCADE
    )
    created_at = UtcDatetimeField()
    expires_at = UtcDatetimeField()
    used_at = UtcDatetimeField(null=True)
    case_id: int | None
    person_id: int

    class Meta:
        table = "invite"
