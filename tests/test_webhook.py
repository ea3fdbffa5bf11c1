"""Webhook mode, as Telegram and a load balancer see it: a real `recallbot run --webhook`
against the emulator, and a real HTTP client (aiohttp) posting to it."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path
from typing import Any

import aiohttp

from bot.devtools.emulator import BotApiEmulator
from tests.instances import Instance, base_env, free_port, recallbot_cli, wait_until

ADMIN = 777
SECRET = "s3cret_-Token"


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(sql).fetchone()[0])


def update(update_id: int, text: str, user: int = ADMIN) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": user, "is_bot": False, "first_name": "Liu", "language_code": "en"},
            "chat": {"id": user, "type": "private", "first_name": "Liu"},
            "date": 1_772_000_000,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_the_webhook_contract(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with BotApiEmulator() as emu, aiohttp.ClientSession() as http:
        env = base_env(
            BOT_TOKEN="123456:HOOK-TEST",
            DATABASE_URL=f"sqlite://{db}",
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
            ADMIN_TELEGRAM_IDS=str(ADMIN),
            WEBHOOK_URL=url,
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        )
        assert (await recallbot_cli("db", "upgrade", env=env))[0] == 0
        bot = await Instance("hook", env, ("run", "--webhook")).start()
        try:
            # At start-up: setWebhook with the URL, the secret and the update types handled.
            await wait_until(lambda: emu.webhook is not None, what="setWebhook")
            assert emu.webhook == {
                "url": url,
                "secret_token": SECRET,
                "allowed_updates": ["message", "callback_query"],
            }
            async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                assert answer.status == 200
                assert await answer.json() == {
                    "instance": "hook",
                    "role": "active",
                    "mode": "webhook",
                }

            # A wrong or missing secret: 4xx, and nothing is stored or answered.
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=update(1, "/help"), headers=headers) as answer:
                    assert answer.status == 403
            async with http.post(
                url, data=b"not json", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            ) as answer:
                assert answer.status == 400
            assert count(db, "select count(*) from incoming_update") == 0

            # Telegram posts an update: stored, answered 200, handled.
            emu.make_user(ADMIN, "Liu", "en")
            sent = emu.message(ADMIN, "/help")
            await wait_until(lambda: len(emu.sent(ADMIN)) == 1, what="the answer to /help")
            assert "/newcase" in (emu.last(ADMIN).text or "")
            assert (sent["update_id"], 200) in emu.webhook_posts

            # The same update again (Telegram's retry): 200, handled no second time.
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            async with http.post(url, json=sent, headers=headers) as answer:
                assert answer.status == 200
            emu.message(ADMIN, "/lang")
            await wait_until(lambda: len(emu.sent(ADMIN)) == 2, what="the answer to /lang")
            await wait_until(
                lambda: (
                    count(db, "select count(*) from incoming_update where handled_at is null") == 0
                )
            )
            assert count(db, "select count(*) from incoming_update") == 2
            assert len(emu.sent(ADMIN)) == 2

            # Stored before answered: the bot dies after answering 200, mid-way through
            # handling; the restarted bot handles it (nothing is lost).
            emu.delay("sendMessage", 120)
            async with http.post(url, json=update(9_000, "/help"), headers=headers) as answer:
                assert answer.status == 200
            await wait_until(lambda: len(emu.calls("sendMessage")) == 3, what="handling began")
            await bot.kill()
            bot = await Instance("hook-again", env, ("run", "--webhook")).start()
            await wait_until(lambda: len(emu.calls("sendMessage")) >= 4, what="handled again")
            await wait_until(lambda: len(emu.sent(ADMIN)) >= 3, what="the answer after restart")
            assert "/newcase" in (emu.sent(ADMIN)[-1].text or "")
        finally:
            assert await bot.stop() == 0, bot.log

        # Back to polling: the webhook is removed, and polling answers.
        polling = await Instance("polling", env).start()
        try:
            await wait_until(lambda: emu.webhook is None, what="deleteWebhook")
            before = len(emu.sent(ADMIN))
            emu.message(ADMIN, "/help")
            await wait_until(lambda: len(emu.sent(ADMIN)) > before, what="polling answers")
        finally:
            assert await polling.stop() == 0, polling.log
        assert "HOOK-TEST" not in bot.log + polling.log
        assert emu.violations == []


async def test_webhook_mode_needs_its_settings(tmp_path: Path) -> None:
    env = base_env(BOT_TOKEN="123456:HOOK-TEST", DATABASE_URL=f"sqlite://{tmp_path / 'b.db'}")
    code, output = await recallbot_cli("run", "--webhook", env=env)
    assert code != 0 and "WEBHOOK_URL and WEBHOOK_SECRET" in output
    code, output = await recallbot_cli(
        "run", "--webhook", env={**env, "WEBHOOK_URL": "https://x.test/h", "WEBHOOK_SECRET": "a b"}
    )
    assert code != 0 and "WEBHOOK_SECRET" in output


async def test_web_listen_starts_the_web_server_beside_polling(tmp_path: Path) -> None:
    port = free_port()
    async with BotApiEmulator() as emu, aiohttp.ClientSession() as http:
        env = base_env(
            BOT_TOKEN="123456:WEB-TEST",
            DATABASE_URL=f"sqlite://{tmp_path / 'bot.sqlite3'}",
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
            WEB_LISTEN=f"127.0.0.1:{port}",
        )
        assert (await recallbot_cli("db", "upgrade", env=env))[0] == 0
        bot = await Instance("web", env).start()
        try:
            await wait_until(lambda: emu.calls("getUpdates"), what="polling")
            await bot.wait_logged("web server listening")
            async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                assert answer.status == 200
                body = await answer.json()
            assert body == {"instance": "web", "role": "active", "mode": "polling"}
            async with http.post(f"http://127.0.0.1:{port}/telegram/hook", json={}) as answer:
                assert answer.status in (404, 405)  # no webhook route in polling mode
        finally:
            bot.signal(signal.SIGINT)
            assert await bot.stop() == 0, bot.log
