"""Who may see what: every case query is scoped here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from bot.services.errors import DomainError
from models import Case, CaseAssignment, Notification, Person, RoleGrant
from models.enums import Role


async def roles_of(person: Person) -> set[Role]:
    granted = await RoleGrant.filter(person=person).values_list("role", flat=True)
    return {Role(str(role)) for role in granted}


async def require_role(person: Person, *allowed: Role) -> set[Role]:
    roles = await roles_of(person)
    if not roles.intersection(allowed):
        raise DomainError("error-not-allowed")
    return roles


def visible_cases(person: Person, roles: set[Role]) -> QuerySet[Case]:
    """Cases this person may see, given their roles."""
    if Role.ADMIN in roles:
        return Case.all()
    scopes = []
    if Role.CADRE in roles:
        scopes.append(Q(cadre_id=person.id))
    assigned_roles = [r for r in (Role.MENTOR, Role.SUPERVISOR) if r in roles]
    if assigned_roles:
        ids = CaseAssignment.filter(person_id=person.id, role__in=assigned_roles)
        scopes.append(Q(id__in=Subquery(ids.values("case_id"))))
    if not scopes:
        return Case.filter(id__in=[])
    return Case.filter(Q(*scopes, join_type="OR"))


async def case_for(person: Person, case_id: int, *allowed: Role) -> Case:
    """A case the person may act on with one of the allowed roles, or a domain error."""
    roles = await roles_of(person)
    usable = roles.intersection(allowed) if allowed else roles
    if not usable:
        raise DomainError("error-not-allowed")
    case = await visible_cases(person, usable).filter(id=case_id).first()
    if case is None:
        raise DomainError("error-case-not-found")
    return case


async def assigned(case: Case, role: Role) -> list[Person]:
    return await Person.filter(assignments__case=case, assignments__role=role).distinct()


def _case_ids(values: Iterable[object]) -> set[int]:
    return {int(str(v)) for v in values if isinstance(v, int | str) and str(v).isdigit()}


async def visible_params(
    n: Notification, shown: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The notice's params as the recipient may still see them, checked at send time.

    None when the notice is about a case the recipient may no longer see (a supervisor or
    mentor taken off it, a role revoked since it was queued). Lists of case rows (a digest's
    sections) keep only the recipient's cases; a digest left with none is withheld too.
    `shown`: the params as about to be rendered (default: as stored)."""
    params: dict[str, Any] = dict(n.params if shown is None else shown)
    lists = {
        name: rows
        for name, rows in params.items()
        if isinstance(rows, list)
        and rows
        and all(isinstance(row, dict) and "case_id" in row for row in rows)
    }
    about = _case_ids([n.case_id, params.get("case_id")])
    ids = about | _case_ids(row["case_id"] for rows in lists.values() for row in rows)
    if not ids:
        return params
    roles = await roles_of(n.person)
    if Role.ADMIN in roles:
        return params
    existing = _case_ids(await Case.filter(id__in=ids).values_list("id", flat=True))
    visible = _case_ids(
        await visible_cases(n.person, roles).filter(id__in=ids).values_list("id", flat=True)
    )
    hidden = existing - visible
    if about & hidden:
        return None
    for name, rows in lists.items():
        params[name] = [row for row in rows if not _case_ids([row["case_id"]]) & hidden]
    if lists and not any(params[name] for name in lists):
        return None
    return params
