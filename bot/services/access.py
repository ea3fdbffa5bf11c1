"""Who may see what: every case query is scoped here."""

from __future__ import annotations

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from bot.services.errors import DomainError
from models import Case, CaseAssignment, Person, RoleGrant
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
