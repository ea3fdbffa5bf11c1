"""How a queued notification looks in Telegram: text, buttons, and a chart for digests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.i18n import translate
from bot.services.chart import render_progress_chart
from bot.services.digest import DIGEST_MESSAGE, progress_rows
from bot.services.outbox import render_notification
from models import Notification

# message id -> rows of (button label id, callback prefix, param that holds the id, extra part)
BUTTONS: dict[str, list[list[tuple[str, str, str, str | None]]]] = {
    "talk-confirm-request": [
        [("btn-talk-confirm", "tc", "talk_id", "y"), ("btn-talk-dispute", "tc", "talk_id", "n")]
    ],
    "reflection-to-review": [[("btn-open-review", "rv", "reflection_id", None)]],
    "reflection-revision-requested": [[("btn-revise", "rr", "reflection_id", None)]],
}


@dataclass
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None = None
    chart: bytes | None = None


def render(notification: Notification, locale: str, zone: str) -> Rendered:
    params: dict[str, Any] = dict(notification.params)
    text = render_notification(notification.message, params, locale, zone)
    markup = None
    rows = BUTTONS.get(notification.message)
    if rows:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        translate(locale, label),
                        callback_data=pack(prefix, params[key], *([extra] if extra else [])),
                    )
                    for label, prefix, key, extra in row
                ]
                for row in rows
            ]
        )
    chart = None
    if notification.message == DIGEST_MESSAGE:
        rows_ = progress_rows(params)
        chart = render_progress_chart(rows_, locale) if rows_ else None
    return Rendered(text, markup, chart)
