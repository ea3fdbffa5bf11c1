"""/session: an admin schedules a closed training or a party-spirit education session.

KIND ─> TITLE ─> DAY ─> TIME ─> LENGTH ─> PLACE ─> ROSTER ─> CONFIRM ─> saved
(ROSTER: toggle cases, or add all active cases of a cohort, then "done")
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import pack, unpack, unpack_ints
from bot.chat.context import AppContext
from bot.services import oversight
from bot.services.activities import clean_text
from bot.services.errors import DomainError
from handlers.choices import join_names
from handlers.common import answer, requires
from handlers.forms import END, begin, expect, finish, form, step
from handlers.pickers import (
    ask_confirm,
    confirm_handlers,
    enum_choice,
    query_of,
    reply,
    typed_day,
)
from models.enums import Role, SessionKind

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


def parse_time(text: str) -> time | None:
    match = TIME_PATTERN.match(text)
    if match is None:
        return None
    hour, minute = (int(part) for part in match.groups())
    return time(hour, minute) if hour < 24 and minute < 60 else None


@requires(Role.ADMIN)
async def cmd_session(update: Update, context: AppContext) -> int:
    if not await oversight.active_cases():
        await answer(update, context, context.t("newsession-no-cases"))
        return END  # no draft was begun: another open form keeps its own
    begin(context, "session", expect="button")
    rows = [[(context.t(f"session-kind-{k}"), pack("nsk", k.value))] for k in SessionKind]
    await answer(update, context, context.t("newsession-ask-kind"), rows)
    return State.KIND


@step
@requires(Role.ADMIN)
async def on_kind(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "nsk", 1)
    context.draft["kind"] = enum_choice(SessionKind, value).value
    expect(context, "text")
    await reply(update, context, context.t("newsession-ask-title"))
    return State.TITLE


@step
@requires(Role.ADMIN)
async def on_title(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    context.draft["title"] = clean_text(update.message.text, required=True, limit=200)
    expect(context, "date")
    today = context.today()
    rows = [
        [
            (context.t("day-today"), pack("nsd", 0)),
            (context.t("newsession-tomorrow"), pack("nsd", 1)),
        ]
    ]
    await answer(update, context, context.t("newsession-ask-day", today=context.date(today)), rows)
    return State.DAY


@step
@requires(Role.ADMIN)
async def on_day_button(update: Update, context: AppContext) -> int:
    (offset,) = unpack_ints(query_of(update).data, "nsd", 1)
    if offset not in (0, 1):
        raise DomainError("error-stale-button")
    return await _set_day(update, context, context.today() + timedelta(days=offset))


@step
@requires(Role.ADMIN)
async def on_day_text(update: Update, context: AppContext) -> int:
    day = await typed_day(update, context, toward="future")
    if day is None:
        return State.DAY
    return await _set_day(update, context, day)


async def _set_day(update: Update, context: AppContext, day: date) -> int:
    context.draft["day"] = day.isoformat()
    expect(context, "text")
    rows = [[(label, pack("nst", label.replace(":", ""))) for label in TIME_CHOICES]]
    await reply(update, context, context.t("newsession-ask-time", day=context.date(day)), rows)
    return State.TIME


@step
@requires(Role.ADMIN)
async def on_time_button(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "nst", 1)
    label = f"{value[:2]}:{value[2:]}"
    if label not in TIME_CHOICES:
        raise DomainError("error-stale-button")
    return await _set_time(update, context, label)


@step
@requires(Role.ADMIN)
async def on_time_text(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    start = parse_time(update.message.text)
    if start is None:
        await answer(update, context, context.t("newsession-expects-time"))
        return State.TIME
    return await _set_time(update, context, start.strftime("%H:%M"))


async def _set_time(update: Update, context: AppContext, start: str) -> int:
    context.draft["time"] = start
    rows = [
        [(context.t("newsession-hours", hours=m // 60), pack("nsl", m))] for m in LENGTH_CHOICES
    ]
    await reply(update, context, context.t("newsession-ask-length", start=start), rows)
    return State.LENGTH


@step
@requires(Role.ADMIN)
async def on_length_button(update: Update, context: AppContext) -> int:
    (minutes,) = unpack_ints(query_of(update).data, "nsl", 1)
    if minutes not in LENGTH_CHOICES:
        raise DomainError("error-stale-button")
    return await _set_end(update, context, _starts_at(context) + timedelta(minutes=minutes))


@step
@requires(Role.ADMIN)
async def on_length_text(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    end = parse_time(update.message.text)
    if end is None:
        await answer(update, context, context.t("newsession-expects-time"))
        return State.LENGTH
    starts_at = _starts_at(context)
    return await _set_end(
        update, context, datetime.combine(starts_at.date(), end, starts_at.tzinfo)
    )


def _starts_at(context: AppContext) -> datetime:
    """The start as an aware datetime in the admin's time zone."""
    day = date.fromisoformat(context.draft["day"])
    return datetime.combine(day, time.fromisoformat(context.draft["time"]), context.zone)


async def _set_end(update: Update, context: AppContext, ends_at: datetime) -> int:
    if ends_at <= _starts_at(context):
        raise DomainError("error-session-ends-before-start")
    context.draft["ends_at"] = ends_at.isoformat()
    expect(context, "text")
    rows = [[(context.t("form-skip"), pack("nsp", "skip"))]]
    await reply(update, context, context.t("newsession-ask-place"), rows)
    return State.PLACE


@step
@requires(Role.ADMIN)
async def on_place_text(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    context.draft["place"] = clean_text(update.message.text, required=True, limit=200)
    return await _show_roster(update, context)


@step
@requires(Role.ADMIN)
async def on_place_skip(update: Update, context: AppContext) -> int:
    unpack(query_of(update).data, "nsp", 1)
    context.draft["place"] = ""
    return await _show_roster(update, context)


async def _show_roster(update: Update, context: AppContext) -> int:
    """The roster as toggle buttons, cohort buttons that add a whole cohort, and "done"."""
    expect(context, "button")
    chosen = set(context.draft.setdefault("roster", []))
    cohorts = await oversight.active_cohorts()
    context.draft["cohorts"] = cohorts
    rows = [
        [(context.t("newsession-add-cohort", cohort=label), pack("nsg", i))]
        for i, label in enumerate(cohorts)
    ]
    toggles = [
        (f"{'☑' if c.id in chosen else '☐'} #{c.id} {c.cadre.name}", pack("nsr", c.id))
        for c in (await oversight.active_cases())[:MAX_ROSTER_BUTTONS]
    ]
    rows += [toggles[i : i + 2] for i in range(0, len(toggles), 2)]
    rows.append([(context.t("newsession-roster-done", count=len(chosen)), pack("nsa", "done"))])
    await reply(update, context, context.t("newsession-ask-roster", count=len(chosen)), rows)
    return State.ROSTER


@step
@requires(Role.ADMIN)
async def on_toggle(update: Update, context: AppContext) -> int:
    (case_id,) = unpack_ints(query_of(update).data, "nsr", 1)
    if case_id not in {c.id for c in await oversight.active_cases()}:
        raise DomainError("error-case-not-found")
    roster: list[int] = context.draft.setdefault("roster", [])
    if case_id in roster:
        roster.remove(case_id)
    else:
        roster.append(case_id)
    return await _show_roster(update, context)


@step
@requires(Role.ADMIN)
async def on_cohort(update: Update, context: AppContext) -> int:
    (index,) = unpack_ints(query_of(update).data, "nsg", 1)
    cohorts = context.draft.get("cohorts", [])
    if not 0 <= index < len(cohorts):
        raise DomainError("error-stale-button")
    roster: list[int] = context.draft.setdefault("roster", [])
    for case in await oversight.active_cases(cohorts[index]):
        if case.id not in roster:
            roster.append(case.id)
    return await _show_roster(update, context)


@step
@requires(Role.ADMIN)
async def on_roster_done(update: Update, context: AppContext) -> int:
    unpack(query_of(update).data, "nsa", 1)
    if not context.draft.get("roster"):
        raise DomainError("error-roster-empty")
    await ask_confirm(update, context, "nsy", await _summary(context))
    return State.CONFIRM


async def _summary(context: AppContext, key: str = "newsession-confirm") -> str:
    d = context.draft
    cases = {c.id: c for c in await oversight.active_cases()}
    names = [f"#{i} {cases[i].cadre.name}" for i in d["roster"] if i in cases]
    shown = join_names(context, names[:MAX_NAMES_SHOWN])
    if len(names) > MAX_NAMES_SHOWN:
        shown += context.t("newsession-and-more", count=len(names) - MAX_NAMES_SHOWN)
    return context.t(
        key,
        kind=context.t(f"session-kind-{d['kind']}"),
        title=d["title"],
        start=context.datetime(_starts_at(context)),
        end=datetime.fromisoformat(d["ends_at"]).strftime("%H:%M"),
        place=d["place"] or "—",
        count=len(names),
        names=shown,
    )


@requires(Role.ADMIN)
async def on_save(update: Update, context: AppContext) -> int:
    d = context.draft
    await context.services.activities.schedule_session(
        SessionKind(d["kind"]),
        d["title"],
        _starts_at(context),
        datetime.fromisoformat(d["ends_at"]),
        list(d["roster"]),
        by=context.require_person(),
        place=d["place"],
    )
    await reply(update, context, await _summary(context, "newsession-saved"))
    return finish(context)


def register(app: RecallApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(
        form(
            "session",
            entry_points=[CommandHandler("session", cmd_session)],
            states={
                State.KIND: [CallbackQueryHandler(on_kind, pattern=r"^nsk:")],
                State.TITLE: [MessageHandler(text, on_title)],
                State.DAY: [
                    CallbackQueryHandler(on_day_button, pattern=r"^nsd:"),
                    MessageHandler(text, on_day_text),
                ],
                State.TIME: [
                    CallbackQueryHandler(on_time_button, pattern=r"^nst:"),
                    MessageHandler(text, on_time_text),
                ],
                State.LENGTH: [
                    CallbackQueryHandler(on_length_button, pattern=r"^nsl:"),
                    MessageHandler(text, on_length_text),
                ],
                State.PLACE: [
                    CallbackQueryHandler(on_place_skip, pattern=r"^nsp:"),
                    MessageHandler(text, on_place_text),
                ],
                State.ROSTER: [
                    CallbackQueryHandler(on_toggle, pattern=r"^nsr:"),
                    CallbackQueryHandler(on_cohort, pattern=r"^nsg:"),
                    CallbackQueryHandler(on_roster_done, pattern=r"^nsa:"),
                ],
                State.CONFIRM: confirm_handlers("nsy", on_save),
            },
        )
    )
