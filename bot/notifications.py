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

REMINDERS_TO_ACT = ("reminder-step-upcoming", "reminder-step-due", "reminder-step-overdue")


@dataclass
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None = None
    chart: bytes | None = None


def buttons_for(message: str, params: dict[str, Any]) -> list[list[tuple[str, str]]]:
    """Buttons under a notification: (label message id, callback data). The data is a
    contract with the handlers (handlers/cadre.py, review.py, reflect.py)."""
    if message == "talk-confirm-request":
        talk = params["talk_id"]
        return [
            [
                ("btn-talk-confirm", pack("tc", talk, "y")),
                ("btn-talk-dispute", pack("tc", talk, "n")),
            ]
        ]
    if message == "talk-disputed":
        return [[("btn-talk-settle", pack("ts", params["talk_id"]))]]
    if message == "reflection-to-review":
        return [[("btn-open-review", pack("rv", params["reflection_id"]))]]
    if message == "reflection-revision-requested":
        return [[("btn-revise", pack("rr", params["reflection_id"]))]]
    if message in REMINDERS_TO_ACT and params.get("step") == "acknowledge":
        return [[("plan-acknowledge-button", pack("ack", params["case_id"]))]]
    return []


def render(notification: Notification, locale: str, zone: str) -> Rendered:
    params: dict[str, Any] = dict(notification.params)
    text = render_notification(notification.message, params, locale, zone).strip()
    rows = buttons_for(notification.message, params)
    markup = None
    if rows:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(translate(locale, label), callback_data=data)
                    for label, data in row
                ]
                for row in rows
            ]
        )
    chart = None
    if notification.message == DIGEST_MESSAGE:
        bars = progress_rows(params)
        chart = render_progress_chart(bars, locale) if bars else None
    return Rendered(text, markup, chart)
