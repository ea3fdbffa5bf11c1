"""The outbox through Telegram: faults from the emulator never lose a notification."""

from __future__ import annotations

from datetime import timedelta

from models import Notification, Person
from models.enums import NotificationStatus
from schedules import delivery
from tests.chat import ChatHarness
from tests.conftest import ADMIN_ID
from tests.rows import queued


async def queue(chat: ChatHarness, count: int = 1, message: str = "case-closed-notice") -> None:
    admin = await Person.get(telegram_id=ADMIN_ID)
    for index in range(count):
        await queued(
            admin,
            message,
            key=f"test:{index}",
            now=chat.clock.now(),
            case_id=7,
            cadre="张伟",
            placement="original_unit",
            disposition="none",
        )


async def statuses() -> list[str]:
    return [str(n.status) for n in await Notification.all().order_by("id")]


async def test_pending_notifications_are_sent_once(chat: ChatHarness) -> None:
    await queue(chat, 3)
    report = await delivery.run(chat.app)
    assert report.sent == 3
    assert await statuses() == ["sent"] * 3
    assert len(chat.emu.sent(ADMIN_ID)) == 3
    assert "原单位" in (chat.emu.last(ADMIN_ID).text or "")
    await delivery.run(chat.app)
    assert len(chat.emu.sent(ADMIN_ID)) == 3


async def test_retry_after_and_server_errors_are_retried(chat: ChatHarness) -> None:
    await queue(chat, 2)
    chat.emu.fail("sendMessage", status=429, retry_after=1)
    report = await delivery.run(chat.app)
    assert report.retried == 1 and report.sent == 0
    chat.clock.advance(minutes=1)
    chat.emu.fail("sendMessage", status=502)
    await delivery.run(chat.app)
    chat.clock.advance(minutes=5)
    await delivery.run(chat.app)
    assert await statuses() == ["sent", "sent"]
    rows = await Notification.all()
    assert max(n.attempts for n in rows) >= 2


async def test_bad_request_fails_without_retry(chat: ChatHarness) -> None:
    await queue(chat)
    chat.emu.fail("sendMessage", status=400, description="Bad Request: chat not found")
    await delivery.run(chat.app)
    chat.clock.advance(hours=2)
    await delivery.run(chat.app)
    (row,) = await Notification.all()
    assert row.status == NotificationStatus.FAILED and "400" in row.last_error
    assert chat.emu.sent(ADMIN_ID) == []


async def test_timeout_is_recorded_as_maybe_sent(chat: ChatHarness) -> None:
    await queue(chat)
    chat.emu.delay("sendMessage", 3)
    await delivery.run(chat.app)
    (row,) = await Notification.all()
    assert row.status == NotificationStatus.UNCERTAIN and "timeout" in row.last_error


async def test_blocked_person_is_paused_until_back(chat: ChatHarness) -> None:
    await queue(chat, 2)
    chat.emu.block(ADMIN_ID)
    await delivery.run(chat.app)
    admin = await Person.get(telegram_id=ADMIN_ID)
    assert not admin.reachable
    assert await statuses() == ["paused", "paused"]
    chat.emu.unblock(ADMIN_ID)
    await chat.send(ADMIN_ID, "/start")
    assert (await Person.get(telegram_id=ADMIN_ID)).reachable
    chat.clock.advance(timedelta(seconds=1))
    await delivery.run(chat.app)
    assert await statuses() == ["sent", "sent"]


async def test_talk_confirmation_travels_through_the_outbox(chat: ChatHarness) -> None:
    """Mentor records a talk; the sender delivers the request; the cadre's button confirms."""
    from datetime import date

    from bot.services.activities import TalkRecord
    from models import Talk
    from models.enums import TalkConfirmation
    from tests.casework import CADRE, world

    w = await world(chat, "en")
    record = TalkRecord(date(2026, 3, 2), "Party school", "Talked about work style.", 4)
    talk = await chat.app.services.activities.record_talk(w.case.id, record, mentor=w.mentor)
    await delivery.run(chat.app)
    request = chat.emu.last(CADRE)
    assert "Talked about work style." in (request.text or "")
    await chat.press(CADRE, "Correct", request)
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.CONFIRMED


async def test_plan_reminder_carries_the_acknowledge_button(chat: ChatHarness) -> None:
    from schedules import tick
    from tests.casework import CADRE, world

    w = await world(chat)
    chat.clock.advance(days=3)
    await tick.run(chat.app)
    await delivery.run(chat.app)
    reminder = chat.last_with_buttons(CADRE)
    await chat.press(CADRE, "确认管理计划", reminder)
    await w.case.refresh_from_db()
    assert w.case.acknowledged_at is not None


async def test_reminders_held_while_blocked_for_long_are_not_sent_stale(
    chat: ChatHarness,
) -> None:
    admin = await Person.get(telegram_id=ADMIN_ID)
    await queue(chat)  # a notice (case closed)
    await queued(
        admin,
        "reminder-step-due",
        key="stale",
        now=chat.clock.now(),
        case_id=7,
        cadre="张伟",
        step="acknowledge",
        label="",
        due="2026-03-02",
        days=0,
        responsible="cadre",
        own="no",
    )
    chat.emu.block(ADMIN_ID)
    await delivery.run(chat.app)
    chat.emu.unblock(ADMIN_ID)
    chat.clock.advance(days=2)
    await chat.send(ADMIN_ID, "/start")
    await delivery.run(chat.app)
    rows = {n.key: n for n in await Notification.all()}
    assert rows["test:0"].status == NotificationStatus.SENT
    assert rows["stale"].status == NotificationStatus.FAILED
    assert "stale" in rows["stale"].last_error
    assert not any("今天到期" in (m.text or "") for m in chat.emu.sent(ADMIN_ID))


async def test_a_notice_that_cannot_be_rendered_does_not_hold_up_the_others(
    chat: ChatHarness,
) -> None:
    admin = await Person.get(telegram_id=ADMIN_ID)
    await queued(admin, "digest", key="broken", now=chat.clock.now(), cases="not a list")
    await queue(chat, 2)
    report = await delivery.run(chat.app)
    rows = {n.key: n for n in await Notification.all()}
    assert rows["broken"].status == NotificationStatus.FAILED
    assert "render" in rows["broken"].last_error
    assert report.sent == 2 and rows["test:1"].status == NotificationStatus.SENT
