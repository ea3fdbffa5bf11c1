"""The demo's world: the emulator, the real bot polling it, a movable clock, and the people."""

from __future__ import annotations

import asyncio
import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from bot.chat.app import RecallApplication
from bot.clock import ManualClock
from bot.config import Settings
from bot.db import close_db, init_db, upgrade
from bot.devtools.emulator import BotApiEmulator
from bot.devtools.emulator.server import SentMessage
from bot.i18n import format_date, translate
from bot.wiring import build_application
from schedules import delivery, tick

UPDATE_TIMEOUT = 15.0


@dataclass
class Line:
    """One line of a transcript: who wrote what, when (simulated time)."""

    at: datetime
    chat_id: int
    author: str
    text: str
    buttons: list[str] = field(default_factory=list)
    picture: bool = False
    message_id: int = 0  # the bot's message (0 for what a person wrote)
    edited: bool = False  # the bot rewrote one of its messages
    rows: list[list[str]] = field(default_factory=list)  # the buttons, row by row
    attachment: str = ""  # what the bot sent besides text: "voice", or "document NAME"


@dataclass
class Actor:
    telegram_id: int
    name: str
    role: str
    locale: str


class DemoWorld:
    """Runs the real bot against the emulator; people act by sending updates, as in Telegram."""

    def __init__(self, out: Path, clock: ManualClock, locale: str, speed: float = 1.0) -> None:
        self.out = out
        self.clock = clock
        self.locale = locale
        self.speed = speed
        self.live = speed < 1  # when slowed down to watch, print as it happens
        self.emu = BotApiEmulator(clock=clock.now)
        self.actors: dict[int, Actor] = {}
        self.lines: list[Line] = []
        self._seen: dict[tuple[int, int], int] = {}
        self._texts: dict[tuple[int, int], str] = {}
        self._stop = asyncio.Event()
        self._serving: asyncio.Task[None] | None = None
        self.app: RecallApplication | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def settings(self, admin_id: int) -> Settings:
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            bot_token=SecretStr("424242:DEMO"),
            bot_username=self.emu.username,
            database_url=f"sqlite://{self.out / 'demo.sqlite3'}",
            telegram_base_url=self.emu.base_url,
            telegram_base_file_url=self.emu.base_file_url,
            timezone="Asia/Shanghai",
            default_locale=self.locale,
            admin_telegram_ids=[admin_id],
            # The demo moves time itself and runs tick and send after each move.
            tick_seconds=3600,
            send_seconds=3600,
            send_per_chat_seconds=0,
            send_rate_per_second=500,
        )

    async def start(self, admin: Actor, *, fresh: bool = True) -> None:
        """Start on a new database, or (`fresh=False`) on the one already in `out`."""
        self.out.mkdir(parents=True, exist_ok=True)
        database = self.out / "demo.sqlite3"
        if fresh:
            for stale in self.out.glob("demo.sqlite3*"):
                stale.unlink()
        await self.emu.start()
        settings = self.settings(admin.telegram_id)
        if fresh:
            await upgrade(settings.database_url)  # the same migrations as `recallbot db upgrade`
        await init_db(settings.database_url)
        assert database.exists()
        self.app = build_application(settings, self.clock)
        self.add_actor(admin)
        self._serving = asyncio.create_task(self._serve())
        await self.emu.wait_for(lambda: self.emu.calls("getUpdates"), timeout=UPDATE_TIMEOUT)

    async def _serve(self) -> None:
        from bot.runner import serve

        assert self.app is not None
        await serve(self.app, self._stop, poll_timeout=1)

    async def stop(self) -> None:
        self._stop.set()
        if self._serving is not None:
            await self._serving
        await self.emu.stop()
        await close_db()

    # -- people ----------------------------------------------------------------------------

    def add_actor(self, actor: Actor) -> Actor:
        language = "zh-hans" if actor.locale == "zh-CN" else "en"
        self.emu.make_user(actor.telegram_id, actor.name, language)
        self.actors[actor.telegram_id] = actor
        return actor

    async def say(self, actor: Actor, text: str) -> list[Line]:
        self._log(Line(self.clock.now(), actor.telegram_id, actor.name, text))
        update = self.emu.message(actor.telegram_id, text, now=self.clock.now())
        return await self._processed(update["update_id"])

    async def press(self, actor: Actor, pattern: str) -> list[Line]:
        """Press the button whose callback data matches `pattern` (a regular expression) on the
        newest message that has one."""
        message, label, data = self.find_button(actor, pattern)
        self._log(Line(self.clock.now(), actor.telegram_id, actor.name, f"⟨{label}⟩"))
        update = self.emu.callback(actor.telegram_id, data, message.message_id)
        return await self._processed(update["update_id"])

    async def tap(self, actor: Actor, label: str) -> list[Line]:
        """Press the button labelled `label` on the newest message that has one."""
        message, label, data = self.find_button(actor, label, by_label=True)
        self._log(Line(self.clock.now(), actor.telegram_id, actor.name, f"⟨{label}⟩"))
        update = self.emu.callback(actor.telegram_id, data, message.message_id)
        return await self._processed(update["update_id"])

    def find_button(
        self, actor: Actor, pattern: str, *, by_label: bool = False
    ) -> tuple[SentMessage, str, str]:
        for message in reversed(self.emu.sent(actor.telegram_id)):
            if message.deleted or not message.reply_markup:
                continue
            for row in message.reply_markup.get("inline_keyboard", []):
                for button in row:
                    data = str(button.get("callback_data", ""))
                    if button["text"] == pattern if by_label else re.fullmatch(pattern, data):
                        return message, button["text"], data
        raise LookupError(f"{actor.name} has no button matching {pattern!r}")

    async def send_file(
        self, actor: Actor, kind: str, content: bytes, filename: str = "file.pdf"
    ) -> list[Line]:
        self._log(Line(self.clock.now(), actor.telegram_id, actor.name, f"<{kind}: {filename}>"))
        now = self.clock.now()
        if kind == "voice":
            update = self.emu.voice(actor.telegram_id, content, now=now)
        elif kind == "photo":
            update = self.emu.photo(actor.telegram_id, content, now=now)
        else:
            update = self.emu.document(actor.telegram_id, filename, content, now=now)
        return await self._processed(update["update_id"])

    async def _processed(self, update_id: int) -> list[Line]:
        assert self.app is not None
        app = self.app
        await self.emu.wait_for(lambda: app.last_update_id >= update_id, timeout=UPDATE_TIMEOUT)
        return self.collect()

    # -- time ------------------------------------------------------------------------------

    async def advance(self, delta: timedelta) -> None:
        """Move the clock, then let the scheduler's jobs run as they would have."""
        self.clock.advance(delta)
        await self.run_jobs()

    async def run_jobs(self) -> None:
        assert self.app is not None
        while (await tick.run(self.app)).more:
            pass
        await delivery.run(self.app)
        self.collect()
        if self.speed < 1:
            # --speed 0.1 gives about a second per simulated day, to watch it happen.
            await asyncio.sleep(0.1 * (1 / self.speed - 1))

    # -- transcript ------------------------------------------------------------------------

    def collect(self) -> list[Line]:
        """Record what the bot sent or changed since the last look (not bare button removals)."""
        new: list[Line] = []
        for message in self.emu.sent():
            key = (int(message.chat_id), message.message_id)
            if message.deleted or self._seen.get(key) == message.edits:
                continue
            self._seen[key] = message.edits
            text = plain(message.text or message.caption or "")
            if self._texts.get(key) == text:
                continue
            self._texts[key] = text
            sent_at = message.edit_date if message.edits and message.edit_date else message.date
            line = Line(
                at=datetime.fromtimestamp(sent_at, tz=ZoneInfo("UTC")),
                chat_id=int(message.chat_id),
                author="🤖",
                text=text,
                buttons=button_labels(message),
                picture=message.photo is not None,
                message_id=message.message_id,
                edited=bool(message.edits),
                rows=button_rows(message),
                attachment=attachment(message),
            )
            new.append(line)
            self._log(line)
        return new

    def _log(self, line: Line) -> None:
        self.lines.append(line)
        if self.live:
            print(self.render_line(line, prefix=True))

    def transcript(self, actor: Actor) -> str:
        role = translate(self.locale, f"role-{actor.role}")
        out = [f"══ {actor.name} · {role} ══"]
        out += [self.render_line(line) for line in self.lines if line.chat_id == actor.telegram_id]
        return "\n".join(out)

    def render_line(self, line: Line, prefix: bool = False) -> str:
        """One line as the reader saw it, with the local time (Shanghai)."""
        local = line.at.astimezone(ZoneInfo("Asia/Shanghai"))
        stamp = f"{format_date(local, self.locale)} {local:%H:%M}"
        who = "🤖 recallbot" if line.author == "🤖" else f"👤 {line.author}"
        if prefix and line.author == "🤖":
            reader = self.actors.get(line.chat_id)
            who += f" → {reader.name if reader else line.chat_id}"
        out = [f"[{stamp}] {who}"]
        if line.picture:
            out.append("    🖼  (chart / QR picture)")
        out += [f"    {text_line}" for text_line in line.text.splitlines()]
        if line.buttons:
            out.append("    " + "  ".join(f"[{label}]" for label in line.buttons))
        return "\n".join(out)


def attachment(message: SentMessage) -> str:
    if message.voice is not None:
        return "voice"
    if message.document is not None:
        return f"document {message.filename or ''}".strip()
    return ""


def button_labels(message: SentMessage) -> list[str]:
    return [label for row in button_rows(message) for label in row]


def button_rows(message: SentMessage) -> list[list[str]]:
    markup = message.reply_markup or {}
    return [[b["text"] for b in row] for row in markup.get("inline_keyboard", [])]


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))
