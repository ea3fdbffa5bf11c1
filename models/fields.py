"""Field types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise import fields


class UtcDatetimeField(fields.DatetimeField):
    """Stores every datetime in UTC.

    SQLite compares stored datetimes as text, so a value saved as 09:00+08:00 would sort
    after 02:00+00:00; one offset everywhere keeps comparisons and indexes right.
    """

    def to_db_value(self, value: Any, instance: Any) -> Any:
        value = super().to_db_value(value, instance)
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value
