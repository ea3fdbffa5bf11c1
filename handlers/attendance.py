"""/attendance: a mentor (or an admin) marks a session's roster with toggle buttons.

    /attendance ─> SESSION ─at:s:<id>─> ROSTER ─at:t:<case> (cycle a line), at:all ─┐
                                          ^──────────────────────────────────────────┘
                                          ROSTER ─at:save─> record_attendance ─> saved roster

The roster message is edited in place; it is also the confirmation step (Save / Cancel).
A mentor sees and marks only the lines of their own cases; an admin sees every line.
"""

from __future__ import annotations

import html
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.app import RecallApplication
from bot.callbacks import pack
from bot.context import AppContext
from bot.services import mentoring
from bot.services.errors import DomainError
from handlers.common import Buttons, answer, edit_or_send, requires
from handlers.forms import begin, expect, finish, form, step
from handlers.pickers import (
    confirm_buttons,
    confirm_handlers,
    query_of,
    tagged_int,
)
from models import TrainingSession
from models.enums import AttendanceStatus, Role

PREFIX = "at"
ROLES = (Role.MENTOR, Role.ADMIN)
NEXT_STATUS = {
    None: AttendanceStatus.PRESENT,
    AttendanceStatus.PRESENT: AttendanceStatus.LATE,
    AttendanceStatus.LATE: AttendanceStatus.ABSENT,
    AttendanceStatus.ABSENT: AttendanceStatus.EXCUSED,
    AttendanceStatus.EXCUSED: AttendanceStatus.PRESENT,
}
# "All present" fills in the rest; an excused absence or a late arrival stays as marked.
KEPT_BY_ALL_PRESENT = (AttendanceStatus.EXCUSED.value, AttendanceStatus.LATE.value)
ICONS = {None: "⬜", "present": "✅", "late": "⏰", "absent": "❌", "excused": "📝"}


class State(IntEnum):
    SESSION = 1
    ROSTER = 2


def session_title(context: AppContext, session: TrainingSession) -> str:
    return f"{context.datetime(session.starts_at)} {session.title}"


@requires(*ROLES)
async def cmd_attendance(update: Update, context: AppContext) -> int | None:
    person = context.require_person()
    sessions = await mentoring.sessions_to_mark(person, ROLES, context.clock.now())
    if not sessions:
        await answer(update, context, context.t("attendance-no-sessions"))
        return None
    begin(context, "attendance", expect="button")
    buttons = [[(session_title(context, s), pack(PREFIX, "s", s.id))] for s in sessions]
    await answer(update, context, context.t("attendance-pick-session"), buttons)
    return State.SESSION


async def on_session(update: Update, context: AppContext) -> int | None:
    session_id = tagged_int(query_of(update).data, PREFIX, "s")
    person = context.require_person()
    session = await mentoring.session_for(person, ROLES, session_id)
    lines = await mentoring.roster_for(person, ROLES, session.id)
    if not lines:
        await edit_or_send(query_of(update), context, context.t("attendance-empty-roster"))
        return finish(context)
    context.draft.update(
        session_id=session.id,
        title=session_title(context, session),
        order=[str(line.case_id) for line in lines],
        names={str(line.case_id): line.cadre for line in lines},
        marks={str(line.case_id): line.status.value if line.status else None for line in lines},
    )
    expect(context, "button")
    await _show_roster(update, context)
    return State.ROSTER


def _roster_text(context: AppContext, header: str) -> str:
    draft = context.draft
    rows = [header, f"<b>{html.escape(draft['title'])}</b>"]
    for key in draft["order"]:
        status = draft["marks"][key]
        label = context.t(f"attendance-{status or 'none'}")
        rows.append(f"{ICONS[status]} {html.escape(draft['names'][key])} — {label}")
    return "\n".join(rows)


def _roster_buttons(context: AppContext) -> Buttons:
    draft = context.draft
    rows = [
        [(f"{ICONS[draft['marks'][key]]} {draft['names'][key]}", pack(PREFIX, "t", key))]
        for key in draft["order"]
    ]
    rows.append([(context.t("attendance-all-present"), pack(PREFIX, "all", 1))])
    return [*rows, *confirm_buttons(context, PREFIX)]


async def _show_roster(update: Update, context: AppContext) -> None:
    text = _roster_text(context, context.t("attendance-roster-help"))
    await edit_or_send(query_of(update), context, text, _roster_buttons(context))


async def on_toggle(update: Update, context: AppContext) -> None:
    key = str(tagged_int(query_of(update).data, PREFIX, "t"))
    marks = context.draft["marks"]
    if key not in marks:
        raise DomainError("error-stale-button")
    current = AttendanceStatus(marks[key]) if marks[key] else None
    marks[key] = NEXT_STATUS[current].value
    await _show_roster(update, context)


async def on_all_present(update: Update, context: AppContext) -> None:
    marks = context.draft["marks"]
    changed = [key for key, status in marks.items() if status not in KEPT_BY_ALL_PRESENT]
    changed = [key for key in changed if marks[key] != AttendanceStatus.PRESENT.value]
    if not changed:
        await query_of(update).answer(context.t("attendance-nothing-changed"))
        return
    for key in changed:
        marks[key] = AttendanceStatus.PRESENT.value
    await _show_roster(update, context)


async def on_save(update: Update, context: AppContext) -> int | None:
    draft, person = context.draft, context.require_person()
    marks = {int(k): AttendanceStatus(v) for k, v in draft["marks"].items() if v is not None}
    if not marks:
        await query_of(update).answer(context.t("attendance-nothing-marked"), show_alert=True)
        return None
    await context.services.activities.record_attendance(draft["session_id"], marks, by=person)
    saved = await mentoring.roster_for(person, ROLES, draft["session_id"])
    draft["marks"] = {
        str(line.case_id): line.status.value if line.status else None for line in saved
    }
    draft["order"] = [str(line.case_id) for line in saved]
    await edit_or_send(
        query_of(update), context, _roster_text(context, context.t("attendance-saved"))
    )
    return finish(context)


def register(app: RecallApplication) -> None:
    app.add_handler(
        form(
            "attendance",
            entry_points=[CommandHandler("attendance", cmd_attendance)],
            states={
                State.SESSION: [CallbackQueryHandler(step(on_session), pattern=rf"^{PREFIX}:s:")],
                State.ROSTER: [
                    CallbackQueryHandler(step(on_toggle), pattern=rf"^{PREFIX}:t:"),
                    CallbackQueryHandler(step(on_all_present), pattern=rf"^{PREFIX}:all:"),
                    *confirm_handlers(PREFIX, on_save),
                ],
            },
        )
    )
