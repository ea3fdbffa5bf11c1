"""Drain the outbox through Telegram within its limits, and record every notification's fate."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from telegram import Bot
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.notifications import render_outgoing
from bot.services import outbox, outgoing
from bot.services.calendar_cn import SendWindow
from bot.services.registry import Services
from bot.text import split_message

log = logging.getLogger(__name__)
BATCH = 50


@dataclass
class DrainReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0
    blocked: int = 0
    deferred: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)


class Sender:
    """Sends pending notifications: overall rate, one message per chat per interval, retries."""

    def __init__(
        self,
        bot: Bot,
        services: Services,
        *,
        rate_per_second: float = 25.0,
        per_chat_interval: float = 1.0,
    ) -> None:
        self.bot = bot
        self.services = services
        self.interval = 1.0 / rate_per_second
        self.per_chat_interval = per_chat_interval
        self._next_slot = 0.0
        self._last_in_chat: dict[int, float] = {}
        self._paused_until = 0.0

    def _loop_time(self) -> float:
        # Telegram's limits are in real seconds, whatever the injected clock says.
        return asyncio.get_running_loop().time()

    async def _wait_for_slot(self) -> None:
        now = self._loop_time()
        slot = max(self._next_slot, now, self._paused_until)
        self._next_slot = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)

    async def drain(self) -> DrainReport:
        """Send everything due now; stop early after a flood-control answer."""
        report = DrainReport()
        skipped: set[int] = set()
        window = SendWindow.from_settings(self.services.settings)
        while True:
            now = self.services.clock.now()
            batch = [
                n for n in await outbox.due_batch(now, BATCH + len(skipped)) if n.id not in skipped
            ]
            if not batch:
                return report
            composed = await outgoing.compose(batch, now, window)
            for n, reason in composed.dropped:
                await outbox.mark_dropped(n, reason)
                report.dropped += 1
            for n, until in composed.deferred:
                await outbox.defer(n, until)
                report.deferred += 1
            for item in composed.ready:
                chat_id = item.rows[0].person.telegram_id
                if chat_id is not None:
                    since = self._loop_time() - self._last_in_chat.get(chat_id, -1e9)
                    if since < self.per_chat_interval:
                        skipped.update(n.id for n in item.rows)
                        report.deferred += 1
                        continue
                if not await self._send(item, report):
                    return report

    async def _send(self, item: outgoing.Outgoing, report: DrainReport) -> bool:
        """One message (of one or several notices); False when Telegram asked everybody to
        wait (stop this round)."""
        now = self.services.clock.now
        rows = item.rows
        person = rows[0].person
        if person.telegram_id is None:
            for n in rows:
                await outbox.mark_failed(n, now(), "not enrolled: no Telegram account")
            report.failed += len(rows)
            return True
        settings = self.services.settings
        try:
            # Rendering a digest's chart takes a while: keep it off the event loop.
            rendered = await asyncio.to_thread(
                render_outgoing,
                item,
                person.locale or settings.default_locale,
                person.timezone or settings.timezone,
            )
        except Exception as error:
            # One notice that cannot be rendered must not hold up the ones behind it.
            log.exception("notification %s cannot be rendered", [n.id for n in rows])
            for n in rows:
                await outbox.mark_failed(n, now(), f"render: {error!r}")
            report.failed += len(rows)
            return True
        parts = split_message(rendered.text)
        messages = len(parts) + (rendered.chart is not None)
        await self._wait_for_slot()
        # Several messages (a chart, a long text) go out as one short burst, each in its own
        # overall slot; the chat then rests one interval per message.
        self._last_in_chat[person.telegram_id] = (
            self._loop_time() + max(0, messages - 1) * self.per_chat_interval
        )
        try:
            if rendered.chart is not None:
                await self.bot.send_photo(person.telegram_id, rendered.chart)
            message = None
            for index, part in enumerate(parts):
                if index or rendered.chart is not None:
                    await self._wait_for_slot()
                last = index == len(parts) - 1
                message = await self.bot.send_message(
                    person.telegram_id, part, reply_markup=rendered.markup if last else None
                )
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            self._paused_until = self._loop_time() + seconds
            for n in rows:
                await outbox.mark_retry(n, now(), seconds, f"429: {error}")
            report.retried += len(rows)
            return False
        except Forbidden:
            window = SendWindow.from_settings(settings)
            for n in rows:
                await outbox.mark_blocked(n, now(), window)
            report.blocked += len(rows)
        except BadRequest as error:
            for n in rows:
                await outbox.mark_failed(n, now(), f"400: {error}")
            report.failed += len(rows)
        except TimedOut as error:
            for n in rows:
                await outbox.mark_uncertain(n, now(), f"timeout: {error}")
            report.uncertain += len(rows)
        except NetworkError as error:
            for n in rows:
                await outbox.mark_retry(n, now(), None, f"network: {error}")
            report.retried += len(rows)
        except TelegramError as error:
            for n in rows:
                await outbox.mark_retry(n, now(), None, f"telegram: {error}")
            report.retried += len(rows)
        else:
            for n in rows:
                await outbox.mark_sent(n, message.message_id if message else None, now())
            report.sent += len(rows)
        return True
