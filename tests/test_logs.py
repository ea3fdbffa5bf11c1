"""The bot token never reaches the logs; errors are logged with their update."""

from __future__ import annotations

import logging

import pytest

from bot.logs import REDACTED, RedactToken


def test_token_is_redacted_from_messages_and_arguments() -> None:
    token = "123456:SECRET-token"
    record = logging.LogRecord(
        "httpx", logging.ERROR, __file__, 1, "POST %s failed", (f"https://x/bot{token}/m",), None
    )
    assert RedactToken(token).filter(record)
    assert token not in record.getMessage() and REDACTED in record.getMessage()


async def test_unexpected_error_is_logged_with_the_update_and_answered(
    chat: object, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.chat import ChatHarness, text_of
    from tests.conftest import ADMIN_ID

    assert isinstance(chat, ChatHarness)

    def broken(_context: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr("handlers.start.help_text", broken)
    with caplog.at_level(logging.ERROR):
        replies = await chat.send(ADMIN_ID, "/help")
    assert "出了问题" in text_of(replies)
    assert any("from user 1000" in r.getMessage() for r in caplog.records)
    assert all("TEST-TOKEN" not in r.getMessage() for r in caplog.records)
