"""/checkin: an admin or a mentor shows a session's check-in code, as a QR picture and a link.

    /checkin ─> sessions running now or to come ─ck:s:<id>─> photo: QR of
    https://t.me/<bot>?start=ci-<code>, the link, how long it works ─ck:r:<id>─> a fresh one

Codes change every few minutes (ActivityService.checkin_code); a cadre who opens the link
during the session checks in through `/start ci-<code>` (handlers/start.py).
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

import segno
from telegram import InputMediaPhoto, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

if TYPE_CHECKING:
    from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, stale
from bot.chat.context import AppContext
from bot.i18n import format_datetime, translate
from bot.services import mentoring, policy
from bot.services.activities import CHECKIN_WINDOW
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
    chat_id = update.effective_chat.id
    sent = await context.bot.send_photo(
        chat_id,
        qr_png(link),
        caption=_caption(context, session, link),
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard([[(context.t("checkin-refresh"), BUTTONS.data("r", session.id))]]),
    )
    keep_fresh(context, session.id, chat_id, sent.message_id, code)


# The QR message edits itself while the session is open (branch views2) ----------------------


@dataclass
class ShownCode:
    """One QR message kept fresh: which session, where, the code it shows, in whose words."""

    session_id: int
    chat_id: int
    message_id: int
    code: str
    locale: str
    zone: str


def job_name(chat_id: int, session_id: int) -> str:
    return f"checkin-qr:{chat_id}:{session_id}"


def keep_fresh(
    context: AppContext, session_id: int, chat_id: int, message_id: int, code: str
) -> None:
    """One job per chat and session edits the newest QR message in place as its code turns
    (the job runs on the JobQueue; the time it reads is the injected clock's)."""
    queue = context.job_queue
    if queue is None:
        return
    name = job_name(chat_id, session_id)
    for old in queue.get_jobs_by_name(name):
        old.schedule_removal()
    seconds = CHECKIN_WINDOW.total_seconds()
    shown = ShownCode(session_id, chat_id, message_id, code, context.locale, str(context.zone))
    queue.run_repeating(
        refresh_shown_code,  # type: ignore[arg-type]  # our AppContext is the queue's context
        interval=seconds,
        first=seconds,
        name=name,
        data=shown,
        job_kwargs={"misfire_grace_time": int(seconds), "coalesce": True, "max_instances": 1},
    )


async def refresh_shown_code(context: AppContext) -> None:
    """Show the session's current code in the QR message; once the session is over, say so,
    take the button away and stop."""
    job = context.job
    assert job is not None
    shown = job.data
    assert isinstance(shown, ShownCode)
    services = cast("RecallApplication", context.application).services
    now = services.clock.now()
    session = await TrainingSession.get_or_none(id=shown.session_id)
    zone = ZoneInfo(shown.zone)

    def t(key: str, **params: object) -> str:
        return translate(shown.locale, key, **params)

    try:
        if session is None or session.ends_at < now:
            title = html.escape(session.title) if session is not None else "—"
            await context.bot.edit_message_caption(
                shown.chat_id,
                shown.message_id,
                caption=t("checkin-qr-closed", title=title),
                parse_mode=ParseMode.HTML,
                reply_markup=None,
            )
            job.schedule_removal()
            return
        code = services.activities.checkin_code(session, now)
        if code == shown.code:
            return
        bot = await context.bot.get_me() if not context.bot.username else None
        username = context.bot.username or (bot.username if bot else "")
        link = f"https://t.me/{username}?start={CHECKIN_PAYLOAD}{code}"
        until = mentoring.code_valid_until(now)
        caption = t(
            "checkin-caption",
            title=html.escape(session.title),
            start=format_datetime(session.starts_at, shown.locale, zone),
            end=f"{session.ends_at.astimezone(zone):%H:%M}",
            link=link,
            until=f"{until.astimezone(zone):%H:%M}",
        )
        refresh = t("checkin-refresh")
        await context.bot.edit_message_media(
            InputMediaPhoto(qr_png(link), caption=caption, parse_mode=ParseMode.HTML),
            chat_id=shown.chat_id,
            message_id=shown.message_id,
            reply_markup=keyboard([[(refresh, BUTTONS.data("r", session.id))]]),
        )
        shown.code = code
    except BadRequest:  # the message was deleted, or is unchanged: nothing more to keep fresh
        job.schedule_removal()


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
