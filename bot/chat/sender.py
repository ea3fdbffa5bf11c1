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

from bot.chat.fence import Fence, LeaseLost
from bot.chat.notifications import render_outgoing
from bot.chat.text import split_message
from bot.services import access, outbox, outgoing
from bot.services.registry import Services

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
    withheld: int = 0
    stopped: bool = False
    errors: list[str] = field(default_factory=list)


class Sender:
    """Sends pending notifications: overall rate, one message per chat per interval, retries.

    The rows of a message are claimed just before it goes out (bot/services/outbox.py
    `claim`), under this instance's lease epoch; nothing goes to Telegram once the fence is
    closed (bot/chat/fence.py), and a drain stops at the first message it may not send.
    """

    def __init__(
        self,
        bot: Bot,
        services: Services,
        *,
        fence: Fence | None = None,
        rate_per_second: float = 25.0,
        per_chat_interval: float = 1.0,
    ) -> None:
        self.bot = bot
        self.services = services
        self.fence = fence or Fence.unfenced()
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
        """Send everything due now; stop early after a flood-control answer or the lease's end."""
        report = DrainReport()
        try:
            await self._drain(report)
        except LeaseLost:
            report.stopped = True
        return report

    async def _drain(self, report: DrainReport) -> None:
        epoch = self.fence.claim.epoch  # LeaseLost unless this instance may send now
        if epoch is not None:
            report.uncertain += await outbox.judge_stale_claims(epoch, self.services.clock.now())
        skipped: set[int] = set()
        window = self.services.window
        while True:
            now = self.services.clock.now()
            batch = [
                n for n in await outbox.due_batch(now, BATCH + len(skipped)) if n.id not in skipped
            ]
            if not batch:
                return
            composed = await outgoing.compose(batch, now, window)
            self.fence.check()
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
                    return
                skipped.update(n.id for n in item.rows)  # done, or claimed by another sender

    async def _send(self, item: outgoing.Outgoing, report: DrainReport) -> bool:
        """One message (of one or several notices); False when Telegram asked everybody to
        wait (stop this round).

        Everything that takes time (checks, rendering, the rate limit) comes before the
        claim: the rows are claimed right before the first request, so that an instance that
        dies leaves as little as possible in the state "may have been sent"."""
        now = self.services.clock.now
        person = item.rows[0].person
        if person.telegram_id is None:
            if await outbox.claim(item.rows, self.fence.claim, now()):
                for n in item.rows:
                    await outbox.mark_failed(n, now(), "not enrolled: no Telegram account")
                report.failed += len(item.rows)
            return True
        item = await self._visible(item, report)
        if not item.rows:
            return True
        rows = item.rows
        settings = self.services.settings
        try:
            # Rendering a digest's chart takes a while: keep it off the event loop.
            rendered = await asyncio.to_thread(
                render_outgoing,
                item,
                person.locale or settings.default_locale,
                person.timezone or settings.timezone,
                settings.webapp_url,
            )
        except Exception as error:
            # One notice that cannot be rendered must not hold up the ones behind it.
            log.exception("notification %s cannot be rendered", [n.id for n in rows])
            if await outbox.claim(rows, self.fence.claim, now()):
                for n in rows:
                    await outbox.mark_failed(n, now(), f"render: {error!r}")
                report.failed += len(rows)
            return True
        parts: list[tuple[str, bytes | str]] = []
        if rendered.chart is not None:
            parts.append(("photo", rendered.chart))
        if rendered.voice is not None:
            parts.append(("voice", rendered.voice))  # the audio itself, then the record
        if rendered.scan is not None:
            parts.append((f"{rendered.scan[0]}-id", rendered.scan[1]))  # a paper record's scan
        parts.extend(("text", text) for text in split_message(rendered.text))
        # A message whose first parts went out before a failure sends only the rest.
        first = min(n.parts_sent for n in rows)
        todo = parts[first:]
        await self._wait_for_slot()
        if not await outbox.claim(rows, self.fence.claim, now()):
            return True  # another sender has one of them
        # Several messages (a chart, a long text) go out as one short burst, each in its own
        # overall slot; the chat then rests one interval per message.
        self._last_in_chat[person.telegram_id] = (
            self._loop_time() + max(0, len(todo) - 1) * self.per_chat_interval
        )
        message = None
        try:
            for index, (kind, content) in enumerate(todo, start=first):
                if index > first:
                    await self._wait_for_slot()
                if kind == "photo":
                    message = await self.bot.send_photo(person.telegram_id, content)
                elif kind == "voice":
                    message = await self.bot.send_voice(person.telegram_id, content)
                elif kind == "photo-id":
                    message = await self.bot.send_photo(person.telegram_id, content)
                elif kind == "document-id":
                    message = await self.bot.send_document(person.telegram_id, content)
                else:
                    last = index == len(parts) - 1
                    message = await self.bot.send_message(
                        person.telegram_id,
                        str(content),
                        reply_markup=rendered.markup if last else None,
                    )
                if index < len(parts) - 1:
                    for n in rows:
                        await outbox.part_sent(n, index + 1)
        except LeaseLost:
            # Refused here, before any byte of this part left: the rows are free again.
            for n in rows:
                await outbox.unclaim(n)
            raise
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            self._paused_until = self._loop_time() + seconds
            for n in rows:
                await outbox.mark_throttled(n, now(), seconds, f"429: {error}")
            report.retried += len(rows)
            return False
        except Forbidden:
            window = self.services.window
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

    async def _visible(self, item: outgoing.Outgoing, report: DrainReport) -> outgoing.Outgoing:
        """Revoked means revoked: checked at send time, nothing about a case the reader may
        no longer see goes out (those rows are dropped, a digest keeps only visible cases)."""
        rows, params = [], []
        for n, shown in zip(item.rows, item.params, strict=True):
            visible = await access.visible_params(n, shown)
            if visible is None:
                if await outbox.claim([n], self.fence.claim, self.services.clock.now()):
                    await outbox.mark_withheld(
                        n, self.services.clock.now(), "the recipient may no longer see this case"
                    )
                    report.withheld += 1
                continue
            n.params = await access.visible_params(n) or n.params  # a digest's chart, too
            rows.append(n)
            params.append(visible)
        return outgoing.Outgoing(rows, params)
