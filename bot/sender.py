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

from bot.fence import Fence, LeaseLost
from bot.notifications import render
from bot.services import outbox
from bot.services.calendar_cn import SendWindow
from bot.services.registry import Services
from bot.text import split_message
from models import Notification

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
    withheld: int = 0
    stopped: bool = False
    errors: list[str] = field(default_factory=list)


class Sender:
    """Sends pending notifications: overall rate, one message per chat per interval, retries.

    Each notification is claimed just before it goes out (bot/services/outbox.py `claim`),
    under this instance's lease epoch; nothing goes to Telegram once the fence is closed
    (bot/fence.py), and a drain stops at the first row it may not send.
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
        if not self.fence.ok():
            report.stopped = True
            return report
        epoch = self.fence.claim.epoch
        if epoch is not None:
            report.uncertain += await outbox.judge_stale_claims(epoch, self.services.clock.now())
        skipped: set[int] = set()
        while True:
            batch = [
                n
                for n in await outbox.due_batch(self.services.clock.now(), BATCH + len(skipped))
                if n.id not in skipped
            ]
            if not batch:
                return report
            for notification in batch:
                chat_id = notification.person.telegram_id
                if chat_id is not None:
                    since = self._loop_time() - self._last_in_chat.get(chat_id, -1e9)
                    if since < self.per_chat_interval:
                        skipped.add(notification.id)
                        report.deferred += 1
                        continue
                try:
                    go_on = await self._send(notification, report)
                except LeaseLost:
                    report.stopped = True
                    return report
                if not go_on:
                    return report
                skipped.add(notification.id)  # claimed by another sender, or done

    async def _send(self, n: Notification, report: DrainReport) -> bool:
        """One delivery; False when Telegram asked everybody to wait (stop this round).

        Everything that takes time (checks, rendering, the rate limit) comes before the
        claim: a claim is made right before the first request, so that an instance that dies
        leaves as little as possible in the state "may have been sent"."""
        now = self.services.clock.now
        person = n.person
        if person.telegram_id is None:
            if await outbox.claim([n], self.fence.claim, now()):
                await outbox.mark_failed(n, now(), "not enrolled: no Telegram account")
                report.failed += 1
            return True
        params = await outbox.visible_params(n)
        if params is None:
            # Revoked means revoked: nothing about a case the reader may no longer see.
            if await outbox.claim([n], self.fence.claim, now()):
                await outbox.mark_withheld(n, now(), "the recipient may no longer see this case")
                report.withheld += 1
            return True
        n.params = params
        settings = self.services.settings
        try:
            # Rendering a digest's chart takes a while: keep it off the event loop.
            rendered = await asyncio.to_thread(
                render,
                n,
                person.locale or settings.default_locale,
                person.timezone or settings.timezone,
            )
        except Exception as error:
            # One notice that cannot be rendered must not hold up the ones behind it.
            log.exception("notification %s cannot be rendered", n.id)
            if await outbox.claim([n], self.fence.claim, now()):
                await outbox.mark_failed(n, now(), f"render: {error!r}")
                report.failed += 1
            return True
        parts: list[tuple[str, bytes | str]] = []
        if rendered.chart is not None:
            parts.append(("photo", rendered.chart))
        parts.extend(("text", text) for text in split_message(rendered.text))
        # A notice whose first parts went out before a failure sends only the rest.
        first = n.parts_sent
        todo = parts[first:]
        await self._wait_for_slot()
        if not await outbox.claim([n], self.fence.claim, now()):
            return True  # another sender has it
        # Several messages (a chart, a long text) go out as one short burst, each in its own
        # overall slot; the chat then rests one interval per message.
        self._last_in_chat[person.telegram_id] = (
            self._loop_time() + len(todo) * self.per_chat_interval
        )
        message = None
        try:
            for index, (kind, content) in enumerate(todo, start=first):
                if index > first:
                    await self._wait_for_slot()
                if kind == "photo":
                    message = await self.bot.send_photo(person.telegram_id, content)
                else:
                    last = index == len(parts) - 1
                    message = await self.bot.send_message(
                        person.telegram_id,
                        str(content),
                        reply_markup=rendered.markup if last else None,
                    )
                if index < len(parts) - 1:
                    await outbox.part_sent(n, index + 1)
        except LeaseLost:
            # Refused here, before any byte of this part left: the row is free again.
            await outbox.unclaim(n)
            raise
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            self._paused_until = self._loop_time() + seconds
            await outbox.mark_throttled(n, now(), seconds, f"429: {error}")
            report.retried += 1
            return False
        except Forbidden:
            window = SendWindow.from_settings(settings)
            await outbox.mark_blocked(n, now(), window)
            report.blocked += 1
        except BadRequest as error:
            await outbox.mark_failed(n, now(), f"400: {error}")
            report.failed += 1
        except TimedOut as error:
            await outbox.mark_uncertain(n, now(), f"timeout: {error}")
            report.uncertain += 1
        except NetworkError as error:
            await outbox.mark_retry(n, now(), None, f"network: {error}")
            report.retried += 1
        except TelegramError as error:
            await outbox.mark_retry(n, now(), None, f"telegram: {error}")
            report.retried += 1
        else:
            await outbox.mark_sent(n, message.message_id if message else None, now())
            report.sent += 1
        return True
