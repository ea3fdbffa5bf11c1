"""Delivery under the lease: claims, fencing, 429 storms, several-part notices, revocation.

Everything goes through the real sender and python-telegram-bot against the emulator; what
users received is read from the emulator, what the outbox recorded from the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from telegram import Bot

from bot.chat.fence import Fence, FencedRequest, LeaseLost
from bot.chat.sender import Sender
from bot.services import lease, outbox
from bot.services.digest import DIGEST_MESSAGE, build_digest
from bot.services.lease import Claim
from bot.services.notices import notify
from models import Notification, Person
from models.enums import NotificationStatus, Role
from schedules import delivery
from tests.casework import SUPERVISOR, enrol, world
from tests.chat import ChatHarness
from tests.conftest import ADMIN_ID
from tests.test_delivery import queue

TTL = timedelta(seconds=30)


def texts(chat: ChatHarness, chat_id: int) -> list[str]:
    return [m.text or "" for m in chat.emu.sent(chat_id) if m.method == "sendMessage"]


@asynccontextmanager
async def fenced_sender(chat: ChatHarness, holder: str) -> AsyncIterator[Sender]:
    """The sender of an instance that takes the lease as `holder` now, with its own fenced
    connection to Telegram."""
    term = await lease.acquire(holder, chat.clock.now(), TTL)
    assert term is not None
    fence = Fence(holder)
    fence.granted(term, fence.monotonic(), TTL.total_seconds())
    settings = chat.app.services.settings
    bot = Bot(
        settings.bot_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        request=FencedRequest(fence),
        get_updates_request=FencedRequest(fence),
    )
    async with bot:
        yield Sender(
            bot, chat.app.services, fence=fence, rate_per_second=1000, per_chat_interval=0
        )


async def test_a_row_claimed_by_another_sender_is_left_to_it(chat: ChatHarness) -> None:
    await queue(chat, 2)
    first, second = await Notification.all().order_by("id")
    assert await outbox.claim([first], Claim("elsewhere", None), chat.clock.now())
    assert not await outbox.claim([first], Claim("here", None), chat.clock.now())
    report = await delivery.run(chat.app)
    assert report.sent == 1
    assert len(chat.emu.sent(ADMIN_ID)) == 1
    rows = {n.id: n for n in await Notification.all()}
    assert rows[first.id].status == NotificationStatus.SENDING
    assert rows[first.id].claimed_by == "elsewhere"
    assert rows[second.id].status == NotificationStatus.SENT


async def test_claims_of_an_instance_that_lost_the_lease_are_judged_and_never_resent(
    chat: ChatHarness,
) -> None:
    """ "a" claims a row, then stalls past its lease; "b" takes over. The row may have been
    sent: "b" records it as uncertain and does not send it. When "a" wakes up and finds it
    never sent it (its fence closed first), the row is pending again and "b" sends it once."""
    await queue(chat, 3)
    async with fenced_sender(chat, "a") as stalled:
        row = (await Notification.all().order_by("id"))[0]
        row = await Notification.get(id=row.id).select_related("person")
        assert await outbox.claim([row], stalled.fence.claim, chat.clock.now())
        chat.clock.advance(seconds=31)
        async with fenced_sender(chat, "b") as active:
            assert not await outbox.claim([row], stalled.fence.claim, chat.clock.now())
            report = await active.drain()
            assert (report.sent, report.uncertain) == (2, 1)
            judged = await Notification.get(id=row.id)
            assert judged.status == NotificationStatus.UNCERTAIN
            assert "lost the lease" in judged.last_error
            assert len(chat.emu.sent(ADMIN_ID)) == 2
            # "a" resumes: its lease is gone, so it refuses before anything leaves.
            stalled.fence.revoke()
            with pytest.raises(LeaseLost):
                await stalled.bot.send_message(ADMIN_ID, "stale")
            assert (await stalled.drain()).stopped
            assert await outbox.unclaim(row)  # it knows it never sent it
            await active.drain()
    assert len(chat.emu.sent(ADMIN_ID)) == 3
    assert Counter(str(n.status) for n in await Notification.all()) == {"sent": 3}


async def test_an_instance_whose_lease_ran_out_sends_and_polls_nothing(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fence closes between the claim and the send (a pause at the worst moment): the
    request never leaves, the row is free again, the drain stops at once."""
    await queue(chat, 3)
    claim = outbox.claim
    async with fenced_sender(chat, "a") as sender:

        async def claim_then_stall(*args: Any, **kwargs: Any) -> bool:
            taken = await claim(*args, **kwargs)
            sender.fence.revoke()  # the lease ran out while this instance was paused
            return taken

        monkeypatch.setattr(outbox, "claim", claim_then_stall)
        calls = len(chat.emu.requests)
        report = await sender.drain()
        assert report.stopped and report.sent == 0
        with pytest.raises(LeaseLost):
            await sender.bot.get_updates(timeout=0)
    assert chat.emu.requests[calls:] == []  # not one request reached "Telegram"
    assert Counter(str(n.status) for n in await Notification.all()) == {"pending": 3}


async def test_a_429_storm_is_waited_out_however_long_it_lasts(chat: ChatHarness) -> None:
    await queue(chat, 1)
    storm = outbox.MAX_ATTEMPTS * 2
    chat.emu.fail("sendMessage", status=429, retry_after=1, times=storm)
    for _ in range(storm):
        report = await delivery.run(chat.app)
        assert report.retried == 1
        (row,) = await Notification.all()
        assert row.status == NotificationStatus.PENDING and row.attempts == 0
        assert row.not_before == chat.clock.now() + timedelta(seconds=1)
        chat.clock.advance(seconds=1)
        chat.app.sender._paused_until = 0.0  # the test moves Telegram's second on, too
    assert (await delivery.run(chat.app)).sent == 1
    (row,) = await Notification.all()
    assert row.status == NotificationStatus.SENT and row.attempts == 1
    assert len(chat.emu.sent(ADMIN_ID)) == 1


async def test_a_several_part_notice_sends_only_the_parts_not_yet_sent(
    chat: ChatHarness,
) -> None:
    """Two long texts: the second part fails with a 502; the retry sends only that part."""
    admin = await Person.get(telegram_id=ADMIN_ID)
    await notify(
        admin,
        "talk-confirm-request",
        now=chat.clock.now(),
        mentor="帮" * 2_400,
        held_on="2026-03-01",
        summary="谈" * 2_400,
        talk_id=1,
        voice="no",
    )
    sends = len(chat.emu.calls("sendMessage"))
    # Let the first part through, fail the second.
    original = chat.emu._inject_faults
    seen = {"n": 0}

    def second_fails(method: str, params: dict[str, object]) -> None:
        if method == "sendMessage":
            seen["n"] += 1
            if seen["n"] == 2:
                from bot.devtools.emulator.server import ApiError

                raise ApiError(502, "Bad Gateway")
        original(method, params)

    chat.emu._inject_faults = second_fails  # type: ignore[method-assign]
    report = await delivery.run(chat.app)
    assert report.retried == 1
    (row,) = await Notification.all()
    assert (row.status, row.parts_sent) == (NotificationStatus.PENDING, 1)
    chat.clock.advance(minutes=5)
    assert (await delivery.run(chat.app)).sent == 1
    received = texts(chat, ADMIN_ID)
    assert len(chat.emu.calls("sendMessage")) - sends == 3  # part 1, part 2 (502), part 2
    assert len(received) == 2
    assert sum("帮" * 100 in text for text in received) == 1  # the first part went out once
    assert "谈" * 2_400 in "".join(received).replace("\n", "")
    assert chat.emu.last(ADMIN_ID).reply_markup is not None  # the buttons under the last part


@pytest.mark.parametrize("language", ["zh-hans", "en"])
async def test_a_supervisor_taken_off_a_case_gets_no_alert_or_digest_about_it(
    chat: ChatHarness, language: str
) -> None:
    """An alert and a digest wait for the supervisor's morning; meanwhile she is taken off one
    case. At send time the alert is withheld and the digest shows only her other case."""
    w = await world(chat)
    supervisor = await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长", language)
    now = chat.clock.now()
    morning = now + timedelta(days=1)
    await notify(
        supervisor,
        "case-closed-notice",
        now=now,
        case=w.case,
        not_before=morning,
        case_id=w.case.id,
        cadre="张伟",
        placement="original_unit",
        disposition="none",
    )
    digest = await build_digest(supervisor, now, frequency="weekly")
    assert {c.case_id for c in digest.cases} == {w.case.id, w.other_case.id}
    await notify(
        supervisor, DIGEST_MESSAGE, now=now, not_before=morning,
        **digest.to_params(), slot_day=now.date().isoformat(),
    )  # fmt: skip
    await chat.app.services.people.revoke(Role.SUPERVISOR, "王部长", case_id=w.case.id)
    chat.clock.set(morning)
    await delivery.run(chat.app)
    rows = {n.message: n for n in await Notification.filter(person=supervisor)}
    assert rows["case-closed-notice"].status == NotificationStatus.DROPPED
    assert rows["case-closed-notice"].last_error.startswith("withheld")
    assert rows[DIGEST_MESSAGE].status == NotificationStatus.SENT
    received = "\n".join(texts(chat, SUPERVISOR))
    assert "赵敏" in received and "张伟" not in received
    assert f"#{w.case.id}" not in received
    # A digest about nothing she may still see is not sent at all.
    await chat.app.services.people.revoke(Role.SUPERVISOR, "王部长")
    await notify(
        supervisor,
        DIGEST_MESSAGE,
        now=chat.clock.now(),
        **digest.to_params(),
        slot_day=morning.date().isoformat(),
    )
    before = len(chat.emu.sent(SUPERVISOR))
    await delivery.run(chat.app)
    assert len(chat.emu.sent(SUPERVISOR)) == before
    newest = await Notification.filter(person=supervisor).order_by("-id").first()
    assert newest is not None and newest.last_error.startswith("withheld")
