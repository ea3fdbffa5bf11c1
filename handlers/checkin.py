"""/checkin: an admin or a mentor shows a session's check-in code, as a QR picture and a link.

    /checkin ─> sessions running now or to come ─ck:s:<id>─> photo: QR of
    https://t.me/<bot>?start=ci-<code>, the link, how long it works ─ck:r:<id>─> a fresh one

Codes change every few minutes (ActivityService.checkin_code); a cadre who opens the link
during the session checks in through `/start ci-<code>` (handlers/start.py).
"""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

import segno
from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, stale
from bot.chat.context import AppContext
from bot.services import mentoring, policy
from bot.services.errors import DomainError
from handlers.common import answer, keyboard, requires
from handlers.pickers import drop_buttons, query_of
from models import TrainingSession

BUTTONS = claim("ck", "checkin")
ROLES = policy.roles("checkin")
CHECKIN_PAYLOAD = "ci-"  # /start ci-<code> checks a cadre in (handlers/start.py)


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def _hour(context: AppContext, moment: datetime) -> str:
    return f"{moment.astimezone(context.zone):%H:%M}"


@requires("checkin")
async def cmd_checkin(update: Update, context: AppContext) -> None:
    """Today's sessions (in the reader's zone), running or still to start."""
    person = context.require_person()
    now = context.clock.now()
    tomorrow = datetime.combine(context.today() + timedelta(days=1), time(0), context.zone)
    sessions = await mentoring.sessions_for_checkin_until(person, ROLES, now, tomorrow)
    if not sessions:
        later = await mentoring.next_session(person, ROLES, tomorrow)
        text = context.t("checkin-none-today")
        if later is not None:
            text += "\n" + context.t(
                "checkin-next-session", title=later.title, start=context.datetime(later.starts_at)
            )
        await answer(update, context, text)
        return
    buttons = [
        [
            (
                f"{_hour(context, s.starts_at)}–{_hour(context, s.ends_at)} {s.title}",
                BUTTONS.data("s", s.id),
            )
        ]
        for s in sessions
    ]
    await answer(update, context, context.t("checkin-pick-today"), buttons)


@requires("checkin")
async def on_show_code(update: Update, context: AppContext) -> None:
    """Send the current code of the session (a pick or a refresh)."""
    query = query_of(update)
    tag, _ = BUTTONS.split(query.data)
    if tag not in ("s", "r"):
        raise stale()
    session_id = BUTTONS.number(query.data, tag)
    session = await mentoring.session_for(context.require_person(), ROLES, session_id)
    now = context.clock.now()
    if session.ends_at < now:
        raise DomainError("checkin-session-over")
    await drop_buttons(query)
    code = context.services.activities.checkin_code(session, now)
    link = f"https://t.me/{context.bot.username}?start={CHECKIN_PAYLOAD}{code}"
    assert update.effective_chat is not None
    await context.bot.send_photo(
        update.effective_chat.id,
        qr_png(link),
        caption=_caption(context, session, link),
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard([[(context.t("checkin-refresh"), BUTTONS.data("r", session.id))]]),
    )


def _caption(context: AppContext, session: TrainingSession, link: str) -> str:
    until = mentoring.code_valid_until(context.clock.now())
    return context.t(
        "checkin-caption",
        title=session.title,
        start=context.datetime(session.starts_at),
        end=_hour(context, session.ends_at),
        link=link,
        until=_hour(context, until),
    )


def register(app: RecallApplication) -> None:
    app.add_handler(CommandHandler("checkin", cmd_checkin))
    app.add_handler(CallbackQueryHandler(on_show_code, pattern=BUTTONS.pattern()))
