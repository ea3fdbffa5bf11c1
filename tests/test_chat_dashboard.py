"""WEBAPP_URL in the chat: the menu button of supervisors and admins, the /digest button."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest_asyncio
from telegram import MenuButtonWebApp, WebAppInfo
from telegram.error import BadRequest

from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.devtools.emulator.server import SentMessage
from bot.runner import ensure_first_admins
from bot.wiring import build_application
from models.enums import Role
from schedules import delivery, tick
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID, settings_for
from tests.oversight_world import MENTOR_ID, SUPERVISOR_ID, world

URL = "https://recall.example.org/app"
SUP = SUPERVISOR_ID


@pytest_asyncio.fixture
async def webapp_chat(
    db: None, emulator: BotApiEmulator, clock: ManualClock
) -> AsyncIterator[ChatHarness]:
    app = build_application(settings_for(emulator, webapp_url=URL), clock)
    async with app:
        await ensure_first_admins(app)
        harness = ChatHarness(emulator, app, clock)
        harness.user(ADMIN_ID, "组织部小刘")
        yield harness


def dashboard(text: str) -> dict[str, object]:
    return {"type": "web_app", "text": text, "web_app": {"url": URL}}


async def test_supervisors_and_admins_get_the_dashboard_on_the_menu_button(
    webapp_chat: ChatHarness,
) -> None:
    chat = webapp_chat
    await world(chat)  # enrols the supervisors and the mentor in Chinese
    assert chat.emu.menu_button(SUP) == dashboard("督导看板")
    assert chat.emu.menu_button(MENTOR_ID) == {"type": "default"}
    await chat.send(ADMIN_ID, "/help")
    assert chat.emu.menu_button(ADMIN_ID) == dashboard("督导看板")
    # Set once per change, not on every message.
    calls = len(chat.emu.calls("setChatMenuButton"))
    await chat.send(SUP, "/help")
    assert len(chat.emu.calls("setChatMenuButton")) == calls
    # In English after /lang.
    await chat.send(SUP, "/lang")
    await chat.press(SUP, "English")
    assert chat.emu.menu_button(SUP) == dashboard("Dashboard")
    # The role taken away: the commands come back on the button.
    await chat.app.services.people.revoke(Role.SUPERVISOR, "王部长")
    await chat.send(SUP, "/help")
    assert chat.emu.menu_button(SUP) == {"type": "default"}


async def test_digest_carries_a_button_that_opens_the_dashboard(
    webapp_chat: ChatHarness,
) -> None:
    chat = webapp_chat
    await world(chat)
    replies = await chat.send(SUP, "/digest")
    markup = replies[-1].reply_markup or {}
    assert markup["inline_keyboard"] == [[{"text": "📊 打开督导看板", "web_app": {"url": URL}}]]
    assert "当前摘要 · 王部长" in text_of(replies)


async def scheduled_digest(chat: ChatHarness, day: int = 9) -> list[SentMessage]:
    """A Monday of March, 09:30: the weekly digest is written by the tick and sent (its chart,
    then its text); returns those messages."""
    chat.clock.set(datetime(2026, 3, day, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    before = len(chat.emu.sent(SUP))
    await tick.run(chat.app)
    await delivery.run(chat.app)
    sent = chat.emu.sent(SUP)[before:]
    (chart,) = [i for i, m in enumerate(sent) if m.method == "sendPhoto"]
    digest = sent[chart : chart + 2]
    assert "王部长" in (digest[-1].text or ""), [m.text for m in sent]
    return digest


async def test_the_scheduled_digest_carries_the_button_too(webapp_chat: ChatHarness) -> None:
    chat = webapp_chat
    await world(chat)
    chart, text = await scheduled_digest(chat)
    assert chart.reply_markup is None and "每周摘要" in (text.text or "")
    markup = text.reply_markup or {}
    # The alert due with it shares its message (issue 10, point 10): its buttons come first.
    assert markup["inline_keyboard"][-1] == [{"text": "📊 打开督导看板", "web_app": {"url": URL}}]
    # In the reader's language.
    await chat.send(SUP, "/lang")
    await chat.press(SUP, "English")
    chart, text = await scheduled_digest(chat, day=16)
    assert "Weekly" in (text.text or "")
    row = (text.reply_markup or {})["inline_keyboard"][-1]
    assert row == [{"text": "📊 Open the dashboard", "web_app": {"url": URL}}]


async def test_without_webapp_url_nothing_changes(chat: ChatHarness) -> None:
    await world(chat)
    assert chat.emu.calls("setChatMenuButton") == []
    replies = await chat.send(SUP, "/digest")
    assert replies[-1].reply_markup is None
    chart, text = await scheduled_digest(chat)
    assert chart.reply_markup is None
    assert "web_app" not in str(text.reply_markup)  # the alert's own buttons, no dashboard


async def test_the_emulator_checks_web_app_buttons(chat: ChatHarness) -> None:
    """Telegram opens only HTTPS pages, and Web App buttons only in private chats."""
    bot = chat.app.bot
    for url in ("http://recall.example.org/app", "javascript:alert(1)"):
        try:
            await bot.set_chat_menu_button(SUP, MenuButtonWebApp("看板", WebAppInfo(url)))
        except BadRequest as error:
            assert "only https links" in error.message
        else:
            raise AssertionError(f"{url} was accepted")
    assert chat.emu.menu_button(SUP) == {"type": "default"}
    await bot.set_chat_menu_button(SUP, MenuButtonWebApp("看板", WebAppInfo(URL)))
    assert (await bot.get_chat_menu_button(SUP)).to_dict() == dashboard("看板")
    assert chat.emu.menu_button(MENTOR_ID) == {"type": "default"}
