"""Read-only views for supervisors and admins: overdue steps, case search, a case's timeline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from bot.services import access, policy, readiness
from bot.services.cases import Progress, progress
from bot.services.errors import DomainError
from bot.services.leaves import leaves_of
from bot.services.people import hash_token
from bot.services.standing import SessionMark, sessions_of, unsettled
from models import (
    Assessment,
    Attendance,
    AuditEvent,
    Case,
    CaseAssignment,
    Invite,
    Leave,
    Person,
    PlanStep,
    Reflection,
    ReflectionVersion,
    Talk,
)
from models.enums import OPEN_STEP_STATUSES, CaseStatus, Role, StepKind, StepStatus

OVERSIGHT_ROLES = tuple(policy.roles("overdue"))
CASE_VIEW_ROLES = tuple(policy.roles("case"))
SEARCH_LIMIT = 50


def scope(person: Person, roles: set[Role] | frozenset[Role], *allowed: Role) -> QuerySet[Case]:
    """The cases a person may see through the allowed roles only (a cadre's own case is not
    in a supervisor's scope just because the supervisor is also a cadre)."""
    return access.visible_cases(person, set(roles).intersection(allowed))


async def case_ids(person: Person, roles: set[Role] | frozenset[Role], *allowed: Role) -> set[int]:
    rows = await scope(person, roles, *(allowed or OVERSIGHT_ROLES)).values("id")
    return {int(row["id"]) for row in rows}


async def team(case_ids: list[int]) -> dict[int, dict[Role, list[str]]]:
    """The mentors' and supervisors' names of each case."""
    names: dict[int, dict[Role, list[str]]] = {case_id: {} for case_id in case_ids}
    rows = await CaseAssignment.filter(case_id__in=case_ids).prefetch_related("person")
    for row in sorted(rows, key=lambda r: r.id):
        names[row.case_id].setdefault(Role(row.role), []).append(row.person.name)
    return names


# Overdue steps ---------------------------------------------------------------------------


@dataclass
class OverdueStep:
    step: PlanStep
    days: int
    responsible: list[str]


@dataclass
class OverdueCase:
    case: Case
    steps: list[OverdueStep] = field(default_factory=list)


async def overdue(
    person: Person, roles: set[Role] | frozenset[Role], today: date
) -> list[OverdueCase]:
    """Unfinished steps due before today in the person's scope, grouped by case."""
    cases = scope(person, roles, *OVERSIGHT_ROLES).filter(status=CaseStatus.ACTIVE)
    steps = (
        await PlanStep.filter(
            case_id__in=Subquery(cases.values("id")),
            status__in=OPEN_STEP_STATUSES,
            due_on__lt=today,
        )
        .prefetch_related("case__cadre", "case__unit")
        .order_by("case_id", "due_on", "seq")
    )
    people = await team(sorted({s.case_id for s in steps}))
    grouped: dict[int, OverdueCase] = {}
    for step in steps:
        case = step.case
        responsible = (
            [case.cadre.name]
            if step.responsible == Role.CADRE
            else people[case.id].get(Role(step.responsible), [])
        )
        entry = grouped.setdefault(case.id, OverdueCase(case))
        entry.steps.append(OverdueStep(step, (today - step.due_on).days, responsible))
    return sorted(grouped.values(), key=lambda g: (-max(s.days for s in g.steps), g.case.id))


# Finding cases -------------------------------------------------------------------------


async def find_cases(
    person: Person,
    roles: set[Role] | frozenset[Role],
    query: str,
    *allowed: Role,
    active_only: bool = False,
) -> list[Case]:
    """Cases in scope whose number is `query` (with or without "#") or whose cadre's name
    contains it."""
    cases = scope(person, roles, *(allowed or OVERSIGHT_ROLES))
    if active_only:
        cases = cases.filter(status=CaseStatus.ACTIVE)
    # NUL cannot be in a PostgreSQL text, nor in a name: a query holding one finds nothing else.
    query = query.replace("\x00", "").strip().removeprefix("#").strip()
    if not query:
        cases = cases.all()
    elif query.isascii() and query.isdigit() and len(query) <= 9:
        cases = cases.filter(id=int(query))
    else:
        cases = cases.filter(cadre__name__icontains=query)
    return await cases.prefetch_related("cadre", "unit").order_by("id").limit(SEARCH_LIMIT)


async def case_in_scope(
    person: Person, roles: set[Role] | frozenset[Role], case_id: int, *allowed: Role
) -> Case:
    """One case the person may see through the allowed roles, with cadre and unit."""
    case = (
        await scope(person, roles, *(allowed or OVERSIGHT_ROLES))
        .filter(id=case_id)
        .prefetch_related("cadre", "unit")
        .first()
    )
    if case is None:
        raise DomainError("error-case-not-found")
    return case


async def active_case_in_scope(
    person: Person, roles: set[Role] | frozenset[Role], case_id: int, *allowed: Role
) -> Case:
    case = await case_in_scope(person, roles, case_id, *allowed)
    if case.status != CaseStatus.ACTIVE:
        raise DomainError("error-case-closed")
    return case


async def active_cases(cohort: str | None = None) -> list[Case]:
    """Every active case (an admin's roster choices), optionally of one cohort."""
    cases = Case.filter(status=CaseStatus.ACTIVE)
    if cohort is not None:
        cases = cases.filter(cohort=cohort)
    return await cases.prefetch_related("cadre", "unit").order_by("id")


async def active_cohorts() -> list[str]:
    """Cohort labels that have active cases."""
    labels = (
        await Case.filter(status=CaseStatus.ACTIVE)
        .exclude(cohort="")
        .values_list("cohort", flat=True)
    )
    return sorted({str(label) for label in labels})


# Steps ---------------------------------------------------------------------------------


async def open_steps(case: Case) -> list[PlanStep]:
    return await PlanStep.filter(case=case, status__in=OPEN_STEP_STATUSES).order_by(
        "due_on", "seq"
    )


async def open_step_of(case: Case, step_id: int) -> PlanStep:
    """An unfinished step of this case (a step of another case is not found)."""
    step = await PlanStep.get_or_none(id=step_id, case=case)
    if step is None:
        raise DomainError("error-step-not-found")
    if step.status not in OPEN_STEP_STATUSES:
        raise DomainError("error-step-not-open")
    return step


async def due_dates(case_id: int) -> dict[int, date]:
    """Every step's due date (to show what an extension moved)."""
    rows = await PlanStep.filter(case_id=case_id).values_list("id", "due_on")
    return {int(step_id): due for step_id, due in rows}


@dataclass
class StepChange:
    step: PlanStep
    old: date | None  # None: the step was added


async def changed_steps(case_id: int, before: dict[int, date]) -> list[StepChange]:
    steps = await PlanStep.filter(case_id=case_id).order_by("due_on", "seq")
    return [
        StepChange(step, before.get(step.id))
        for step in steps
        if before.get(step.id) != step.due_on
    ]


@dataclass
class PlanLine:
    kind: StepKind
    label: str
    count: int
    first_due: date


async def plan_summary(case: Case) -> list[PlanLine]:
    """The plan as one line per kind of step: how many, and the first due date."""
    steps = await PlanStep.filter(case=case).order_by("due_on", "seq")
    counts = Counter((s.kind, s.label) for s in steps)
    lines: dict[tuple[str, str], PlanLine] = {}
    for s in steps:
        key = (s.kind, s.label)
        if key not in lines:
            lines[key] = PlanLine(StepKind(s.kind), s.label, counts[key], s.due_on)
    return list(lines.values())


# One case's whole story ----------------------------------------------------------------


@dataclass
class ReflectionLine:
    reflection: Reflection
    versions: int


@dataclass
class CaseTimeline:
    case: Case
    mentors: list[str]
    supervisors: list[str]
    progress: Progress
    steps: list[PlanStep]
    talks: list[Talk]
    reflections: list[ReflectionLine]
    attendance: list[Attendance]
    assessments: list[Assessment]
    events: list[AuditEvent]
    readiness: readiness.Readiness
    leaves: list[Leave]
    # Steps whose record does not stand (revision, disputed), and steps done by a session.
    standing: dict[int, StepStatus] = field(default_factory=dict)
    sessions: dict[int, SessionMark] = field(default_factory=dict)


async def timeline(case: Case, today: date, zone: str) -> CaseTimeline:
    """Everything recorded for a case, each part in date order (moments dated in `zone`)."""
    people = (await team([case.id]))[case.id]
    reflections = await Reflection.filter(case=case).order_by("created_at")
    ids = await ReflectionVersion.filter(reflection__case=case).values_list(
        "reflection_id", flat=True
    )
    versions: Counter[int] = Counter(ids)  # type: ignore[arg-type]
    steps = await PlanStep.filter(case=case).order_by("due_on", "seq")
    return CaseTimeline(
        case=case,
        mentors=people.get(Role.MENTOR, []),
        supervisors=people.get(Role.SUPERVISOR, []),
        progress=await progress(case, today),
        steps=steps,
        talks=await Talk.filter(case=case).prefetch_related("mentor").order_by("held_on", "id"),
        reflections=[ReflectionLine(r, versions[r.id]) for r in reflections],
        attendance=await Attendance.filter(case=case)
        .prefetch_related("session")
        .order_by("session__starts_at"),
        assessments=await Assessment.filter(case=case)
        .prefetch_related("assessor")
        .order_by("assessed_on"),
        events=await AuditEvent.filter(case=case).prefetch_related("actor").order_by("id"),
        standing=await unsettled(s.id for s in steps),
        sessions=await sessions_of(s.id for s in steps),
        readiness=await readiness.summary(case, today, zone),
        leaves=await leaves_of(case.id),
    )


# Invites -------------------------------------------------------------------------------


async def invite_expiry(token: str) -> datetime:
    invite = await Invite.get(token_hash=hash_token(token))
    return invite.expires_at


async def cadre_cases_named(name: str) -> list[Case]:
    """Cases whose cadre has this exact name (to tell namesakes apart when inviting)."""
    return (
        await Case.filter(cadre__name=name.strip())
        .prefetch_related("cadre", "unit")
        .order_by("-id")
        .limit(SEARCH_LIMIT)
    )


async def case_people(case: Case) -> list[tuple[Role, Person]]:
    """The cadre, then the mentors and supervisors of a case (whom to invite)."""
    cadre = await Person.get(id=case.cadre_id)
    rows = await CaseAssignment.filter(case=case).prefetch_related("person").order_by("id")
    return [(Role.CADRE, cadre)] + [(Role(row.role), row.person) for row in rows]
