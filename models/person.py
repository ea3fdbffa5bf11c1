"""People and their roles."""

from tortoise import fields
from tortoise.models import Model

from models.enums import DigestFrequency, Role
from models.fields import UtcDatetimeField


class Person(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, db_index=True)
    telegram_id = fields.BigIntField(null=True, unique=True)
    locale = fields.CharField(max_length=8, null=True)
    timezone = fields.CharField(max_length=64, null=True)
    reachable = fields.BooleanField(default=True)
    digest = fields.CharEnumField(DigestFrequency, default=DigestFrequency.WEEKLY)
    last_digest_at = UtcDatetimeField(null=True, db_index=True)
    created_at = UtcDatetimeField()

    roles: fields.ReverseRelation["RoleGrant"]

    class Meta:
        table = "person"


class RoleGrant(Model):
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="roles", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, db_index=True)

    class Meta:
        table = "role_grant"
        unique_together = (("person", "role"),)
