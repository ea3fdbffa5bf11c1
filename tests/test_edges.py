"""Edges that used to end in "something went wrong": odd numbers in button data, for every
button prefix the application registers, from an admin (who passes every role check)."""

from __future__ import annotations

import logging
import re

import pytest

from bot.chat import callbacks
from bot.devtools.emulator.server import SentMessage
from models import ReflectionVersion
from tests.casework import CADRE, MENTOR, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID

ODD = ["²", "12345678901234567890", "١٢", "-1", "0", "", "9" * 9]


def prefixes(chat: ChatHarness) -> list[str]:
    found = set()
    for group in chat.app.handlers.values():
        for pattern in callbacks.patterns_of(group):
            match = re.match(r"\^([a-z]+):", pattern)
            if match:
                found.add(match.group(1))
    assert found <= set(callbacks.claimed())
    return sorted(found)


async def test_odd_numbers_in_button_data_get_a_clear_answer(
    chat: ChatHarness, caplog: pytest.LogCaptureFixture
) -> None:
    names = prefixes(chat)
    assert len(names) >= 15, names
    anchor = await chat.send(ADMIN_ID, "/help")
    pressed = 0
    with caplog.at_level(logging.ERROR):
        for prefix in names:
            for odd in ODD:
                for data in (f"{prefix}:{odd}", f"{prefix}:c:{odd}", f"{prefix}:{odd}:{odd}"):
                    replies = await chat.press_data(ADMIN_ID, data[:64], anchor[-1].message_id)
                    assert "出了问题" not in text_of(replies), data
                    pressed += 1
                await chat.send(ADMIN_ID, "/cancel")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [
        r.getMessage() for r in caplog.records
    ][:5]
    assert pressed == len(names) * len(ODD) * 3


# --- documents at Telegram's limits (issue 11) -------------------------------------------

EMOJI_CAPTION = "😀" * 500  # 500 characters, 1,000 UTF-16 code units: what Telegram counts


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def reflect_document(chat: ChatHarness, name: str, caption: str | None) -> None:
    await chat.send(CADRE, "/reflect")
    update = chat.emu.document(
        CADRE, name, b"%PDF edge", "application/pdf", caption=caption, now=chat.clock.now()
    )
    replies = await chat.deliver(update, CADRE)
    assert "出了问题" not in text_of(replies)
    replies = await chat.press(CADRE, "确认保存")
    assert "思想汇报已提交" in text_of(replies), text_of(replies)


async def review_first(chat: ChatHarness) -> list[SentMessage]:
    await chat.send(MENTOR, "/review")
    return await chat.press(MENTOR, "张伟")


async def test_a_500_emoji_caption_is_kept_and_reviewed(chat: ChatHarness) -> None:
    """Telegram measures a caption in UTF-16 code units (1,024 at most): 500 emoji are 1,000
    of them, so the review's header and the caption together no longer fit one caption."""
    await world(chat)
    await reflect_document(chat, "思想汇报.pdf", EMOJI_CAPTION)
    version = await ReflectionVersion.get()
    assert version.text == EMOJI_CAPTION
    for _ in range(2):  # every /review of it, not only the first
        replies = await review_first(chat)
        assert "出了问题" not in text_of(replies)
        document = next(m for m in replies if m.method == "sendDocument")
        assert utf16(document.caption or "") <= 1024
        assert EMOJI_CAPTION in text_of(replies)  # the caption, whole, in a message beside it
        assert "通过" in str(chat.last_with_buttons(MENTOR).reply_markup)
        await chat.send(MENTOR, "/cancel")


async def test_a_254_character_document_name_goes_through(chat: ChatHarness) -> None:
    """Telegram allows file names of up to 255 bytes-ish; the record keeps a shortened name
    with its extension, and the reflection is saved."""
    await world(chat)
    name = "思" * 50 + "a" * 200 + ".pdf"  # 254 characters
    assert len(name) == 254
    await reflect_document(chat, name, None)
    version = await ReflectionVersion.get()
    assert version.file_name is not None and version.file_name.endswith(".pdf")
    assert version.file_name.startswith("思" * 50) and len(version.file_name) <= 200
    replies = await review_first(chat)
    document = next(m for m in replies if m.method == "sendDocument")
    assert document.content == b"%PDF edge"
