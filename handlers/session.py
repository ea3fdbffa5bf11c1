"""/session: an admin schedules a special training or a party-spirit education session.

KIND ─> TITLE ─> DAY ─> TIME ─> LENGTH ─> PLACE ─> ROSTER ─> CONFIRM ─> saved
(ROSTER: toggle cases, or add all active cases of a cohort, then "done")
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, stale
from bot.chat.context import AppContext
from bot.services import guards, oversight
from bot.services.activities import clean_text
from bot.services.errors import DomainError
from handlers.choices import case_label, join_names
from handlers.common import answer
from handlers.forms import END, Command, Form, Press, Text, confirm, step, warnings_text
from handlers.pickers import ask_confirm, data_of, reply, typed_day
from models import Attendance, TrainingSession
from models.enums import SessionKind

BUTTONS = claim("ns", "session")

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})\s*[:：.]\s*(\d{2})\s*$")
TIME_CHOICES = ("08:30", "09:00", "14:00", "14:30")
LENGTH_CHOICES = (60, 120, 180, 240, 480)  # minutes
MAX_ROSTER_BUTTONS = 80
MAX_NAMES_SHOWN = 20


class State(IntEnum):
    KIND = 1
    TITLE = 2
    DAY = 3
    TIME = 4
    LENGTH = 5
    PLACE = 6
    ROSTER = 7
    CONFIRM = 8


@dataclass
class SessionDraft:
    kind: str = ""
    title: str = ""
    day: date | None = None
    time: str = ""  # HH:MM in the admin's zone
    ends_at: datetime | None = None
    place: str = ""
    roster: list[int] = field(default_factory=list)  # case ids
    cohorts: list[str] = field(default_factory=list)  # as the cohort buttons list them


def parse_time(text: str) -> time | None:
    match = TIME_PATTERN.match(text)
    if match is None:
        return None
    hour, minute = (int(part) for part in match.groups())
    return time(hour, minute) if hour < 24 and minute < 60 else None


async def cmd_session(update: Update, context: AppContext, draft: SessionDraft) -> int:
    if not await oversight.active_cases():
        await answer(update, context, context.t("newsession-no-cases"))
        return END  # no form was opened: another open form keeps its own
    rows = [[(context.t(f"session-kind-{k}"), BUTTONS.data("k", k.value))] for k in SessionKind]
    await answer(update, context, context.t("newsession-ask-kind"), rows)
    return State.KIND


async def on_kind(update: Update, context: AppContext, draft: SessionDraft) -> int:
    draft.kind = BUTTONS.member(data_of(update), "k", SessionKind).value
    await reply(update, context, context.t("newsession-ask-title"))
    return State.TITLE


async def on_title(update: Update, context: AppContext, draft: SessionDraft) -> int:
    assert update.message is not None and update.message.text is not None
    draft.title = clean_text(update.message.text, required=True, limit=200)
    today = context.today()
    rows = [
        [
            (context.t("day-today"), BUTTONS.data("d", 0)),
            (context.t("newsession-tomorrow"), BUTTONS.data("d", 1)),
        ]
    ]
    await answer(update, context, context.t("newsession-ask-day", today=context.date(today)), rows)
    return State.DAY


async def on_day_button(update: Update, context: AppContext, draft: SessionDraft) -> int:
    offset = BUTTONS.choice(data_of(update), "d", (0, 1))
    return await _set_day(update, context, draft, context.today() + timedelta(days=offset))


async def on_day_text(update: Update, context: AppContext, draft: SessionDraft) -> int:
    day = await typed_day(update, context, toward="future")
    if day is None:
        return State.DAY
    return await _set_day(update, context, draft, day)


async def _set_day(update: Update, context: AppContext, draft: SessionDraft, day: date) -> int:
    draft.day = day
    rows = [[(label, BUTTONS.data("t", label.replace(":", ""))) for label in TIME_CHOICES]]
    await reply(update, context, context.t("newsession-ask-time", day=context.date(day)), rows)
    return State.TIME


async def on_time_button(update: Update, context: AppContext, draft: SessionDraft) -> int:
    value = BUTTONS.value(data_of(update), "t")
    label = f"{value[:2]}:{value[2:]}"
    if label not in TIME_CHOICES:
        raise stale()
    return await _set_time(update, context, draft, label)


async def on_time_text(update: Update, context: AppContext, draft: SessionDraft) -> int:
    assert update.message is not None and update.message.text is not None
    start = parse_time(update.message.text)
    if start is None:
        await answer(update, context, context.t("newsession-expects-time"))
        return State.TIME
    return await _set_time(update, context, draft, start.strftime("%H:%M"))


async def _set_time(update: Update, context: AppContext, draft: SessionDraft, start: str) -> int:
    draft.time = start
    rows = [
        [(context.t("newsession-hours", hours=m // 60), BUTTONS.data("l", m))]
        for m in LENGTH_CHOICES
    ]
    await reply(update, context, context.t("newsession-ask-length", start=start), rows)
    return State.LENGTH


async def on_length_button(update: Update, context: AppContext, draft: SessionDraft) -> int:
    minutes = BUTTONS.choice(data_of(update), "l", LENGTH_CHOICES)
    ends_at = _starts_at(context, draft) + timedelta(minutes=minutes)
    return await _set_end(update, context, draft, ends_at)


async def on_length_text(update: Update, context: AppContext, draft: SessionDraft) -> int:
    assert update.message is not None and update.message.text is not None
    end = parse_time(update.message.text)
    if end is None:
        await answer(update, context, context.t("newsession-expects-time"))
        return State.LENGTH
    starts_at = _starts_at(context, draft)
    ends_at = datetime.combine(starts_at.date(), end, starts_at.tzinfo)
    return await _set_end(update, context, draft, ends_at)


def _starts_at(context: AppContext, draft: SessionDraft) -> datetime:
    """The start as an aware datetime in the admin's time zone."""
    assert draft.day is not None
    return datetime.combine(draft.day, time.fromisoformat(draft.time), context.zone)


async def _set_end(
    update: Update, context: AppContext, draft: SessionDraft, ends_at: datetime
) -> int:
    if ends_at <= _starts_at(context, draft):
        raise DomainError("error-session-ends-before-start")
    draft.ends_at = ends_at
    rows = [[(context.t("form-skip"), BUTTONS.data("p", "skip"))]]
    await reply(update, context, context.t("newsession-ask-place"), rows)
    return State.PLACE


async def on_place_text(update: Update, context: AppContext, draft: SessionDraft) -> int:
    assert update.message is not None and update.message.text is not None
    draft.place = clean_text(update.message.text, required=True, limit=200)
    return await _show_roster(update, context, draft)


async def on_place_skip(update: Update, context: AppContext, draft: SessionDraft) -> int:
    BUTTONS.choice(data_of(update), "p", ["skip"])
    draft.place = ""
    return await _show_roster(update, context, draft)


async def _show_roster(update: Update, context: AppContext, draft: SessionDraft) -> int:
    """The roster as toggle buttons, cohort buttons that add a whole cohort, and "done"."""
    chosen = set(draft.roster)
    draft.cohorts = cohorts = await oversight.active_cohorts()
    rows = [
        [(context.t("newsession-add-cohort", cohort=label), BUTTONS.data("g", i))]
        for i, label in enumerate(cohorts)
    ]
    shown = (await oversight.active_cases())[:MAX_ROSTER_BUTTONS]
    names = Counter(c.cadre.name for c in shown)
    # People by name, never by id; the unit tells apart two cadres of the same name.
    toggles = [
        (
            f"{'☑' if c.id in chosen else '☐'} "
            + (case_label(c) if names[c.cadre.name] > 1 else c.cadre.name),
            BUTTONS.data("r", c.id),
        )
        for c in shown
    ]
    rows += [toggles[i : i + 2] for i in range(0, len(toggles), 2)]
    done = context.t("newsession-roster-done", count=len(chosen))
    rows.append([(done, BUTTONS.data("a", "done"))])
    await reply(update, context, context.t("newsession-ask-roster", count=len(chosen)), rows)
    return State.ROSTER


async def on_toggle(update: Update, context: AppContext, draft: SessionDraft) -> int:
    case_id = BUTTONS.number(data_of(update), "r")
    if case_id not in {c.id for c in await oversight.active_cases()}:
        raise DomainError("error-case-not-found")
    if case_id in draft.roster:
        draft.roster.remove(case_id)
    else:
        draft.roster.append(case_id)
    return await _show_roster(update, context, draft)


async def on_cohort(update: Update, context: AppContext, draft: SessionDraft) -> int:
    index = BUTTONS.choice(data_of(update), "g", range(len(draft.cohorts)))
    for case in await oversight.active_cases(draft.cohorts[index]):
        if case.id not in draft.roster:
            draft.roster.append(case.id)
    return await _show_roster(update, context, draft)


async def on_roster_done(update: Update, context: AppContext, draft: SessionDraft) -> int:
    BUTTONS.choice(data_of(update), "a", ["done"])
    if not draft.roster:
        raise DomainError("error-roster-empty")
    await ask_confirm(update, context, BUTTONS, await _summary(context, draft))
    return State.CONFIRM


async def _summary(
    context: AppContext, draft: SessionDraft, key: str = "newsession-confirm"
) -> str:
    assert draft.ends_at is not None
    cases = {c.id: c for c in await oversight.active_cases()}
    names = [cases[i].cadre.name for i in draft.roster if i in cases]
    shown = join_names(context, names[:MAX_NAMES_SHOWN])
    if len(names) > MAX_NAMES_SHOWN:
        shown += context.t("newsession-and-more", count=len(names) - MAX_NAMES_SHOWN)
    return context.t(
        key,
        kind=context.t(f"session-kind-{draft.kind}"),
        title=draft.title,
        start=context.datetime(_starts_at(context, draft)),
        end=draft.ends_at.strftime("%H:%M"),
        place=draft.place or "—",
        count=len(names),
        names=shown,
    )


async def on_save(update: Update, context: AppContext, draft: SessionDraft) -> int:
    assert draft.ends_at is not None
    await context.services.activities.schedule_session(
        SessionKind(draft.kind),
        draft.title,
        _starts_at(context, draft),
        draft.ends_at,
        list(draft.roster),
        by=context.require_person(),
        place=draft.place,
    )
    await reply(update, context, await _summary(context, draft, "newsession-saved"))
    return END


async def _warnings(context: AppContext, draft: SessionDraft) -> list[str]:
    """The service's guard rails (a start already past, no place), asked again before saving."""
    if draft.day is None or not draft.time:
        return []
    found = guards.session(_starts_at(context, draft), draft.place, context.clock.now())
    return warnings_text(context, found)


FORM = Form(
    "session",
    action="session",
    draft=SessionDraft,
    prefix=BUTTONS,
    entry=[Command(("session",), cmd_session)],
    steps={
        State.KIND: step("button", Press("k", on_kind)),
        State.TITLE: step("text", Text(on_title)),
        State.DAY: step("date", Press("d", on_day_button), Text(on_day_text)),
        State.TIME: step("text", Press("t", on_time_button), Text(on_time_text)),
        State.LENGTH: step("text", Press("l", on_length_button), Text(on_length_text)),
        State.PLACE: step("text", Press("p", on_place_skip), Text(on_place_text)),
        State.ROSTER: step(
            "button", Press("r", on_toggle), Press("g", on_cohort), Press("a", on_roster_done)
        ),
        State.CONFIRM: confirm(on_save, _warnings),
    },
)


# notices2: /sessions, an admin moves or cancels a coming session; the roster is told ----
#
#   /sessions ─> PICK ─sc:m:<id>─> DAY ─typed date─> TIME ─HH:MM─> CONFIRM ─save─> move_session
#                     └sc:x:<id>──────────────────────────────────> CONFIRM ─save─> cancel_session

CHANGE = claim("sc", "session_change")
MAX_CHANGE_BUTTONS = 10


class Change(IntEnum):
    PICK = 1
    DAY = 2
    TIME = 3
    CONFIRM = 4


@dataclass
class ChangeDraft:
    session_id: int = 0
    action: str = ""  # move | cancel
    title: str = ""
    was: datetime | None = None
    day: date | None = None
    time: str = ""
    roster: int = 0


async def _coming(context: AppContext) -> list[TrainingSession]:
    return list(
        await TrainingSession.filter(starts_at__gt=context.clock.now())
        .order_by("starts_at")
        .limit(MAX_CHANGE_BUTTONS)
    )


async def cmd_sessions(update: Update, context: AppContext, draft: ChangeDraft) -> int:
    sessions = await _coming(context)
    if not sessions:
        await answer(update, context, context.t("sessions-none"))
        return END
    rows = []
    for session in sessions:
        when = context.date(session.starts_at)
        rows.append(
            [
                (f"📅 {when} {session.title}", CHANGE.data("m", session.id)),
                (context.t("sessions-cancel-button"), CHANGE.data("x", session.id)),
            ]
        )
    await answer(update, context, context.t("sessions-pick", count=len(sessions)), rows)
    return Change.PICK


async def _picked(update: Update, context: AppContext, draft: ChangeDraft, tag: str) -> None:
    session_id = CHANGE.number(data_of(update), tag)
    session = await TrainingSession.get_or_none(id=session_id)
    if session is None or session.starts_at <= context.clock.now():
        raise stale()
    draft.session_id, draft.title, draft.was = session.id, session.title, session.starts_at
    draft.roster = await Attendance.filter(session_id=session.id).count()


async def on_move(update: Update, context: AppContext, draft: ChangeDraft) -> int:
    await _picked(update, context, draft, "m")
    draft.action = "move"
    assert draft.was is not None
    text = context.t("sessions-ask-day", title=draft.title, was=context.datetime(draft.was))
    await reply(update, context, text)
    return Change.DAY


async def on_new_day(update: Update, context: AppContext, draft: ChangeDraft) -> int | None:
    day = await typed_day(update, context, toward="future")
    if day is None:
        return None
    if day < context.today():
        raise DomainError("error-date-in-past")
    draft.day = day
    await answer(update, context, context.t("sessions-ask-time", day=context.date(day)))
    return Change.TIME


async def on_new_time(update: Update, context: AppContext, draft: ChangeDraft) -> int | None:
    message = update.effective_message
    start = parse_time(message.text or "") if message is not None else None
    if start is None:
        await answer(update, context, context.t("newsession-expects-time"))
        return None
    draft.time = start.strftime("%H:%M")
    assert draft.day is not None
    moment = datetime.combine(draft.day, start, context.zone)
    text = context.t(
        "sessions-confirm-move",
        title=draft.title,
        when=context.datetime(moment),
        count=draft.roster,
    )
    await ask_confirm(update, context, CHANGE, text)
    return Change.CONFIRM


async def on_cancel_session(update: Update, context: AppContext, draft: ChangeDraft) -> int:
    await _picked(update, context, draft, "x")
    draft.action = "cancel"
    assert draft.was is not None
    text = context.t(
        "sessions-confirm-cancel",
        title=draft.title,
        was=context.datetime(draft.was),
        count=draft.roster,
    )
    await ask_confirm(update, context, CHANGE, text)
    return Change.CONFIRM


async def on_change_save(update: Update, context: AppContext, draft: ChangeDraft) -> int:
    activities, person = context.services.activities, context.require_person()
    if draft.action == "cancel":
        told = await activities.cancel_session(draft.session_id, by=person)
        await reply(
            update, context, context.t("sessions-cancelled", title=draft.title, count=told)
        )
        return END
    assert draft.day is not None
    moment = datetime.combine(draft.day, time.fromisoformat(draft.time), context.zone)
    await activities.move_session(draft.session_id, moment, by=person)
    text = context.t(
        "sessions-moved", title=draft.title, when=context.datetime(moment), count=draft.roster
    )
    await reply(update, context, text)
    return END


CHANGE_FORM = Form(
    "session_change",
    action="session",
    draft=ChangeDraft,
    prefix=CHANGE,
    entry=[Command(("sessions",), cmd_sessions)],
    steps={
        Change.PICK: step("button", Press("m", on_move), Press("x", on_cancel_session)),
        Change.DAY: step("date", Text(on_new_day)),
        Change.TIME: step("text", Text(on_new_time)),
        Change.CONFIRM: confirm(on_change_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
    app.add_handler(CHANGE_FORM.handler(app))
