"""The audit trail: every write is recorded (`audit`) and read back (`recallbot audit`): who
did what, when, and what it changed."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from bot.services.dates import DEFAULT_ZONE
from models import AuditEvent, Case, Person


async def audit(
    action: str,
    *,
    now: datetime,
    actor: Person | None = None,
    case: Case | None = None,
    subject: Person | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    **details: Any,
) -> AuditEvent:
    """Record a write: who (actor, or the command line when None), what (action, the person
    and case it concerns), when, and what it changed (before -> after)."""
    if subject is not None:
        details.update(person=subject.id, person_name=subject.name)
    if before is not None:
        details["before"] = before
    if after is not None:
        details["after"] = after
    return await AuditEvent.create(
        action=action, actor=actor, case=case, details=plain(details), created_at=now
    )


def plain(value: Any) -> Any:
    """A JSON value: enums by their value, dates and times in ISO form."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


async def read_events(
    *,
    case_id: int | None = None,
    person: str | None = None,
    since: date | None = None,
    zone: str = DEFAULT_ZONE,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Events oldest first; `person` matches whoever acted or whom the event concerns."""
    events = AuditEvent.all().prefetch_related("actor").order_by("id")
    if case_id is not None:
        events = events.filter(case_id=case_id)
    if since is not None:
        start = datetime.combine(since, time(0), ZoneInfo(zone))
        events = events.filter(created_at__gte=start)
    ids: set[int] = set()
    if person is not None:
        named = await Person.filter(name=person.strip()).values_list("id", flat=True)
        ids = {int(str(pk)) for pk in named}
    found = []
    for event in await events:
        row = describe(event)
        if person is not None and not ({row["actor_id"], row["person_id"]} & ids):
            continue
        found.append(row)
    return found[-limit:] if limit else found


def describe(event: AuditEvent) -> dict[str, Any]:
    details = dict(event.details)
    before, after = details.pop("before", None), details.pop("after", None)
    person_id, person_name = details.pop("person", None), details.pop("person_name", None)
    actor = event.actor
    return {
        "id": event.id,
        "at": event.created_at.isoformat(),
        "action": event.action,
        "actor_id": actor.id if actor else None,
        "actor": actor.name if actor else None,
        "case": event.case_id,
        "person_id": person_id,
        "person": person_name,
        "before": before,
        "after": after,
        "details": details,
    }


def changes(row: dict[str, Any]) -> str:
    """`field: before → after` for every field that an event changed or set."""
    before, after = row["before"] or {}, row["after"] or {}
    parts = []
    for field in dict.fromkeys([*before, *after]):
        old, new = before.get(field), after.get(field)
        parts.append(f"{field}: {_value(old)} → {_value(new)}")
    return "; ".join(parts)


def _value(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_value(v)}" for k, v in value.items()) + "}"
    return str(value)
