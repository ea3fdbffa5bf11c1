"""Edges that used to end in "something went wrong": odd numbers in button data, for every
button prefix the application registers, from an admin (who passes every role check)."""

from __future__ import annotations

import logging
import re

import pytest

from bot.chat import callbacks
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
