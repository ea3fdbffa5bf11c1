"""The readiness summary: one picture of a cadre's period as of a day, for assessors.

It is computed here only; /assess, /case, the export and the dossier all show this one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import translate
from bot.services.cases import CLOSED_NOTE
from bot.services.leaves import days_within, leaves_by_case
from models import Attendance, Case, Leave, PlanStep, Reflection, ReflectionVersion, Talk
from models.enums import (
    OPEN_STEP_STATUSES,
    AttendanceStatus,
    CaseStatus,
    SessionKind,
    StepKind,
    StepStatus,
    TalkConfirmation,
)


@dataclass
class Marks:
    """Attendance of one kind of session; `present` includes those who came late."""

    present: int = 0
    late: int = 0
    excused: int = 0
    absent: int = 0


@dataclass
class Readiness:
    case_id: int
    as_of: date
    talks_held: int = 0
    talks_planned: int = 0  # talk steps due by `as_of` (waived ones not counted)
    talks_in_plan: int = 0
    attendance: dict[SessionKind, Marks] = field(
        default_factory=lambda: {kind: Marks() for kind in SessionKind}
    )
    reflections_on_time: int = 0
    reflections_late: int = 0
    reflections_missing: int = 0  # reflection steps past due with nothing submitted for them
    reflection_revisions: int = 0  # versions after the first
    disputed_talks: int = 0
    # Summed over steps: late days of done ones, open days of open ones; days on leave not.
    days_overdue: int = 0
    days_on_leave: int = 0


def _last_day(case: Case, as_of: date) -> date:
    """A closed case's summary stops at its closing."""
    if case.status == CaseStatus.CLOSED and case.closed_on is not None:
        return min(as_of, case.closed_on)
    return as_of


def _step_overdue(step: PlanStep, day: date, leaves: list[Leave]) -> tuple[int, bool]:
    """Days this step was overdue by `day` (leave days not counted), and whether it is still
    missed on `day`."""
    if step.due_on >= day:
        return 0, False
    if step.done_on is not None and step.done_on <= day:
        last, missed = step.done_on, False
    elif (
        # Open, done only after `day`, or given up when the case closed: missed until `day`.
        step.status in OPEN_STEP_STATUSES
        or step.done_on is not None
        or (step.status == StepStatus.WAIVED and step.note == CLOSED_NOTE)
    ):
        last, missed = day, True
    else:
        return 0, False
    first = step.due_on + timedelta(days=1)
    return max(0, (last - step.due_on).days - days_within(leaves, first, last)), missed


async def summaries(cases: Iterable[Case], as_of: date, zone: str) -> dict[int, Readiness]:
    """The readiness of each case as of a day (the programme's zone dates moments)."""
    cases = list(cases)
    tz = ZoneInfo(zone)
    days = {case.id: _last_day(case, as_of) for case in cases}
    result = {case.id: Readiness(case.id, days[case.id]) for case in cases}
    ids = list(result)
    leaves = await leaves_by_case(ids)

    for step in await PlanStep.filter(case_id__in=ids):
        r, day = result[step.case_id], days[step.case_id]
        overdue, missed = _step_overdue(step, day, leaves[step.case_id])
        r.days_overdue += overdue
        if step.kind == StepKind.TALK and step.status != StepStatus.WAIVED:
            r.talks_in_plan += 1
            r.talks_planned += step.due_on <= day
        if step.kind == StepKind.REFLECTION and missed:
            r.reflections_missing += 1

    for talk in await Talk.filter(case_id__in=ids).only("case_id", "held_on", "confirmation"):
        r = result[talk.case_id]
        if talk.held_on <= r.as_of:
            r.talks_held += 1
            r.disputed_talks += talk.confirmation == TalkConfirmation.DISPUTED

    lines = await Attendance.filter(case_id__in=ids, status__not_isnull=True).prefetch_related(
        "session"
    )
    for line in lines:
        r = result[line.case_id]
        if line.session.starts_at.astimezone(tz).date() > r.as_of:
            continue
        marks = r.attendance[SessionKind(line.session.kind)]
        status = AttendanceStatus(line.status)
        if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
            marks.present += 1
            marks.late += status == AttendanceStatus.LATE
        elif status == AttendanceStatus.EXCUSED:
            marks.excused += 1
        else:
            marks.absent += 1

    reflection_case: dict[int, int] = {}
    for reflection in await Reflection.filter(case_id__in=ids):
        r = result[reflection.case_id]
        if reflection.created_at.astimezone(tz).date() > r.as_of:
            continue
        reflection_case[reflection.id] = reflection.case_id
        if reflection.late:
            r.reflections_late += 1
        else:
            r.reflections_on_time += 1
    revisions: defaultdict[int, int] = defaultdict(int)
    versions = ReflectionVersion.filter(reflection_id__in=list(reflection_case), number__gt=1)
    for version in await versions.only("reflection_id", "submitted_at"):
        case_id = reflection_case[version.reflection_id]  # type: ignore[attr-defined]
        if version.submitted_at.astimezone(tz).date() <= result[case_id].as_of:
            revisions[case_id] += 1
    for case in cases:
        result[case.id].reflection_revisions = revisions[case.id]
        result[case.id].days_on_leave = days_within(
            leaves[case.id], case.recalled_on, days[case.id]
        )
    return result


async def summary(case: Case, as_of: date, zone: str) -> Readiness:
    """The readiness of one case as of a day."""
    return (await summaries([case], as_of, zone))[case.id]


def lines(r: Readiness, locale: str) -> list[str]:
    """The summary as short plain lines in a language (chat and dossier alike)."""

    def t(key: str, **params: object) -> str:
        return translate(locale, key, **params)

    shown = [
        t("readiness-as-of", day=r.as_of),
        t(
            "readiness-talks",
            held=r.talks_held,
            planned=r.talks_planned,
            total=r.talks_in_plan,
            disputed=r.disputed_talks,
        ),
    ]
    for kind in SessionKind:
        m = r.attendance[kind]
        shown.append(
            t(
                "readiness-attendance",
                kind=t(f"session-kind-{kind.value}"),
                present=m.present,
                late=m.late,
                excused=m.excused,
                absent=m.absent,
            )
        )
    shown += [
        t(
            "readiness-reflections",
            on_time=r.reflections_on_time,
            late=r.reflections_late,
            missing=r.reflections_missing,
            revisions=r.reflection_revisions,
        ),
        t("readiness-days", overdue=r.days_overdue, leave=r.days_on_leave),
    ]
    return shown


# Export columns, in order, with the value of each (headings: export-col-<column>).
COLUMNS = (
    "talks-held", "talks-planned", "talks-disputed", "training-present", "training-excused",
    "training-absent", "education-present", "education-excused", "education-absent",
    "reflections-on-time", "reflections-late", "reflections-missing", "reflection-revisions",
    "days-overdue", "days-on-leave",
)  # fmt: skip


def columns(r: Readiness) -> dict[str, int]:
    training, education = r.attendance[SessionKind.TRAINING], r.attendance[SessionKind.EDUCATION]
    return {
        "talks-held": r.talks_held,
        "talks-planned": r.talks_planned,
        "talks-disputed": r.disputed_talks,
        "training-present": training.present,
        "training-excused": training.excused,
        "training-absent": training.absent,
        "education-present": education.present,
        "education-excused": education.excused,
        "education-absent": education.absent,
        "reflections-on-time": r.reflections_on_time,
        "reflections-late": r.reflections_late,
        "reflections-missing": r.reflections_missing,
        "reflection-revisions": r.reflection_revisions,
        "days-overdue": r.days_overdue,
        "days-on-leave": r.days_on_leave,
    }
