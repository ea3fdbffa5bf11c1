"""/attendance: a mentor (or an admin) marks a session's roster with toggle buttons.

    /attendance ─> SESSION ─at:s:<id>─> ROSTER ─at:t:<case> (cycle a line), at:all ─┐
                                          ^──────────────────────────────────────────┘
                                          ROSTER ─at:save─> record_attendance ─> saved roster

The roster message is edited in place; it is also the confirmation step (Save / Cancel).
A mentor sees and marks only the lines of their own cases; an admin sees every line.
The draft keeps what the roster showed (`seen`): Save sends only the lines changed here, and
the service refuses to overwrite a line someone else marked meanwhile (RosterConflict); the
roster is then shown as it now stands, with this person's other changes still on it.
"""

from __future__ import annotations

import html
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.chat.app import RecallApplication
from bot.chat.callbacks import pack
from bot.chat.context import AppContext
from bot.services import mentoring
from bot.services.activities import RosterConflict, all_present
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
    context.draft.update(session_id=session.id, title=session_title(context, session))
    _take_roster(context, lines)
    expect(context, "button")
    await _show_roster(update, context)
    return State.ROSTER


def _take_roster(context: AppContext, lines: list[mentoring.RosterLine]) -> None:
    """Put the roster as it stands into the draft, as shown and as marked so far."""
    seen = {str(line.case_id): line.status.value if line.status else None for line in lines}
    context.draft.update(
        order=[str(line.case_id) for line in lines],
        names={str(line.case_id): line.cadre for line in lines},
        seen=seen,
        marks=dict(seen),
    )


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


async def _show_roster(update: Update, context: AppContext, header: str = "") -> None:
    text = _roster_text(context, header or context.t("attendance-roster-help"))
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
    """Marks the people not marked yet; every mark already made stays as it is."""
    marks = context.draft["marks"]
    changed = all_present({key: _status(status) for key, status in marks.items()})
    if not changed:
        await query_of(update).answer(context.t("attendance-nothing-changed"))
        return
    marks.update({key: status.value for key, status in changed.items()})
    await _show_roster(update, context)


async def on_save(update: Update, context: AppContext) -> int | None:
    draft, person = context.draft, context.require_person()
    if not any(v is not None for v in draft["marks"].values()):
        await query_of(update).answer(context.t("attendance-nothing-marked"), show_alert=True)
        return None
    changed = {k: v for k, v in draft["marks"].items() if v is not None and v != draft["seen"][k]}
    if not changed:
        await query_of(update).answer(context.t("attendance-nothing-changed"), show_alert=True)
        return None
    marks = {int(k): AttendanceStatus(v) for k, v in changed.items()}
    seen = {int(k): _status(draft["seen"][k]) for k in changed}
    try:
        await context.services.activities.record_attendance(
            draft["session_id"], marks, by=person, seen=seen
        )
    except RosterConflict as conflict:
        await _show_conflict(update, context, conflict, changed)
        return State.ROSTER
    _take_roster(context, await mentoring.roster_for(person, ROLES, draft["session_id"]))
    await edit_or_send(
        query_of(update), context, _roster_text(context, context.t("attendance-saved"))
    )
    return finish(context)


def _status(value: str | None) -> AttendanceStatus | None:
    return AttendanceStatus(value) if value else None


async def _show_conflict(
    update: Update, context: AppContext, conflict: RosterConflict, changed: dict[str, str]
) -> None:
    """The roster as it now stands, with this person's changes that still apply on it."""
    person, draft = context.require_person(), context.draft
    _take_roster(context, await mentoring.roster_for(person, ROLES, draft["session_id"]))
    clashed = {str(change.case_id) for change in conflict.changes}
    for key, value in changed.items():
        if key in draft["marks"] and key not in clashed:
            draft["marks"][key] = value
    lines = [context.t("attendance-conflict", count=len(conflict.changes))]
    for change in conflict.changes:
        lines.append(
            context.t(
                "attendance-conflict-line",
                name=draft["names"].get(str(change.case_id), ""),
                now=context.t(f"attendance-{change.now.value if change.now else 'none'}"),
                by=change.by or context.t("attendance-by-checkin"),
                yours=context.t(f"attendance-{change.yours.value}"),
            )
        )
    lines.append(context.t("attendance-conflict-help"))
    await _show_roster(update, context, "\n".join(lines))


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
