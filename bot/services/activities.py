"""Records made during a period: talks, sessions and attendance, reflections, assessments."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from tortoise.transactions import in_transaction

from bot.services import access, drafts, planned_talks, policy
from bot.services.audit import audit
from bot.services.cases import CaseService
from bot.services.errors import DomainError
from bot.services.notices import notify
from bot.services.standing import entered_late
from bot.services.texts import MAX_TEXT as MAX_TEXT  # (re-exported: the forms import them here)
from bot.services.texts import clean_text as clean_text
from models import (
    Assessment,
    Attendance,
    AuditEvent,
    Case,
    Person,
    PlanStep,
    Reflection,
    ReflectionReview,
    ReflectionVersion,
    RoleGrant,
    StoredFile,
    Talk,
    TrainingSession,
)
from models.enums import (
    OPEN_STEP_STATUSES,
    AssessmentKind,
    AttendanceStatus,
    CaseStatus,
    Grade,
    NotificationStatus,
    ReflectionStatus,
    ReviewDecision,
    Role,
    SessionKind,
    StepKind,
    TalkConfirmation,
)

MIN_REFLECTION_CHARS = 30
CHECKIN_WINDOW = timedelta(minutes=5)
CHECKIN_LATE_AFTER = timedelta(minutes=15)
CHECKIN_EARLY = timedelta(minutes=30)


def reflection_text(text: str) -> str:
    """A reflection written as text: long enough to say something, short enough to read."""
    text = clean_text(text, required=True)
    if len(text) < MIN_REFLECTION_CHARS:
        raise DomainError("error-reflection-too-short", minimum=MIN_REFLECTION_CHARS)
    return text


STEP_OF_ASSESSMENT = {
    AssessmentKind.MID: StepKind.ASSESSMENT_MID,
    AssessmentKind.FINAL: StepKind.ASSESSMENT_FINAL,
}


async def assessment_kinds_left(case_id: int) -> list[AssessmentKind]:
    """Assessments still to record: their step is open, or none of the kind was recorded
    (an extension opens a new final step; the old record stays as history)."""
    open_kinds = set(
        await PlanStep.filter(
            case_id=case_id,
            kind__in=list(STEP_OF_ASSESSMENT.values()),
            status__in=OPEN_STEP_STATUSES,
        ).values_list("kind", flat=True)
    )
    done = set(await Assessment.filter(case_id=case_id).values_list("kind", flat=True))
    return [
        kind
        for kind in AssessmentKind
        if STEP_OF_ASSESSMENT[kind] in open_kinds or kind not in done
    ]


@dataclass
class TalkRecord:
    held_on: date
    place: str
    summary: str
    attitude: int
    actions: str = ""
    voice_file_id: str | None = None
    voice_data: bytes | None = None  # the voice note itself, kept with the record
    # notices2: a photo or scan of a paper record (kept as StoredFile "talk-<id>-scan")
    scan_file_id: str | None = None
    scan_kind: str | None = None  # photo | document
    scan_name: str | None = None
    scan_data: bytes | None = None


@dataclass
class ReflectionContent:
    text: str = ""
    file_id: str | None = None
    file_kind: str | None = None
    file_name: str | None = None
    data: bytes | None = None  # the file itself, kept with the record


async def keep_file(
    telegram_file_id: str,
    data: bytes | None,
    owner: str,
    kind: str,
    name: str | None,
    now: datetime,
) -> None:
    """Store a copy of a file sent through Telegram (if it could be downloaded)."""
    if data is None:
        return
    await StoredFile.get_or_create(
        telegram_file_id=telegram_file_id,
        defaults={
            "owner": owner,
            "kind": kind,
            "name": name,
            "size": len(data),
            "content": data,
            "created_at": now,
        },
    )


@dataclass(frozen=True)
class MarkChanged:
    """A roster line marked by someone else since the roster was shown."""

    case_id: int
    now: AttendanceStatus | None
    by: str  # who marked it ("" for the cadre's own check-in)
    yours: AttendanceStatus


K = TypeVar("K")


def all_present(shown: Mapping[K, AttendanceStatus | None]) -> dict[K, AttendanceStatus]:
    """What "All present" marks on a roster: only the people not marked yet (an explicit
    absent, excused or late stays as it is)."""
    return {key: AttendanceStatus.PRESENT for key, status in shown.items() if status is None}


class RosterConflict(DomainError):
    """A save from a stale roster: nothing was saved, these lines changed meanwhile."""

    def __init__(self, changes: list[MarkChanged]) -> None:
        super().__init__("attendance-conflict", count=len(changes))
        self.changes = changes


def _marker(line: Attendance) -> str:
    """Who made a roster line's mark ("" for the cadre's own check-in)."""
    person = line.recorded_by
    return person.name if isinstance(person, Person) else ""


# notices2: what a mentor may correct in a talk record, and its length limit.
TALK_FIELDS = {"place": 200, "summary": MAX_TEXT, "actions": MAX_TEXT}


async def _corrections(talk: Talk) -> int:
    """How many times a talk record was corrected (from the audit trail)."""
    events = await AuditEvent.filter(action="talk-corrected", case_id=talk.case_id).values_list(
        "details", flat=True
    )
    return sum(
        1 for details in events if isinstance(details, dict) and details.get("talk") == talk.id
    )


def check_held_on(held_on: date, recalled_on: date, today: date) -> None:
    """A talk happened during the period and not after the recorder's today."""
    if held_on > today:
        raise DomainError("error-date-in-future")
    if held_on < recalled_on:
        raise DomainError("error-date-before-recall")


class ActivityService:
    def __init__(self, cases: CaseService, late_entry_days: int = 3) -> None:
        self.cases = cases
        self.clock = cases.clock
        self.late_entry_days = late_entry_days

    def _entered_late(self, happened_on: date, now: datetime) -> bool:
        return entered_late(happened_on, now, self.cases.zone, self.late_entry_days)

    # Talks -----------------------------------------------------------------------------

    async def record_talk(self, case_id: int, record: TalkRecord, *, mentor: Person) -> Talk:
        case = await access.case_for(mentor, case_id, *policy.roles("talk"))
        if not 1 <= record.attitude <= 5:
            raise DomainError("error-attitude-range")
        check_held_on(record.held_on, case.recalled_on, self.cases.today_of(mentor))
        summary = clean_text(
            record.summary, required=record.voice_file_id is None and record.scan_file_id is None
        )
        now = self.clock.now()
        async with in_transaction():
            case = await self.cases.active_case(case.id)
            step = await self.cases.step_to_fulfil(case, StepKind.TALK, record.held_on)
            late = False
            if step is not None:
                late = record.held_on > step.due_on
                await self.cases.complete_step(step, record.held_on)
            talk = await Talk.create(
                case=case,
                mentor=mentor,
                step=step,
                held_on=record.held_on,
                place=clean_text(record.place, limit=200),
                summary=summary,
                voice_file_id=record.voice_file_id,
                attitude=record.attitude,
                actions=clean_text(record.actions),
                late=late,
                entered_late=self._entered_late(record.held_on, now),
                recorded_at=now,
            )
            await drafts.remember("talk", talk.id, now)
            await planned_talks.mark_held(case.id, record.held_on, now)  # plantalk3
            if record.voice_file_id is not None:
                await keep_file(
                    record.voice_file_id, record.voice_data, f"talk-{talk.id}", "voice", None, now
                )
            if record.scan_file_id is not None:
                await keep_file(
                    record.scan_file_id,
                    record.scan_data,
                    f"talk-{talk.id}-scan",
                    record.scan_kind or "document",
                    record.scan_name,
                    now,
                )
            cadre = await Person.get(id=case.cadre_id)
            await audit(
                "talk-recorded",
                now=now,
                actor=mentor,
                case=case,
                subject=cadre,
                talk=talk.id,
                late=late,
                after={"held_on": talk.held_on, "step": step.id if step else None},
            )
            await notify(
                cadre,
                "talk-confirm-request",
                now=now,
                case=case,
                talk_id=talk.id,
                held_on=record.held_on.isoformat(),
                mentor=mentor.name,
                summary=summary,
                voice="yes" if record.voice_file_id else "scan" if record.scan_file_id else "no",
                # notices2: the full record to confirm, the voice note or the scan attached
                place=talk.place,
                attitude=talk.attitude,
                actions=talk.actions,
                voice_file=record.voice_file_id or "",
                scan_file=record.scan_file_id or "",
                scan_kind=record.scan_kind or "",
            )
        return talk

    async def correct_talk(self, talk_id: int, changes: Mapping[str, str], *, by: Person) -> Talk:
        """The mentor who recorded a talk corrects its place, summary or agreed measures: the
        cadre is asked to confirm it again; the audit keeps what it said before and after."""
        talk = await Talk.get_or_none(id=talk_id).prefetch_related("case")
        if talk is None or talk.mentor_id != by.id:
            raise DomainError("error-case-not-found")
        await access.case_for(by, talk.case_id, *policy.roles("correct_talk"))
        if talk.case.status != CaseStatus.ACTIVE:
            raise DomainError("error-case-closed")
        cleaned: dict[str, str] = {}
        for name, value in changes.items():
            if name not in TALK_FIELDS:
                raise DomainError("error-stale-button")
            cleaned[name] = clean_text(value, required=name != "place", limit=TALK_FIELDS[name])
        changed = {k: v for k, v in cleaned.items() if getattr(talk, k) != v}
        if not changed:
            raise DomainError("talk-correct-unchanged")
        now = self.clock.now()
        async with in_transaction():
            before = {k: getattr(talk, k) for k in changed}
            for name, value in changed.items():
                setattr(talk, name, value)
            talk.confirmation = TalkConfirmation.PENDING
            await talk.save(update_fields=[*changed, "confirmation"])
            revision = 1 + await _corrections(talk)
            await audit(
                "talk-corrected",
                now=now,
                actor=by,
                case=talk.case,
                talk=talk.id,
                before=before,
                after=dict(changed),
            )
            cadre = await Person.get(id=talk.case.cadre_id)
            await notify(
                cadre,
                "talk-corrected",
                now=now,
                case=talk.case,
                talk_id=talk.id,
                held_on=talk.held_on.isoformat(),
                mentor=by.name,
                place=talk.place,
                summary=talk.summary,
                attitude=talk.attitude,
                actions=talk.actions,
                voice="yes" if talk.voice_file_id else "no",
                voice_file="" if "summary" in changed else talk.voice_file_id or "",
                changed=" ".join(changed),
                revision=revision,
            )
        return talk

    async def confirm_talk(
        self, talk_id: int, *, cadre: Person, agree: bool, comment: str = ""
    ) -> Talk:
        talk = await Talk.get_or_none(id=talk_id).prefetch_related("case", "mentor")
        if talk is None or talk.case.cadre_id != cadre.id:
            raise DomainError("error-case-not-found")
        if talk.confirmation != TalkConfirmation.PENDING:
            raise DomainError("error-talk-already-answered")
        now = self.clock.now()
        async with in_transaction():
            before = {"confirmation": talk.confirmation}
            talk.confirmation = TalkConfirmation.CONFIRMED if agree else TalkConfirmation.DISPUTED
            talk.cadre_comment = clean_text(comment)
            await talk.save(update_fields=["confirmation", "cadre_comment"])
            await audit(
                "talk-answered",
                now=now,
                actor=cadre,
                case=talk.case,
                talk=talk.id,
                before=before,
                after={"confirmation": talk.confirmation},
            )
            if not agree:
                await notify(
                    talk.mentor,
                    "talk-disputed",
                    now=now,
                    case=talk.case,
                    cadre=cadre.name,
                    talk_id=talk.id,
                    held_on=talk.held_on.isoformat(),
                    comment=talk.cadre_comment or "-",
                )
        return talk

    async def settle_talk(self, talk_id: int, settlement: str, *, by: Person) -> Talk:
        """The mentor (or a supervisor, an admin) says how a disputed record was settled."""
        talk = await Talk.get_or_none(id=talk_id)
        if talk is None:
            raise DomainError("error-case-not-found")
        case = await access.case_for(by, talk.case_id, *policy.roles("settle"))
        if talk.confirmation != TalkConfirmation.DISPUTED:
            raise DomainError("error-talk-not-disputed")
        settlement = clean_text(settlement, required=True, limit=1000)
        now = self.clock.now()
        async with in_transaction():
            talk.confirmation = TalkConfirmation.SETTLED
            talk.settlement = settlement
            talk.settled_at = now
            await talk.save(update_fields=["confirmation", "settlement", "settled_at"])
            await audit("talk-settled", now=now, actor=by, case=case, talk=talk.id)
            cadre = await Person.get(id=case.cadre_id)
            await notify(
                cadre,
                "talk-settled",
                now=now,
                case=case,
                talk_id=talk.id,
                held_on=talk.held_on.isoformat(),
                by=by.name,
                settlement=settlement[:300],
            )
        return talk

    # Sessions and attendance -----------------------------------------------------------

    async def schedule_session(
        self,
        kind: SessionKind,
        title: str,
        starts_at: datetime,
        ends_at: datetime,
        case_ids: list[int],
        *,
        by: Person,
        place: str = "",
    ) -> TrainingSession:
        await access.require_role(by, *policy.roles("session"))
        if ends_at <= starts_at:
            raise DomainError("error-session-ends-before-start")
        if not case_ids:
            raise DomainError("error-roster-empty")
        now = self.clock.now()
        async with in_transaction():
            cases = []
            for case_id in dict.fromkeys(case_ids):
                case = await access.case_for(by, case_id, *policy.roles("session"))
                cases.append(await self.cases.active_case(case.id))
            session = await TrainingSession.create(
                kind=kind,
                title=clean_text(title, required=True, limit=200),
                place=clean_text(place, limit=200),
                starts_at=starts_at,
                ends_at=ends_at,
                checkin_secret=secrets.token_hex(16),
                created_by=by,
                created_at=now,
            )
            await drafts.remember("session", session.id, now)
            await Attendance.bulk_create([Attendance(session=session, case=c) for c in cases])
            await audit(
                "session-scheduled",
                now=now,
                actor=by,
                session=session.id,
                after={
                    "kind": kind,
                    "title": session.title,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "roster": [c.id for c in cases],
                },
            )
            for case in cases:
                cadre = await Person.get(id=case.cadre_id)
                joined = cadre.telegram_id is not None
                await notify(
                    cadre,
                    "session-invitation",
                    now=now,
                    case=case,
                    # notices2: not joined yet: recorded, not sent; the summary they get on
                    # joining lists their coming sessions in one message.
                    status=None if joined else NotificationStatus.DROPPED,
                    reason="" if joined else "not joined yet",
                    session_id=session.id,
                    case_id=case.id,
                    kind=kind.value,
                    title=session.title,
                    starts_at=starts_at.isoformat(),
                    place=session.place,
                )
        return session

    # notices2: a session moved or cancelled tells the people on its roster -------------

    async def _changeable(self, session_id: int, by: Person) -> tuple[TrainingSession, list[Case]]:
        await access.require_role(by, *policy.roles("session"))
        session = await TrainingSession.get_or_none(id=session_id)
        if session is None:
            raise DomainError("error-session-not-found")
        if session.starts_at <= self.clock.now():
            raise DomainError("session-change-started")
        if await Attendance.filter(session=session, status__isnull=False).exists():
            raise DomainError("session-change-has-attendance")
        lines = await Attendance.filter(session=session).select_related("case")
        return session, [line.case for line in lines]

    async def _tell_roster(
        self, message: str, session: TrainingSession, cases: list[Case], was: dict[str, str]
    ) -> None:
        now = self.clock.now()
        for case in cases:
            if case.status != CaseStatus.ACTIVE:
                continue
            await notify(
                await Person.get(id=case.cadre_id),
                message,
                now=now,
                case=case,
                session_id=session.id,
                case_id=case.id,
                kind=session.kind.value,
                title=session.title,
                starts_at=session.starts_at.isoformat(),
                place=session.place,
                was_at=was["at"],
                was_place=was["place"],
            )

    async def move_session(
        self, session_id: int, starts_at: datetime, *, by: Person, place: str | None = None
    ) -> TrainingSession:
        """A session not yet held moves to a later start (its length kept); each cadre on
        its roster is told, and its eve reminder follows the new date."""
        session, cases = await self._changeable(session_id, by)
        if starts_at <= self.clock.now():
            raise DomainError("error-date-in-past")
        was = {"at": session.starts_at.isoformat(), "place": session.place}
        length = session.ends_at - session.starts_at
        async with in_transaction():
            session.starts_at, session.ends_at = starts_at, starts_at + length
            if place is not None:
                session.place = clean_text(place, limit=200)
            await session.save(update_fields=["starts_at", "ends_at", "place"])
            await audit(
                "session-moved",
                now=self.clock.now(),
                actor=by,
                session=session.id,
                before={"starts_at": was["at"], "place": was["place"]},
                after={"starts_at": session.starts_at, "place": session.place},
            )
            await self._tell_roster("session-moved", session, cases, was)
        return session

    async def cancel_session(self, session_id: int, *, by: Person) -> int:
        """A session not yet held, with no attendance, is cancelled (removed with its roster);
        each cadre on it is told. Returns how many were on the roster."""
        session, cases = await self._changeable(session_id, by)
        was = {"at": session.starts_at.isoformat(), "place": session.place}
        async with in_transaction():
            await audit(
                "session-cancelled",
                now=self.clock.now(),
                actor=by,
                session=session.id,
                before={
                    "kind": session.kind,
                    "title": session.title,
                    "starts_at": session.starts_at,
                    "place": session.place,
                    "roster": [c.id for c in cases],
                },
            )
            await self._tell_roster("session-cancelled", session, cases, was)
            await session.delete()
        return len(cases)

    async def record_attendance(
        self,
        session_id: int,
        marks: dict[int, AttendanceStatus],
        *,
        by: Person,
        seen: dict[int, AttendanceStatus | None] | None = None,
    ) -> list[Attendance]:
        """Record the roster's statuses (case id -> status); present or late fulfils a step.

        `seen` is what the roster showed for the marked lines: a line marked by someone else
        since then is never overwritten (RosterConflict, and nothing is saved)."""
        session = await TrainingSession.get_or_none(id=session_id)
        if session is None:
            raise DomainError("error-session-not-found")
        now = self.clock.now()
        held_on = session.starts_at.astimezone(self.cases.today_zone()).date()
        async with in_transaction():
            lines = {
                a.case_id: a
                for a in await Attendance.filter(session=session).select_related("recorded_by")
            }
            before = {str(k): lines[k].status if k in lines else None for k in marks}
            for case_id in marks:
                if case_id not in lines:
                    raise DomainError("error-not-on-roster")
                await access.case_for(by, case_id, *policy.roles("attendance"))
            if seen is not None:
                changes = [
                    MarkChanged(case_id, lines[case_id].status, _marker(lines[case_id]), status)
                    for case_id, status in marks.items()
                    if lines[case_id].status != seen.get(case_id)
                    and lines[case_id].status != status
                ]
                if changes:
                    raise RosterConflict(changes)
            missed = []
            for case_id, status in marks.items():
                line = lines[case_id]
                if line.status == status:
                    continue
                line.status = status
                line.recorded_by = by
                line.recorded_at = now
                line.entered_late = self._entered_late(held_on, now)
                await self._settle_step(line, session)
                await line.save()
                if status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
                    missed.append(line)
            await audit(
                "attendance-recorded",
                now=now,
                actor=by,
                session=session.id,
                before=before,
                after={str(k): v.value for k, v in marks.items()},
            )
            for line in missed:
                await self._ask_for_make_up(session, line, now)
        return list(lines.values())

    async def _ask_for_make_up(
        self, session: TrainingSession, line: Attendance, now: datetime
    ) -> None:
        """A cadre missed a session and its step is still open: the organiser (who scheduled
        it, else the admins) is asked for a make-up session; the cadre cannot record one."""
        case = await Case.get(id=line.case_id).prefetch_related("cadre")
        step = await self.cases.open_step(case, StepKind(session.kind.value))
        if step is None:
            return
        creator = await Person.get_or_none(id=session.created_by_id or 0)
        organisers = [creator] if creator is not None else []
        if not organisers:
            admins = RoleGrant.filter(role=Role.ADMIN).values_list("person_id", flat=True)
            organisers = list(await Person.filter(id__in=await admins).order_by("id"))
        for organiser in organisers:
            await notify(
                organiser,
                "make-up-session-needed",
                now=now,
                case=case,
                session_id=session.id,
                cadre=case.cadre.name,
                case_id=case.id,
                title=session.title,
                starts_at=session.starts_at.isoformat(),
                attendance=str(line.status),
                step=str(step.kind),
                label=step.label,
                due=step.due_on.isoformat(),
            )

    async def _settle_step(self, line: Attendance, session: TrainingSession) -> None:
        """Attending fulfils one plan step, once per session; a correction gives it back."""
        attended = line.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        if attended and line.step_id is None:
            case = await Case.get(id=line.case_id)
            held_on = session.starts_at.astimezone(self.cases.today_zone()).date()
            step = await self.cases.step_to_fulfil(case, StepKind(session.kind.value), held_on)
            if step is not None:
                await self.cases.complete_step(step, held_on)
                line.step = step
                line.done_late = held_on > step.due_on
        elif not attended and line.step_id is not None:
            step = await PlanStep.get(id=line.step_id)
            await self.cases.reopen_step(step)
            line.step = None
            line.done_late = False

    def checkin_code(self, session: TrainingSession, at: datetime | None = None) -> str:
        """A short code that changes every few minutes (shown as a link and a QR picture)."""
        moment = at or self.clock.now()
        window = int(moment.timestamp() // CHECKIN_WINDOW.total_seconds())
        digest = hmac.new(session.checkin_secret.encode(), str(window).encode(), hashlib.sha256)
        return f"{session.id}-{digest.hexdigest()[:10]}"

    async def check_in(self, code: str, *, cadre: Person) -> Attendance:
        try:
            session_id = int(code.split("-", 1)[0])
        except ValueError:
            raise DomainError("error-checkin-invalid") from None
        session = await TrainingSession.get_or_none(id=session_id)
        now = self.clock.now()
        if session is None:
            raise DomainError("error-checkin-invalid")
        valid = (self.checkin_code(session, now), self.checkin_code(session, now - CHECKIN_WINDOW))
        if not any(hmac.compare_digest(code, good) for good in valid):
            raise DomainError("error-checkin-expired")
        if not session.starts_at - CHECKIN_EARLY <= now <= session.ends_at:
            raise DomainError("error-checkin-outside-session")
        line = await Attendance.filter(session=session, case__cadre=cadre).first()
        if line is None:
            raise DomainError("error-not-on-roster")
        if line.checked_in_at is not None:
            raise DomainError("error-already-checked-in")
        async with in_transaction():
            before = {"status": line.status, "checked_in_at": None}
            late = now > session.starts_at + CHECKIN_LATE_AFTER
            line.status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
            line.checked_in_at = now
            line.recorded_at = now
            await self._settle_step(line, session)
            await line.save()
            await audit(
                "checked-in",
                now=now,
                actor=cadre,
                case=await Case.get(id=line.case_id),
                session=session.id,
                before=before,
                after={"status": line.status, "checked_in_at": now},
            )
        return line

    # Reflections -----------------------------------------------------------------------

    def _content(self, content: ReflectionContent) -> ReflectionContent:
        if content.file_id is None:
            return ReflectionContent(text=reflection_text(content.text))
        return ReflectionContent(
            clean_text(content.text),
            content.file_id,
            content.file_kind,
            content.file_name,
            content.data,
        )

    async def submit_reflection(self, content: ReflectionContent, *, cadre: Person) -> Reflection:
        case = await Case.filter(cadre=cadre, status=CaseStatus.ACTIVE).order_by("-id").first()
        if case is None:
            raise DomainError("error-no-active-case")
        content = self._content(content)
        now = self.clock.now()
        today = self.cases.today_of(cadre)
        async with in_transaction():
            step = await self.cases.step_to_fulfil(case, StepKind.REFLECTION, today)
            late = False
            if step is not None:
                late = today > step.due_on
                await self.cases.complete_step(step, today)
            reflection = await Reflection.create(
                case=case, step=step, late=late, created_at=now, updated_at=now
            )
            await drafts.remember("reflection", reflection.id, now)
            await self._add_version(reflection, 1, content, now)
            await audit(
                "reflection-submitted",
                now=now,
                actor=cadre,
                case=case,
                reflection=reflection.id,
                late=late,
                after={
                    "status": reflection.status,
                    "version": 1,
                    "step": step.id if step else None,
                },
            )
            await self._tell_mentors(case, reflection, 1, now)
        return reflection

    async def revise_reflection(
        self, reflection_id: int, content: ReflectionContent, *, cadre: Person
    ) -> ReflectionVersion:
        reflection = await Reflection.get_or_none(id=reflection_id).prefetch_related("case")
        if reflection is None or reflection.case.cadre_id != cadre.id:
            raise DomainError("error-case-not-found")
        if reflection.status != ReflectionStatus.REVISION_REQUESTED:
            raise DomainError("error-reflection-not-awaiting-revision")
        content = self._content(content)
        now = self.clock.now()
        async with in_transaction():
            number = await ReflectionVersion.filter(reflection=reflection).count() + 1
            version = await self._add_version(reflection, number, content, now)
            before = {"status": reflection.status, "version": number - 1}
            reflection.status = ReflectionStatus.SUBMITTED
            reflection.updated_at = now
            await reflection.save(update_fields=["status", "updated_at"])
            await audit(
                "reflection-revised",
                now=now,
                actor=cadre,
                case=reflection.case,
                reflection=reflection.id,
                before=before,
                after={"status": reflection.status, "version": number},
            )
            await self._tell_mentors(reflection.case, reflection, number, now)
        return version

    async def _add_version(
        self, reflection: Reflection, number: int, content: ReflectionContent, now: datetime
    ) -> ReflectionVersion:
        if content.file_id is not None:
            await keep_file(
                content.file_id,
                content.data,
                f"reflection-{reflection.id}-v{number}",
                content.file_kind or "document",
                content.file_name,
                now,
            )
        return await ReflectionVersion.create(
            reflection=reflection,
            number=number,
            text=content.text,
            file_id=content.file_id,
            file_kind=content.file_kind,
            file_name=content.file_name,
            submitted_at=now,
        )

    async def _tell_mentors(
        self, case: Case, reflection: Reflection, version: int, now: datetime
    ) -> None:
        cadre = await Person.get(id=case.cadre_id)
        for mentor in await access.assigned(case, Role.MENTOR):
            await notify(
                mentor,
                "reflection-to-review",
                now=now,
                case=case,
                cadre=cadre.name,
                reflection_id=reflection.id,
                version=version,
            )

    async def review_reflection(
        self, reflection_id: int, decision: ReviewDecision, comment: str = "", *, reviewer: Person
    ) -> Reflection:
        reflection = await Reflection.get_or_none(id=reflection_id)
        if reflection is None:
            raise DomainError("error-case-not-found")
        case = await access.case_for(
            reviewer,
            reflection.case_id,
            *policy.roles("review"),
        )
        if reflection.status != ReflectionStatus.SUBMITTED:
            raise DomainError("error-reflection-not-awaiting-review")
        comment = clean_text(comment, required=decision == ReviewDecision.REVISE)
        now = self.clock.now()
        async with in_transaction():
            version = await ReflectionVersion.filter(reflection=reflection).count()
            latest = await ReflectionVersion.get(reflection=reflection, number=version)
            before = {"status": reflection.status}
            await ReflectionReview.create(
                reflection=reflection,
                reviewer=reviewer,
                version=version,
                decision=decision,
                comment=comment,
                created_at=now,
            )
            reflection.status = (
                ReflectionStatus.ACCEPTED
                if decision == ReviewDecision.ACCEPT
                else ReflectionStatus.REVISION_REQUESTED
            )
            reflection.updated_at = now
            await reflection.save(update_fields=["status", "updated_at"])
            await audit(
                "reflection-reviewed",
                now=now,
                actor=reviewer,
                case=case,
                reflection=reflection.id,
                decision=decision.value,
                before=before,
                after={"status": reflection.status},
            )
            cadre = await Person.get(id=case.cadre_id)
            message = (
                "reflection-accepted"
                if decision == ReviewDecision.ACCEPT
                else "reflection-revision-requested"
            )
            await notify(
                cadre,
                message,
                now=now,
                case=case,
                reflection_id=reflection.id,
                version=version,
                comment=comment,
                submitted=latest.submitted_at.isoformat(),
            )
        return reflection

    # Assessments -----------------------------------------------------------------------

    async def record_assessment(
        self,
        case_id: int,
        kind: AssessmentKind,
        grade: Grade,
        *,
        assessor: Person,
        comments: str = "",
        recommendation: str = "",
        assessed_on: date | None = None,
        early_reason: str = "",
    ) -> Assessment:
        """Record an assessment; it fulfils its step once the step's window has opened. A mid
        assessment made earlier is kept and fulfils nothing; a final one made earlier needs
        an admin's reason."""
        case = await access.case_for(assessor, case_id, *policy.roles("assess"))
        today = self.cases.today_of(assessor)
        assessed_on = assessed_on or today
        if assessed_on > today:
            raise DomainError("error-date-in-future")
        now = self.clock.now()
        step_kind = STEP_OF_ASSESSMENT[kind]
        async with in_transaction():
            case = await self.cases.active_case(case.id)
            if kind not in await assessment_kinds_left(case.id):
                raise DomainError("error-assessment-exists")
            if kind == AssessmentKind.FINAL:
                step = await self.cases.guarded_step(
                    case, step_kind, assessed_on, by=assessor, reason=early_reason
                )
            else:
                step = await self.cases.step_to_fulfil(case, step_kind, assessed_on)
            late = False
            if step is not None:
                late = assessed_on > step.due_on
                await self.cases.complete_step(step, assessed_on)
            assessment = await Assessment.create(
                case=case,
                step=step,
                kind=kind,
                grade=grade,
                comments=clean_text(comments),
                recommendation=clean_text(recommendation),
                assessor=assessor,
                assessed_on=assessed_on,
                late=late,
                entered_late=self._entered_late(assessed_on, now),
                recorded_at=now,
            )
            await drafts.remember("assessment", assessment.id, now)
            await audit(
                "assessment-recorded",
                now=now,
                actor=assessor,
                case=case,
                kind=kind.value,
                grade=grade.value,
                late=late,
                after={"assessment": assessment.id, "assessed_on": assessed_on},
            )
        return assessment
