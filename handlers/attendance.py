"""/attendance: a mentor (or an admin) marks a session's roster with toggle buttons.

    /attendance ─> SESSION ─at:s:<id>─> ROSTER ─at:t:<case> (cycle a line), at:all:1 ─┐
                                          ^──────────────────────────────────────────┘
                                          ROSTER ─at:ok:save─> record_attendance ─> saved roster

The roster message is edited in place; it is also the confirmation step (Save / Cancel).
A mentor sees and marks only the lines of their own cases; an admin sees every line.
The draft keeps what the roster showed (`seen`): Save sends only the lines changed here, and
the service refuses to overwrite a line someone else marked meanwhile (RosterConflict); the
roster is then shown as it now stands, with this person's other changes still on it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, stale
from bot.chat.context import AppContext
from bot.services import mentoring, policy
from bot.services.activities import RosterConflict, all_present
from handlers.common import Buttons, answer, edit_or_send
from handlers.forms import END, Command, Form, Press, confirm, confirm_buttons, step
from handlers.pickers import data_of, query_of
from models import TrainingSession
from models.enums import AttendanceStatus

BUTTONS = claim("at", "attendance")
ROLES = policy.roles("attendance")
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


@dataclass
class RosterDraft:
    session_id: int = 0
    title: str = ""
    order: list[str] = field(default_factory=list)  # case ids as text, as JSON keeps them
    names: dict[str, str] = field(default_factory=dict)
    seen: dict[str, str | None] = field(default_factory=dict)  # as the roster was shown
    marks: dict[str, str | None] = field(default_factory=dict)  # as marked here so far


def session_title(context: AppContext, session: TrainingSession) -> str:
    return f"{context.datetime(session.starts_at)} {session.title}"


async def cmd_attendance(update: Update, context: AppContext, draft: RosterDraft) -> int | None:
    person = context.require_person()
    sessions = await mentoring.sessions_to_mark(person, ROLES, context.clock.now())
    if not sessions:
        await answer(update, context, context.t("attendance-no-sessions"))
        return None
    buttons = [[(session_title(context, s), BUTTONS.data("s", s.id))] for s in sessions]
    await answer(update, context, context.t("attendance-pick-session"), buttons)
    return State.SESSION


async def on_session(update: Update, context: AppContext, draft: RosterDraft) -> int | None:
    session_id = BUTTONS.number(data_of(update), "s")
    person = context.require_person()
    session = await mentoring.session_for(person, ROLES, session_id)
    lines = await mentoring.roster_for(person, ROLES, session.id)
    if not lines:
        await edit_or_send(query_of(update), context, context.t("attendance-empty-roster"))
        return END
    draft.session_id, draft.title = session.id, session_title(context, session)
    _take_roster(draft, lines)
    await _show_roster(update, context, draft)
    return State.ROSTER


def _take_roster(draft: RosterDraft, lines: list[mentoring.RosterLine]) -> None:
    """Put the roster as it stands into the draft, as shown and as marked so far."""
    seen = {str(line.case_id): line.status.value if line.status else None for line in lines}
    draft.order = [str(line.case_id) for line in lines]
    draft.names = {str(line.case_id): line.cadre for line in lines}
    draft.seen, draft.marks = seen, dict(seen)


def _roster_text(context: AppContext, draft: RosterDraft, header: str) -> str:
    rows = [header, f"<b>{html.escape(draft.title)}</b>"]
    for key in draft.order:
        status = draft.marks[key]
        label = context.t(f"attendance-{status or 'none'}")
        rows.append(f"{ICONS[status]} {html.escape(draft.names[key])} — {label}")
    return "\n".join(rows)


def _roster_buttons(context: AppContext, draft: RosterDraft) -> Buttons:
    rows = [
        [(f"{ICONS[draft.marks[key]]} {draft.names[key]}", BUTTONS.data("t", key))]
        for key in draft.order
    ]
    rows.append([(context.t("attendance-all-present"), BUTTONS.data("all", 1))])
    return [*rows, *confirm_buttons(context, BUTTONS)]


async def _show_roster(
    update: Update, context: AppContext, draft: RosterDraft, header: str = ""
) -> None:
    text = _roster_text(context, draft, header or context.t("attendance-roster-help"))
    await edit_or_send(query_of(update), context, text, _roster_buttons(context, draft))


async def on_toggle(update: Update, context: AppContext, draft: RosterDraft) -> None:
    key = str(BUTTONS.number(data_of(update), "t"))
    marks = draft.marks
    if key not in marks:
        raise stale()
    current = _status(marks[key])
    marks[key] = NEXT_STATUS[current].value
    await _show_roster(update, context, draft)


async def on_all_present(update: Update, context: AppContext, draft: RosterDraft) -> None:
    """Marks the people not marked yet; every mark already made stays as it is."""
    marks = draft.marks
    changed = all_present({key: _status(status) for key, status in marks.items()})
    if not changed:
        await query_of(update).answer(context.t("attendance-nothing-changed"))
        return
    marks.update({key: status.value for key, status in changed.items()})
    await _show_roster(update, context, draft)


async def on_save(update: Update, context: AppContext, draft: RosterDraft) -> int | None:
    person = context.require_person()
    if not any(v is not None for v in draft.marks.values()):
        await query_of(update).answer(context.t("attendance-nothing-marked"), show_alert=True)
        return None
    changed = {k: v for k, v in draft.marks.items() if v is not None and v != draft.seen[k]}
    if not changed:
        await query_of(update).answer(context.t("attendance-nothing-changed"), show_alert=True)
        return None
    marks = {int(k): AttendanceStatus(v) for k, v in changed.items()}
    seen = {int(k): _status(draft.seen[k]) for k in changed}
    try:
        await context.services.activities.record_attendance(
            draft.session_id, marks, by=person, seen=seen
        )
    except RosterConflict as conflict:
        await _show_conflict(update, context, draft, conflict, changed)
        return State.ROSTER
    _take_roster(draft, await mentoring.roster_for(person, ROLES, draft.session_id))
    text = _roster_text(context, draft, context.t("attendance-saved"))
    await edit_or_send(query_of(update), context, text)
    return END


def _status(value: str | None) -> AttendanceStatus | None:
    return AttendanceStatus(value) if value else None


async def _show_conflict(
    update: Update,
    context: AppContext,
    draft: RosterDraft,
    conflict: RosterConflict,
    changed: dict[str, str],
) -> None:
    """The roster as it now stands, with this person's changes that still apply on it."""
    person = context.require_person()
    _take_roster(draft, await mentoring.roster_for(person, ROLES, draft.session_id))
    clashed = {str(change.case_id) for change in conflict.changes}
    for key, value in changed.items():
        if key in draft.marks and key not in clashed:
            draft.marks[key] = value
    lines = [context.t("attendance-conflict", count=len(conflict.changes))]
    for change in conflict.changes:
        lines.append(
            context.t(
                "attendance-conflict-line",
                name=draft.names.get(str(change.case_id), ""),
                now=context.t(f"attendance-{change.now.value if change.now else 'none'}"),
                by=change.by or context.t("attendance-by-checkin"),
                yours=context.t(f"attendance-{change.yours.value}"),
            )
        )
    lines.append(context.t("attendance-conflict-help"))
    await _show_roster(update, context, draft, "\n".join(lines))


FORM = Form(
    "attendance",
    action="attendance",
    draft=RosterDraft,
    prefix=BUTTONS,
    entry=[Command(("attendance",), cmd_attendance)],
    steps={
        State.SESSION: step("button", Press("s", on_session)),
        State.ROSTER: step(
            "button",
            Press("t", on_toggle),
            Press("all", on_all_present),
            *confirm(on_save).answers,
        ),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
