"""Supervisors' digests: what changed in their cases, weekly, daily or on demand."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from bot.i18n import code_label, format_date, step_name, translate
from bot.services import access
from bot.services.cases import progress_of
from bot.services.dates import DEFAULT_ZONE, local_date, local_moment
from bot.services.notices import notify
from bot.services.standing import DONE_STATUSES, unsettled_in
from bot.services.working_time import SendWindow
from models import Attendance, Leave, Person, PlanStep, Reflection, RoleGrant, Talk
from models.enums import (
    OPEN_STEP_STATUSES,
    CaseStatus,
    DigestFrequency,
    ReflectionStatus,
    Role,
    TalkConfirmation,
)

DIGEST_MESSAGE = "digest"
DIGEST_HOUR = 9
DIGEST_WEEKDAY = 0  # Monday
DUE_SOON_DAYS = 7
MAX_LINES = 15  # per section, so that a digest fits in one Telegram message
STEP_LINE = "digest-step-line"
UNSETTLED_LINE = "digest-unsettled-line"
PROGRAMME = "programme"  # an admin's digest of the whole programme (its title key's tail)


@dataclass
class Item:
    """One line of a section: a case, a local date, what (step kind, mentor, session), status."""

    case_id: int
    cadre: str
    day: str
    what: str = ""
    status: str = ""
    label: str = ""
    flags: tuple[str, ...] = ()  # done_late, entered_late (records)


@dataclass
class CaseProgress:
    case_id: int
    cadre: str
    done: int
    open: int
    overdue: int
    total: int


@dataclass
class DigestData:
    supervisor: str
    frequency: str  # weekly, daily or now
    since: datetime
    until: datetime
    newly_overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)
    talks: list[Item] = field(default_factory=list)
    reflections: list[Item] = field(default_factory=list)
    attendance: list[Item] = field(default_factory=list)
    awaiting_review: list[Item] = field(default_factory=list)
    cases: list[CaseProgress] = field(default_factory=list)
    unsettled: list[Item] = field(default_factory=list)  # done steps whose record does not stand
    # Leaves under way or starting within a week: day is the first day, what the last.
    on_leave: list[Item] = field(default_factory=list)
    # Talk records the cadre disputes, not settled yet: day held, what the mentor, label the
    # cadre's comment (perf2).
    disputes: list[Item] = field(default_factory=list)

    def to_params(self) -> dict[str, Any]:
        """JSON-ready outbox params (datetimes as ISO strings)."""
        params = asdict(self)
        params["since"], params["until"] = self.since.isoformat(), self.until.isoformat()
        return params

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> DigestData:
        lists = (
            "newly_overdue",
            "due_soon",
            "talks",
            "reflections",
            "attendance",
            "unsettled",
            "on_leave",
            "disputes",
        )
        return cls(
            supervisor=params["supervisor"],
            frequency=params["frequency"],
            since=datetime.fromisoformat(params["since"]),
            until=datetime.fromisoformat(params["until"]),
            **{name: [_item(row) for row in params.get(name, [])] for name in lists},
            awaiting_review=[Item(**row) for row in params.get("awaiting_review", [])],
            cases=[CaseProgress(**row) for row in params.get("cases", [])],
        )


def _item(row: dict[str, Any]) -> Item:
    return Item(**{**row, "flags": tuple(row.get("flags", ()))})


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _flags(done_late: bool, entered_late: bool) -> tuple[str, ...]:
    return tuple(
        name for name, on in (("done_late", done_late), ("entered_late", entered_late)) if on
    )


def latest_slot(now: datetime, zone: str, frequency: DigestFrequency) -> datetime:
    """The most recent scheduled digest moment at or before now (09:00 local; Mondays)."""
    day = local_date(now, zone)
    step = 7 if frequency == DigestFrequency.WEEKLY else 1
    if frequency == DigestFrequency.WEEKLY:
        day -= timedelta(days=(day.weekday() - DIGEST_WEEKDAY) % 7)
    slot = local_moment(day, DIGEST_HOUR, zone)
    if slot > now:
        slot = local_moment(day - timedelta(days=step), DIGEST_HOUR, zone)
    return slot.astimezone(UTC)  # stored: SQLite compares datetimes as text


def _before(moment: datetime) -> Q:
    """Last digest (or, never sent, joining) before a moment."""
    return Q(last_digest_at__lt=moment) | Q(last_digest_at__isnull=True, created_at__lt=moment)


async def due_digests(now: datetime, zone: str = DEFAULT_ZONE) -> list[tuple[Person, datetime]]:
    """Supervisors whose scheduled digest is due, with the slot it is for."""
    weekly, daily = DigestFrequency.WEEKLY, DigestFrequency.DAILY
    # Exact in SQL for the programme's zone; the few people in other zones are checked below.
    candidates = Q(timezone__isnull=False) | Q(
        Q(digest=weekly) & _before(latest_slot(now, zone, weekly)),
        Q(digest=daily) & _before(latest_slot(now, zone, daily)),
        join_type="OR",
    )
    people = await Person.filter(
        candidates,
        id__in=Subquery(RoleGrant.filter(role=Role.SUPERVISOR).values("person_id")),
        digest__in=(weekly, daily),
        telegram_id__not_isnull=True,
    ).order_by("id")
    due = []
    for person in people:
        slot = latest_slot(now, person.timezone or zone, DigestFrequency(person.digest))
        # A new supervisor's first digest is the first slot after they were added.
        if slot > (person.last_digest_at or person.created_at):
            due.append((person, slot))
    return due


async def build_digest(
    supervisor: Person,
    now: datetime,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    zone: str = DEFAULT_ZONE,
    frequency: str | None = None,
    programme: bool = False,
) -> DigestData:
    """What changed in the supervisor's active cases from `since` (default: the last digest)
    to `until` (default: now); what is open and due is as of now. With `programme` (an
    admin's digest), every active case of the programme."""
    tz = supervisor.timezone or zone
    since = since or supervisor.last_digest_at or now - timedelta(days=7)
    until = until or now
    today, since_day = local_date(now, tz), local_date(since, tz)
    cases = (
        await access.visible_cases(supervisor, {Role.ADMIN if programme else Role.SUPERVISOR})
        .filter(status=CaseStatus.ACTIVE)
        .order_by("id")
        .select_related("cadre")
    )
    names = {case.id: case.cadre.name for case in cases}
    ids = list(names)
    data = DigestData(supervisor.name, frequency or str(supervisor.digest), since, until)
    if not ids:
        return data
    open_steps = PlanStep.filter(case_id__in=ids, status__in=OPEN_STEP_STATUSES)
    overdue = await open_steps.filter(due_on__gte=since_day, due_on__lt=today).order_by(
        "due_on", "id"
    )
    soon = await open_steps.filter(
        due_on__gte=today, due_on__lt=today + timedelta(days=DUE_SOON_DAYS)
    ).order_by("due_on", "id")
    talks = (
        await Talk.filter(case_id__in=ids, recorded_at__gte=since, recorded_at__lt=until)
        .order_by("held_on", "id")
        .select_related("mentor")
    )
    reflections = await Reflection.filter(
        case_id__in=ids, created_at__gte=since, created_at__lt=until
    ).order_by("created_at", "id")
    attendance = (
        await Attendance.filter(
            case_id__in=ids,
            recorded_at__gte=since,
            recorded_at__lt=until,
            status__not_isnull=True,
        )
        .order_by("recorded_at", "id")
        .select_related("session")
    )
    waiting = await Reflection.filter(case_id__in=ids, status=ReflectionStatus.SUBMITTED).order_by(
        "updated_at", "id"
    )

    def on(moment: datetime) -> str:
        return local_date(moment, tz).isoformat()

    data.newly_overdue = [
        Item(s.case_id, names[s.case_id], s.due_on.isoformat(), str(s.kind), label=s.label)
        for s in overdue
    ]
    data.due_soon = [
        Item(s.case_id, names[s.case_id], s.due_on.isoformat(), str(s.kind), label=s.label)
        for s in soon
    ]
    data.talks = [
        Item(
            t.case_id,
            names[t.case_id],
            t.held_on.isoformat(),
            t.mentor.name,
            flags=_flags(t.late, t.entered_late),
        )
        for t in talks
    ]
    data.reflections = [
        Item(r.case_id, names[r.case_id], on(r.created_at), flags=_flags(r.late, False))
        for r in reflections
    ]
    data.attendance = [
        Item(
            a.case_id,
            names[a.case_id],
            on(a.session.starts_at),
            a.session.title,
            str(a.status),
            flags=_flags(a.done_late, a.entered_late),
        )
        for a in attendance
    ]
    marks = await unsettled_in(ids)
    done = await PlanStep.filter(id__in=list(marks), status__in=DONE_STATUSES).order_by(
        "due_on", "id"
    )
    data.unsettled = [
        Item(
            s.case_id,
            names[s.case_id],
            s.due_on.isoformat(),
            str(s.kind),
            str(marks[s.id]),
            label=s.label,
        )
        for s in done
        if s.id in marks
    ]
    data.awaiting_review = [Item(r.case_id, names[r.case_id], on(r.updated_at)) for r in waiting]
    leaves = await Leave.filter(
        case_id__in=ids,
        ends_on__gte=today,
        starts_on__lt=today + timedelta(days=DUE_SOON_DAYS),
    ).order_by("starts_on", "id")
    data.on_leave = [
        Item(
            lv.case_id,
            names[lv.case_id],
            lv.starts_on.isoformat(),
            lv.ends_on.isoformat(),
            str(lv.kind),
        )
        for lv in leaves
    ]
    disputed = (
        await Talk.filter(case_id__in=ids, confirmation=TalkConfirmation.DISPUTED)
        .order_by("held_on", "id")
        .select_related("mentor")
    )
    data.disputes = [
        Item(
            t.case_id,
            names[t.case_id],
            t.held_on.isoformat(),
            t.mentor.name,
            label=_excerpt(t.cadre_comment),
        )
        for t in disputed
    ]
    all_counts = await progress_of([case.id for case in cases], today)
    for case in cases:
        counts = all_counts[case.id]
        data.cases.append(
            CaseProgress(
                case.id, names[case.id], counts.done, counts.open, counts.overdue, counts.total
            )
        )
    return data


async def digest_now(
    supervisor: Person, now: datetime, zone: str = DEFAULT_ZONE, *, programme: bool = False
) -> DigestData:
    """The on-demand digest (/digest): same content, the schedule is left alone; with
    `programme`, an admin's digest of every active case (titled as such)."""
    frequency = PROGRAMME if programme else "now"
    return await build_digest(supervisor, now, zone=zone, frequency=frequency, programme=programme)


async def write_due_digests(now: datetime, window: SendWindow | None = None) -> int:
    """Queue every due digest (one outbox row each) and move the supervisors' schedules on."""
    window = window or SendWindow()
    written = 0
    for person, slot in await due_digests(now, window.zone):
        zone = window.zone_of(person.timezone)
        period = timedelta(days=7 if person.digest == DigestFrequency.WEEKLY else 1)
        async with in_transaction():
            # Scheduled digests cover [previous slot, this slot): nothing twice, nothing lost.
            since = person.last_digest_at or slot - period
            data = await build_digest(person, now, since=since, until=slot, zone=zone)
            if data.cases:
                written += await notify(
                    person,
                    DIGEST_MESSAGE,
                    now=now,
                    not_before=window.next_for(person.timezone, now),
                    slot_day=local_date(slot, zone).isoformat(),
                    **data.to_params(),
                )
            # The slot, not the sending time, so that the next slot is found by a date compare.
            person.last_digest_at = slot
            await person.save(update_fields=["last_digest_at"])
    return written


def progress_rows(data: DigestData | dict[str, Any]) -> list[tuple[str, int, int, int]]:
    """(name, done, open, overdue) per case, for chart.render_progress_chart."""
    if isinstance(data, dict):
        data = DigestData.from_params(data)
    return [(c.cadre, c.done, c.open, c.overdue) for c in data.cases]


def _day(value: str, locale: str) -> str:
    return format_date(date.fromisoformat(value), locale)


def render_digest(data: DigestData | dict[str, Any], locale: str, zone: str | ZoneInfo) -> str:
    """The digest as plain text in the reader's language and time zone."""
    if isinstance(data, dict):
        data = DigestData.from_params(data)
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)

    def t(key: str, **params: Any) -> str:
        return translate(locale, key, **params)

    lines = [
        t(f"digest-title-{data.frequency}", name=data.supervisor),
        t(
            "digest-period",
            since=format_date(data.since.astimezone(tz), locale),
            until=format_date(data.until.astimezone(tz), locale),
        ),
    ]

    def section(key: str, items: list[Item], line: str, status: str = "") -> None:
        """A heading and its lines; `status` is the catalog prefix of the items' status codes."""
        if not items:
            return
        lines.extend(("", t(key, count=len(items))))
        for item in items[:MAX_LINES]:
            steps = (STEP_LINE, UNSETTLED_LINE)
            what = step_name(locale, item.what, item.label) if line in steps else item.what
            text = t(
                line,
                cadre=item.cadre,
                case_id=str(item.case_id),
                day=_day(item.day, locale),
                what=what,
                status=code_label(locale, status, item.status) if item.status else "",
            )
            lines.append(text + "".join(t(f"digest-flag-{flag}") for flag in item.flags))
        if len(items) > MAX_LINES:
            lines.append(t("digest-more", count=len(items) - MAX_LINES))

    section("digest-newly-overdue", data.newly_overdue, STEP_LINE)
    section("digest-due-soon", data.due_soon, STEP_LINE)
    section("digest-talks", data.talks, "digest-talk-line")
    section("digest-reflections", data.reflections, "digest-reflection-line")
    section("digest-attendance", data.attendance, "digest-attendance-line", "attendance")
    section("digest-awaiting-review", data.awaiting_review, "digest-review-line")
    section("digest-unsettled", data.unsettled, UNSETTLED_LINE, "step-status")
    if data.disputes:
        lines.extend(("", t("digest-disputes", count=len(data.disputes))))
        for item in data.disputes[:MAX_LINES]:
            comment = t("digest-dispute-comment", comment=item.label) if item.label else ""
            lines.append(
                t(
                    "digest-dispute-line",
                    cadre=item.cadre,
                    day=_day(item.day, locale),
                    what=item.what,
                    comment=comment,
                )
            )
        if len(data.disputes) > MAX_LINES:
            lines.append(t("digest-more", count=len(data.disputes) - MAX_LINES))
    if data.on_leave:
        lines.extend(("", t("digest-on-leave", count=len(data.on_leave))))
        for item in data.on_leave[:MAX_LINES]:
            lines.append(
                t(
                    "digest-leave-line",
                    cadre=item.cadre,
                    case_id=str(item.case_id),
                    kind=code_label(locale, "leave-kind", item.status),
                    start=_day(item.day, locale),
                    end=_day(item.what, locale),
                )
            )
    if data.cases:
        lines.extend(("", t("digest-progress", count=len(data.cases))))
        for case in data.cases[: MAX_LINES * 2]:
            lines.append(
                t(
                    "digest-progress-line",
                    cadre=case.cadre,
                    case_id=str(case.case_id),
                    done=case.done,
                    total=case.total,
                    open=case.open,
                    overdue=case.overdue,
                )
            )
        if len(data.cases) > MAX_LINES * 2:
            lines.append(t("digest-more", count=len(data.cases) - MAX_LINES * 2))
    else:
        lines.extend(("", t("digest-no-cases")))
    return "\n".join(lines)
