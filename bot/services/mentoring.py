"""Read-only views for the cadre's and the mentor's flows: plans, cases, reflections, sessions.

Every query is scoped through bot.services.access; writes stay in CaseService and
ActivityService.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from bot.services import access, planned_talks, policy, standing
from bot.services.activities import CHECKIN_WINDOW
from bot.services.audit import audit
from bot.services.cases import Progress
from bot.services.dates import local_date
from bot.services.errors import DomainError
from bot.services.leaves import leaves_of
from bot.services.notices import notify
from bot.services.plans import lead_days, load_template
from bot.services.texts import clean_text
from models import (
    Attendance,
    Case,
    CaseAssignment,
    Leave,
    Person,
    PlannedTalk,
    PlanStep,
    Reflection,
    ReflectionReview,
    ReflectionVersion,
    Talk,
    TrainingSession,
)
from models.enums import (
    OPEN_STEP_STATUSES,
    AttendanceStatus,
    CaseStatus,
    ReflectionStatus,
    Role,
    StepKind,
    StepStatus,
    TalkConfirmation,
)

# An open step inside its reminder window is shown as "due" even before the scheduler says so.
DUE_SOON_DAYS = lead_days(load_template().ladder)
RECENT_SESSIONS = timedelta(days=60)
MAX_SESSIONS = 10


def shown_status(status: StepStatus, due_on: date, today: date) -> StepStatus:
    """What a step's status is today (the stored one may wait for the next tick)."""
    if status not in OPEN_STEP_STATUSES:
        return status
    if due_on < today:
        return StepStatus.OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS:
        return StepStatus.DUE
    return StepStatus.PLANNED


# Cadre: the plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StepLine:
    id: int
    kind: StepKind
    label: str
    due_on: date
    status: StepStatus
    done_on: date | None
    planned_on: date | None = None  # the planned day, when due_on was moved off a day off
    session: standing.SessionMark | None = None  # the session whose attendance fulfilled it
    responsible: Role = Role.CADRE  # who must do it (a mentor's talk is not the cadre's task)


@dataclass(frozen=True)
class ExtraRecord:
    """A record kept on the case that fulfils no plan step (no step of its kind was open)."""

    kind: StepKind
    on: date | datetime  # a moment is shown in the reader's zone


@dataclass(frozen=True)
class PlanView:
    case: Case
    steps: list[StepLine]
    progress: Progress
    leaves: list[Leave] = field(default_factory=list)
    extra: list[ExtraRecord] = field(default_factory=list)
    team: dict[Role, list[str]] = field(default_factory=dict)  # mentors', supervisors' names
    next_talk: PlannedTalk | None = None  # plantalk3: the next talk the mentor arranged


async def active_case_of(cadre: Person) -> Case | None:
    return (
        await Case.filter(cadre=cadre, status=CaseStatus.ACTIVE)
        .order_by("-id")
        .prefetch_related("unit")
        .first()
    )


async def latest_case_of(cadre: Person) -> Case | None:
    """The cadre's active management, or else the last one concluded (it stays viewable)."""
    return await active_case_of(cadre) or (
        await Case.filter(cadre=cadre).order_by("-id").prefetch_related("unit").first()
    )


async def plan_of(cadre: Person, today: date, *, concluded: bool = False) -> PlanView | None:
    """The cadre's active plan (or, with `concluded`, the last concluded one when none is
    active), steps in due order, with today's statuses."""
    case = await (latest_case_of(cadre) if concluded else active_case_of(cadre))
    if case is None:
        return None
    rows = await case.steps.all().order_by("due_on", "seq")
    marks = await standing.unsettled(s.id for s in rows)
    sessions = await standing.sessions_of(s.id for s in rows)
    steps = [
        StepLine(
            s.id,
            StepKind(s.kind),
            s.label,
            s.due_on,
            standing.shown(shown_status(StepStatus(s.status), s.due_on, today), marks.get(s.id)),
            s.done_on,
            s.planned_on,
            sessions.get(s.id),
            Role(s.responsible),
        )
        for s in rows
    ]
    progress = Progress.of(((s.status, s.due_on) for s in steps), today)
    team: dict[Role, list[str]] = {}
    for row in await CaseAssignment.filter(case=case).prefetch_related("person").order_by("id"):
        team.setdefault(Role(row.role), []).append(row.person.name)
    return PlanView(
        case,
        steps,
        progress,
        await leaves_of(case.id),
        await extra_records(case),
        team,
        await planned_talks.next_planned(case.id, today),
    )


async def extra_records(case: Case) -> list[ExtraRecord]:
    """The case's records that fulfil no step: kept and shown, in the order they happened."""
    found: list[tuple[datetime | date, ExtraRecord]] = []
    for reflection in await Reflection.filter(case=case, step_id=None):
        found.append(
            (reflection.created_at, ExtraRecord(StepKind.REFLECTION, reflection.created_at))
        )
    for talk in await Talk.filter(case=case, step_id=None):
        found.append((talk.held_on, ExtraRecord(StepKind.TALK, talk.held_on)))
    attended = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    for line in await Attendance.filter(
        case=case, step_id=None, status__in=attended
    ).select_related("session"):
        kind = StepKind(line.session.kind.value)
        found.append((line.session.starts_at, ExtraRecord(kind, line.session.starts_at)))

    def moment(item: tuple[datetime | date, ExtraRecord]) -> datetime:
        at = item[0]
        return at if isinstance(at, datetime) else datetime.combine(at, datetime.min.time(), UTC)

    return [record for _, record in sorted(found, key=moment)]


# Mentors and others: cases in scope --------------------------------------------------------


@dataclass(frozen=True)
class CaseLine:
    id: int
    cadre: str
    unit: str
    period_end: date
    acknowledged: bool
    progress: Progress


async def usable_roles(person: Person, allowed: Iterable[Role]) -> set[Role]:
    return (await access.roles_of(person)).intersection(allowed)


async def cases_in_scope(
    person: Person, allowed: Iterable[Role], today: date, *, active_only: bool = True
) -> list[CaseLine]:
    """The cases this person may act on with one of the allowed roles, with their progress."""
    roles = await usable_roles(person, allowed)
    query = access.visible_cases(person, roles)
    if active_only:
        query = query.filter(status=CaseStatus.ACTIVE)
    cases = await query.order_by("id").prefetch_related("cadre", "unit")
    steps: dict[int, list[tuple[StepStatus, date]]] = {c.id: [] for c in cases}
    rows = await PlanStep.filter(case_id__in=list(steps)).values_list(
        "id", "case_id", "status", "due_on"
    )
    marks = await standing.unsettled(row[0] for row in rows)
    for step_id, case_id, status, due_on in rows:
        steps[case_id].append((standing.shown(status, marks.get(step_id)), due_on))
    return [
        CaseLine(
            c.id,
            c.cadre.name,
            c.unit.name,
            c.period_end,
            c.acknowledged_at is not None,
            Progress.of(steps[c.id], today),
        )
        for c in cases
    ]


# Talks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TalkView:
    id: int
    held_on: date
    mentor: str
    place: str
    summary: str
    cadre: str = ""


async def talk_to_answer(cadre: Person, talk_id: int) -> TalkView:
    """A talk about this cadre that still waits for their answer."""
    talk = await Talk.get_or_none(id=talk_id).prefetch_related("case", "mentor")
    if talk is None or talk.case.cadre_id != cadre.id:
        raise DomainError("error-case-not-found")
    if talk.confirmation != TalkConfirmation.PENDING:
        raise DomainError("error-talk-already-answered")
    return TalkView(talk.id, talk.held_on, talk.mentor.name, talk.place, talk.summary)


async def talk_to_settle(person: Person, allowed: Iterable[Role], talk_id: int) -> TalkView:
    """A disputed talk of a case in this person's scope, waiting to be settled."""
    talk = await Talk.get_or_none(id=talk_id).prefetch_related("case__cadre", "mentor")
    if talk is None:
        raise DomainError("error-case-not-found")
    await access.case_for(person, talk.case_id, *allowed)
    if talk.confirmation != TalkConfirmation.DISPUTED:
        raise DomainError("error-talk-not-disputed")
    return TalkView(
        talk.id, talk.held_on, talk.mentor.name, talk.place, talk.summary, talk.case.cadre.name
    )


# Reflections --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionView:
    id: int
    cadre: str
    status: ReflectionStatus
    version: ReflectionVersion
    comment: str  # the last reviewer's comment, if any


async def _view(reflection: Reflection) -> ReflectionView:
    version = await ReflectionVersion.filter(reflection=reflection).order_by("-number").first()
    assert version is not None, "a reflection always has a first version"
    review = (
        await ReflectionReview.filter(reflection=reflection).order_by("-created_at", "-id").first()
    )
    return ReflectionView(
        reflection.id,
        reflection.case.cadre.name,
        ReflectionStatus(reflection.status),
        version,
        review.comment if review is not None else "",
    )


async def awaiting_revision(cadre: Person) -> list[ReflectionView]:
    reflections = await Reflection.filter(
        case__cadre=cadre, status=ReflectionStatus.REVISION_REQUESTED
    ).prefetch_related("case__cadre")
    return [await _view(r) for r in sorted(reflections, key=lambda r: r.id)]


async def revision_request(cadre: Person, reflection_id: int) -> ReflectionView:
    """The cadre's reflection that a reviewer sent back for changes."""
    reflection = await Reflection.get_or_none(id=reflection_id).prefetch_related("case__cadre")
    if reflection is None or reflection.case.cadre_id != cadre.id:
        raise DomainError("error-case-not-found")
    if reflection.status != ReflectionStatus.REVISION_REQUESTED:
        raise DomainError("error-reflection-not-awaiting-revision")
    return await _view(reflection)


async def pending_reviews(person: Person, allowed: Iterable[Role]) -> list[ReflectionView]:
    """Submitted reflections of the cases this person may review, oldest first."""
    roles = await usable_roles(person, allowed)
    scope = access.visible_cases(person, roles).values("id")
    reflections = await Reflection.filter(
        status=ReflectionStatus.SUBMITTED, case_id__in=Subquery(scope)
    ).prefetch_related("case__cadre")
    return [await _view(r) for r in sorted(reflections, key=lambda r: (r.updated_at, r.id))]


async def reflection_to_review(
    person: Person, allowed: Iterable[Role], reflection_id: int
) -> ReflectionView:
    reflection = await Reflection.get_or_none(id=reflection_id)
    if reflection is None:
        raise DomainError("error-case-not-found")
    await access.case_for(person, reflection.case_id, *allowed)
    await reflection.fetch_related("case__cadre")
    if reflection.status != ReflectionStatus.SUBMITTED:
        raise DomainError("error-reflection-not-awaiting-review")
    return await _view(reflection)


# Sessions and attendance --------------------------------------------------------------------


@dataclass(frozen=True)
class RosterLine:
    case_id: int
    cadre: str
    status: AttendanceStatus | None
    checked_in_at: datetime | None


def _sessions_query(person: Person, roles: set[Role]) -> Q:
    """Sessions an admin sees all of; a mentor those with one of their cases on the roster."""
    if Role.ADMIN in roles:
        return Q()
    scope = access.visible_cases(person, roles & {Role.MENTOR}).values("id")
    return Q(roster__case_id__in=Subquery(scope)) | Q(created_by_id=person.id)


async def _sessions(person: Person, allowed: Iterable[Role], where: Q) -> list[TrainingSession]:
    roles = await usable_roles(person, allowed)
    if not roles:
        return []
    found = await TrainingSession.filter(_sessions_query(person, roles), where).distinct()
    return list({s.id: s for s in found}.values())


async def sessions_to_mark(
    person: Person, allowed: Iterable[Role], now: datetime
) -> list[TrainingSession]:
    """Sessions that have started (in the last two months), newest first."""
    found = await _sessions(
        person, allowed, Q(starts_at__lte=now, starts_at__gte=now - RECENT_SESSIONS)
    )
    return sorted(found, key=lambda s: (s.starts_at, s.id), reverse=True)[:MAX_SESSIONS]


async def sessions_for_checkin(
    person: Person, allowed: Iterable[Role], now: datetime
) -> list[TrainingSession]:
    """Sessions running now or still to come, soonest first."""
    found = await _sessions(person, allowed, Q(ends_at__gte=now))
    return sorted(found, key=lambda s: (s.starts_at, s.id))[:MAX_SESSIONS]


async def sessions_for_checkin_until(
    person: Person, allowed: Iterable[Role], now: datetime, until: datetime
) -> list[TrainingSession]:
    """Sessions running now or starting before `until` (the end of the reader's today),
    soonest first: the ones whose code is shown today, not months ahead."""
    found = await _sessions(person, allowed, Q(ends_at__gte=now, starts_at__lt=until))
    return sorted(found, key=lambda s: (s.starts_at, s.id))[:MAX_SESSIONS]


async def next_session(
    person: Person, allowed: Iterable[Role], after: datetime
) -> TrainingSession | None:
    """The first session starting at or after `after` (to say when the next one is)."""
    found = await _sessions(person, allowed, Q(starts_at__gte=after))
    return min(found, key=lambda s: (s.starts_at, s.id), default=None)


async def session_for(person: Person, allowed: Iterable[Role], session_id: int) -> TrainingSession:
    found = await _sessions(person, allowed, Q(id=session_id))
    if not found:
        raise DomainError("error-session-not-found")
    return found[0]


async def roster_for(person: Person, allowed: Iterable[Role], session_id: int) -> list[RosterLine]:
    """The session's roster lines that this person may mark (a mentor: their own cases)."""
    await session_for(person, allowed, session_id)
    roles = await usable_roles(person, allowed)
    scope = access.visible_cases(person, roles).values("id")
    lines = await Attendance.filter(
        session_id=session_id, case_id__in=Subquery(scope)
    ).prefetch_related("case__cadre")
    return [
        RosterLine(
            a.case_id,
            a.case.cadre.name,
            AttendanceStatus(a.status) if a.status else None,
            a.checked_in_at,
        )
        for a in sorted(lines, key=lambda a: (a.case.cadre.name, a.case_id))
    ]


def code_valid_until(moment: datetime) -> datetime:
    """When a check-in code shown at `moment` stops working (its window and the next)."""
    window = CHECKIN_WINDOW.total_seconds()
    start = int(moment.timestamp() // window) * window
    return datetime.fromtimestamp(start, moment.tzinfo) + 2 * CHECKIN_WINDOW


# What waits for someone (branch views2) ------------------------------------------------------
# Everything a person must still answer, wherever its notice went: /start's home card and
# /plan list these with their buttons, so a notice whose buttons are gone is no dead end.


class Waiting(StrEnum):
    ACKNOWLEDGE = "acknowledge"  # the cadre: acknowledge the plan (ref: the case)
    CONFIRM_TALK = "confirm-talk"  # the cadre: confirm or dispute a talk record (ref: talk)
    REVISE = "revise"  # the cadre: revise a reflection sent back (ref: the reflection)
    REVIEW = "review"  # the mentor: review a submitted reflection (ref: the reflection)
    SETTLE = "settle"  # the mentor: settle a disputed talk (ref: the talk)


@dataclass(frozen=True)
class WaitingItem:
    kind: Waiting
    ref: int
    cadre: str
    unit: str
    on: date  # when it began to wait; for the plan, the day it is due
    # A talk's mentor, place and summary (the cadre answers what they can read).
    mentor: str = ""
    place: str = ""
    summary: str = ""


async def waiting_for(
    person: Person, roles: Iterable[Role], zone: str = "Asia/Shanghai"
) -> list[WaitingItem]:
    """What waits for this person to act on, oldest first within each kind."""
    held = set(roles)
    items: list[WaitingItem] = []
    if Role.CADRE in held:
        cases = await Case.filter(cadre=person, status=CaseStatus.ACTIVE).prefetch_related("unit")
        for case in sorted(cases, key=lambda c: c.id):
            if case.acknowledged_at is None:
                step = await PlanStep.filter(case=case, kind=StepKind.ACKNOWLEDGE).first()
                due = step.due_on if step is not None else case.recalled_on
                items.append(
                    WaitingItem(Waiting.ACKNOWLEDGE, case.id, person.name, case.unit.name, due)
                )
        talks = await Talk.filter(
            case__cadre=person,
            case__status=CaseStatus.ACTIVE,
            confirmation=TalkConfirmation.PENDING,
        ).prefetch_related("case__unit", "mentor")
        for talk in sorted(talks, key=lambda t: (t.held_on, t.id)):
            item = WaitingItem(
                Waiting.CONFIRM_TALK, talk.id, person.name, talk.case.unit.name, talk.held_on
            )
            items.append(
                replace(item, mentor=talk.mentor.name, place=talk.place, summary=talk.summary)
            )
        sent_back = await Reflection.filter(
            case__cadre=person, status=ReflectionStatus.REVISION_REQUESTED
        ).prefetch_related("case__unit")
        for reflection in sorted(sent_back, key=lambda r: r.id):
            on = local_date(reflection.created_at, zone)
            items.append(
                WaitingItem(
                    Waiting.REVISE, reflection.id, person.name, reflection.case.unit.name, on
                )
            )
    reviewers = held & set(policy.roles("review"))
    if reviewers:
        scope = access.visible_cases(person, reviewers).values("id")
        submitted = await Reflection.filter(
            status=ReflectionStatus.SUBMITTED, case_id__in=Subquery(scope)
        ).prefetch_related("case__cadre", "case__unit")
        for reflection in sorted(submitted, key=lambda r: (r.updated_at, r.id)):
            case = reflection.case
            on = local_date(reflection.updated_at, zone)
            items.append(
                WaitingItem(Waiting.REVIEW, reflection.id, case.cadre.name, case.unit.name, on)
            )
    settlers = held & {Role.MENTOR} & set(policy.roles("settle"))
    if settlers:
        scope = access.visible_cases(person, settlers).values("id")
        disputed = await Talk.filter(
            confirmation=TalkConfirmation.DISPUTED, case_id__in=Subquery(scope)
        ).prefetch_related("case__cadre", "case__unit")
        for talk in sorted(disputed, key=lambda t: (t.held_on, t.id)):
            case = talk.case
            items.append(
                WaitingItem(Waiting.SETTLE, talk.id, case.cadre.name, case.unit.name, talk.held_on)
            )
    return items


# A cadre's question for the mentor (branch views2) ------------------------------------------

QUESTION_LIMIT = 1000


async def pass_question(cadre: Person, question: str, now: datetime) -> list[str]:
    """Pass a cadre's typed question to the mentors of their active management (audited);
    returns the mentors' names."""
    text = clean_text(question, required=True, limit=QUESTION_LIMIT)
    case = await active_case_of(cadre)
    if case is None:
        raise DomainError("error-no-active-case")
    rows = await CaseAssignment.filter(case=case, role=Role.MENTOR).prefetch_related("person")
    mentors = [row.person for row in sorted(rows, key=lambda r: r.id)]
    if not mentors:
        raise DomainError("question-no-mentor")
    async with in_transaction():
        event = await audit("question-passed", now=now, actor=cadre, case=case, length=len(text))
        for mentor in mentors:
            await notify(
                mentor,
                "cadre-question",
                now=now,
                case=case,
                case_id=case.id,
                cadre=cadre.name,
                unit=case.unit.name,
                question=text,
                event_id=event.id,
            )
    return [m.name for m in mentors]
