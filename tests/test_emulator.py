"""The Bot API emulator, driven by the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.devtools.emulator import BotApiEmulator

TOKEN = "123:ABC"
UID = 4242


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns on RetryAfter unless opted in to timedelta values (warnings are errors)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url) as client:
        yield client


async def raw_post(emu: BotApiEmulator, method: str, data: dict[str, str]) -> tuple[int, dict]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{emu.base_url}{TOKEN}/{method}", data=data) as response,
    ):
        return response.status, await response.json()


async def test_get_me(emu: BotApiEmulator, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123, "recallbot_demo_bot", True)
    assert me.can_join_groups is True
    assert emu.calls("getMe")
    assert emu.violations == []


async def test_send_message_with_keyboard_is_recorded(emu: BotApiEmulator, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="vote:yes")]])
    first = await bot.send_message(UID, "<b>Vote</b>", parse_mode="HTML", reply_markup=keyboard)
    second = await bot.send_message(UID, "again")

    assert (first.message_id, second.message_id) == (1, 2)
    assert first.reply_markup == keyboard
    stored = emu.sent(UID)[0]
    assert (stored.text, stored.parse_mode, stored.method) == (
        "<b>Vote</b>",
        "HTML",
        "sendMessage",
    )
    assert stored.reply_markup == {
        "inline_keyboard": [[{"text": "Yes", "callback_data": "vote:yes"}]]
    }
    assert emu.last(UID).text == "again"
    assert emu.requests[-1].params == {"chat_id": UID, "text": "again"}
    assert emu.violations == []


@pytest.mark.parametrize(
    ("method", "data", "expected"),
    [
        ("sendMessage", {"chat_id": "1", "text": "x", "bogus": "1"}, "unknown field 'bogus'"),
        ("sendMessage", {"chat_id": "1"}, "missing required field 'text'"),
        ("deleteMessage", {"chat_id": "1", "message_id": "one"}, "expected Integer"),
        (
            "sendMessage",
            {
                "chat_id": "1",
                "text": "x",
                "reply_markup": json.dumps({"inline_keyboard": [[{"text": "a", "data": "b"}]]}),
            },
            "reply_markup.inline_keyboard[0][0]: unknown field 'data'",
        ),
        ("sendMesage", {"chat_id": "1", "text": "x"}, "unknown method 'sendMesage'"),
    ],
)
async def test_schema_violation_is_recorded_and_rejected(
    emu: BotApiEmulator, method: str, data: dict[str, str], expected: str
) -> None:
    status, body = await raw_post(emu, method, data)

    assert status == 400
    assert body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith("Bad Request: ")
    assert len(emu.violations) == 1 and expected in emu.violations[0]
    assert emu.requests[-1].status == 400
    assert emu.sent() == []


async def test_json_body_and_case_insensitive_method(emu: BotApiEmulator) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{emu.base_url}{TOKEN}/SENDMESSAGE", json={"chat_id": 7, "text": "hi"}
        ) as response,
    ):
        body = await response.json()
    assert body["ok"] is True and body["result"]["chat"] == {
        "id": 7,
        "type": "private",
        "first_name": "User7",
    }
    assert emu.violations == []


async def test_retry_after(emu: BotApiEmulator, bot: Bot) -> None:
    emu.fail("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(UID, "hi")
    assert caught.value.retry_after == timedelta(seconds=7)
    await bot.send_message(UID, "hi")
    assert [r.status for r in emu.calls("sendMessage")] == [429, 200]
    assert len(emu.sent(UID)) == 1


async def test_blocked_user_is_forbidden_until_unblocked(emu: BotApiEmulator, bot: Bot) -> None:
    emu.block(UID)
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(UID, "hi")
    await bot.send_message(UID + 1, "other chat is fine")
    emu.unblock(UID)
    await bot.send_message(UID, "hi")
    assert [m.chat_id for m in emu.sent()] == [UID + 1, UID]


async def test_injected_faults_match_method_chat_and_count(emu: BotApiEmulator, bot: Bot) -> None:
    emu.fail("sendMessage", status=502, times=2, chat_id=UID)
    emu.fail("sendChatAction", status=403)
    await bot.send_message(UID + 1, "not targeted")
    for _ in range(2):
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(UID, "hi")
        assert type(caught.value) is NetworkError
    await bot.send_message(UID, "third try")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(UID, "typing")
    assert [r.status for r in emu.requests[-5:]] == [200, 502, 502, 200, 403]


async def test_delayed_answer_times_out(emu: BotApiEmulator, bot: Bot) -> None:
    emu.delay("sendMessage", 5.0)
    with pytest.raises(TimedOut):
        await bot.send_message(UID, "slow", read_timeout=0.2)
    await bot.send_message(UID, "fast")
    assert emu.last(UID).text == "fast"


async def test_user_document_download(emu: BotApiEmulator, bot: Bot) -> None:
    content = b"%PDF-1.4 recall roster"
    update = Update.de_json(
        emu.document(UID, "roster.pdf", content, "application/pdf", caption="roster"), bot
    )
    assert update.message is not None and update.message.document is not None
    assert update.message.caption == "roster"
    assert update.message.document.file_name == "roster.pdf"
    telegram_file = await update.message.document.get_file()
    assert telegram_file.file_path is not None
    assert await telegram_file.download_as_bytearray() == bytearray(content)
    assert emu.violations == []


async def test_media_sends_keep_bytes_and_file_ids(emu: BotApiEmulator, bot: Bot) -> None:
    photo = Update.de_json(emu.photo(UID, b"\xff\xd8jpeg"), bot).message
    assert photo is not None
    await bot.send_document(UID, b"a,b\n1,2\n", filename="report.csv", caption="weekly")
    await bot.send_photo(UID, photo.photo[-1].file_id, caption="echo")
    await bot.send_voice(UID, b"OggS voice", duration=2)

    document, echoed, voice = emu.sent(UID)
    assert (document.document, document.filename, document.caption) == (
        b"a,b\n1,2\n",
        "report.csv",
        "weekly",
    )
    assert (echoed.photo, echoed.file_id) == (b"\xff\xd8jpeg", photo.photo[-1].file_id)
    assert voice.voice == b"OggS voice"
    assert emu.violations == []


async def test_edit_delete_and_not_modified(emu: BotApiEmulator, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(UID, "draft", reply_markup=keyboard)
    await sent.edit_text("final", reply_markup=keyboard)
    with pytest.raises(BadRequest, match="not modified"):
        await sent.edit_reply_markup(reply_markup=keyboard)
    await sent.edit_reply_markup(reply_markup=None)

    stored = emu.last(UID)
    assert (stored.text, stored.reply_markup, stored.edits) == ("final", None, 2)
    assert await sent.delete() is True
    assert stored.deleted
    with pytest.raises(BadRequest, match="not found"):
        await sent.delete()


async def test_other_methods_get_schema_shaped_answers(emu: BotApiEmulator, bot: Bot) -> None:
    album = await bot.send_media_group(
        UID, [InputMediaPhoto(b"p1"), InputMediaPhoto(b"p2", caption="two")]
    )
    chat = await bot.get_chat(UID)
    member = await bot.get_chat_member(-100, UID)
    assert await bot.ban_chat_member(-100, UID + 1) is True

    assert [m.message_id for m in album] == [1, 2] and album[1].caption == "two"
    assert [m.photo for m in emu.sent(UID)] == [b"p1", b"p2"]
    assert (chat.id, chat.type) == (UID, "private")
    assert member.status == "member" and member.user.id == UID
    assert emu.violations == []


async def test_get_updates_offsets_and_duplicates(emu: BotApiEmulator, bot: Bot) -> None:
    assert await bot.get_updates(timeout=0) == ()
    first = emu.message(UID, "one")
    emu.message(UID, "two")
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["one", "two"]

    confirmed = updates[-1].update_id + 1
    assert await bot.get_updates(offset=confirmed, timeout=0) == ()
    assert emu.pending_updates == 0

    emu.duplicate(first)
    redelivered = await bot.get_updates(offset=confirmed, timeout=0)
    assert [u.update_id for u in redelivered] == [first["update_id"]]
    assert await bot.get_updates(offset=confirmed, timeout=0) == ()


async def test_long_poll_returns_when_an_update_arrives(emu: BotApiEmulator, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10, allowed_updates=["message"]))
    await emu.wait_for(lambda: emu.calls("getUpdates"))
    emu.message(UID, "wake up")
    updates = await asyncio.wait_for(poll, 10)
    assert [u.message.text for u in updates if u.message] == ["wake up"]


async def test_commands_per_scope_and_language(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands(
        [BotCommand("help", "帮助")], scope=BotCommandScopeChat(UID), language_code="zh-hans"
    )
    assert [c["command"] for c in emu.commands_for(UID, "zh-hans")] == ["help"]
    assert [c["command"] for c in emu.commands_for(UID, "en")] == ["start"]
    emu.make_user(UID, "Li", language_code="zh-hans")
    assert [c["command"] for c in emu.commands_for(UID)] == ["help"]
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    await bot.delete_my_commands()
    assert emu.commands_for(UID + 1) == []
    assert emu.violations == []


async def test_update_builders_use_the_given_clock(emu: BotApiEmulator) -> None:
    frozen = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    user = emu.make_user(UID, "王伟", username="wangwei")
    update = emu.message(UID, "/start@recallbot_demo_bot deep-link", now=frozen)
    message = update["message"]
    assert message["date"] == int(frozen.timestamp())
    assert message["from"] == user and message["chat"]["username"] == "wangwei"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 25}]
    assert emu.voice(UID, b"ogg", now=frozen)["update_id"] == update["update_id"] + 1


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("OK", callback_data="ok")]])
    await update.effective_message.reply_text(f"args={context.args}", reply_markup=keyboard)


async def _pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("done")
    await query.edit_message_text(f"pressed {query.data}")


async def test_application_polling_round_trip(emu: BotApiEmulator) -> None:
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CallbackQueryHandler(_pressed))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        emu.message(UID, "/start abc")
        await emu.wait_for(lambda: emu.sent(UID))
        reply = emu.last(UID)
        assert reply.text == "args=['abc']"

        emu.callback(UID, "ok", reply.message_id)
        await emu.wait_for(lambda: reply.edits == 1)
        assert reply.text == "pressed ok" and reply.reply_markup is None
        assert emu.calls("answerCallbackQuery")[0].params["text"] == "done"
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert emu.pending_updates == 0
    assert emu.violations == []


async def test_rate_limit_per_private_chat() -> None:
    async with (
        BotApiEmulator(enforce_limits=True) as emu,
        Bot(TOKEN, base_url=emu.base_url) as bot,
    ):
        with pytest.raises(RetryAfter) as caught:
            for i in range(10):
                await bot.send_message(UID, f"burst {i}")
        assert caught.value.retry_after == timedelta(seconds=1)
        assert emu.too_many_requests == 1
        assert 3 <= len(emu.sent(UID)) < 10
        await bot.send_message(UID + 1, "another chat has its own budget")


async def test_rate_limit_per_group() -> None:
    group = -100
    async with (
        BotApiEmulator(enforce_limits=True) as emu,
        Bot(TOKEN, base_url=emu.base_url) as bot,
    ):
        for i in range(20):
            await bot.send_message(group, f"notice {i}")
        with pytest.raises(RetryAfter):
            await bot.send_message(group, "one too many")
        assert emu.too_many_requests == 1
        assert [r.status for r in emu.requests[-2:]] == [200, 429]
