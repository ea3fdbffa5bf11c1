"""Training check-in: /checkin shows a QR code and a deep link; /start ci-<code> checks in."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from handlers.checkin import qr_png
from models import Attendance, PlanStep, TrainingSession
from models.enums import AttendanceStatus, StepKind, StepStatus
from tests.casework import CADRE, MENTOR, OTHER_CADRE, OTHER_MENTOR, session, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID, START

LINK = re.compile(r"https://t\.me/recallbot_demo_bot\?start=ci-(\S+)")


def code_of(caption: str | None) -> str:
    match = LINK.search(caption or "")
    assert match is not None, caption
    return match.group(1)


async def line(training: TrainingSession, uid: int) -> Attendance:
    return await Attendance.get(session=training, case__cadre__telegram_id=uid)


async def test_admin_shows_a_code_and_the_cadre_checks_in(chat: ChatHarness) -> None:
    w = await world(chat)
    ten = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00; check-in opens 30 minutes before
    training = await session(chat, [w.case, w.other_case], starts_at=ten)
    replies = await chat.send(ADMIN_ID, "/checkin")
    assert "请选择今天要显示签到码的场次" in text_of(replies)
    replies = await chat.press(ADMIN_ID, "作风建设专题培训")
    photo = next(m for m in replies if m.method == "sendPhoto")
    caption = photo.caption or ""
    assert "作风建设专题培训" in caption and "2026年3月2日 10:00–16:00" in caption
    assert "此码有效至 09:40" in caption  # 09:30 starts a 5-minute window; the next one counts too
    code = code_of(caption)
    assert code == chat.app.services.activities.checkin_code(training)
    link = f"https://t.me/recallbot_demo_bot?start=ci-{code}"
    assert photo.photo == qr_png(link) and photo.photo.startswith(b"\x89PNG")

    chat.clock.advance(minutes=2)
    replies = await chat.send(CADRE, f"/start ci-{code}")
    assert "签到成功：“作风建设专题培训”（县委党校），2026年3月2日 09:32" in text_of(replies)
    attended = await line(training, CADRE)
    assert attended.status == AttendanceStatus.PRESENT
    assert attended.checked_in_at == START + timedelta(minutes=2)
    step = await PlanStep.get(case=w.case, kind=StepKind.TRAINING)
    assert step.status == StepStatus.DONE
    replies = await chat.send(CADRE, f"/start ci-{code}")
    assert "您已经签到过了" in text_of(replies)


async def test_late_check_in_after_fifteen_minutes_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    training = await session(chat, [w.case])
    chat.clock.set(datetime(2026, 3, 2, 1, 20, tzinfo=UTC))  # 09:20, twenty minutes late
    replies = await chat.send(MENTOR, "/checkin")
    assert "Which of today's sessions should show its check-in code?" in text_of(replies)
    replies = await chat.press(MENTOR, "作风建设专题培训")
    caption = next(m for m in replies if m.method == "sendPhoto").caption or ""
    assert "Valid until 09:30; it changes every 5 minutes." in caption
    replies = await chat.send(CADRE, f"/start ci-{code_of(caption)}")
    assert 'Checked in (late): "作风建设专题培训" (县委党校), 2 Mar 2026 09:20' in text_of(replies)
    assert (await line(training, CADRE)).status == AttendanceStatus.LATE


async def test_refresh_sends_a_new_code_and_old_codes_expire(chat: ChatHarness) -> None:
    w = await world(chat)
    training = await session(chat, [w.case, w.other_case])
    await chat.send(ADMIN_ID, "/checkin")
    replies = await chat.press(ADMIN_ID, "作风建设专题培训")
    old = code_of(next(m for m in replies if m.method == "sendPhoto").caption)
    chat.clock.advance(minutes=11)  # two windows later the old code no longer works
    replies = await chat.send(CADRE, f"/start ci-{old}")
    assert "签到码已过期" in text_of(replies)
    assert (await line(training, CADRE)).status is None
    replies = await chat.press(ADMIN_ID, "刷新签到码")
    photos = [m for m in chat.emu.sent(ADMIN_ID) if m.method == "sendPhoto"]
    assert len(photos) == 2 and photos[0].reply_markup is None  # the old one lost its button
    new = code_of([m for m in replies if m.method == "sendPhoto"][-1].caption)
    assert new != old
    assert "已签到（迟到）：“作风建设专题培训”（县委党校），2026年3月2日 09:41" in text_of(
        await chat.send(CADRE, f"/start ci-{new}")
    )
    assert "签到码无效" in text_of(await chat.send(OTHER_CADRE, "/start ci-nonsense"))
    assert "签到码已过期" in text_of(await chat.send(OTHER_CADRE, f"/start ci-{training.id}-0"))


async def test_check_in_outside_the_session_or_off_the_roster(chat: ChatHarness) -> None:
    w = await world(chat)
    tomorrow = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)
    training = await session(chat, [w.case], starts_at=tomorrow, ends_at=tomorrow.replace(hour=8))
    # /checkin lists today's sessions only, and says when the next one is.
    text = text_of(await chat.send(ADMIN_ID, "/checkin"))
    assert "今天没有需要签到的培训或教育场次" in text
    assert "下一场：“作风建设专题培训”，2026年3月3日 09:00" in text
    code = chat.app.services.activities.checkin_code(training)
    replies = await chat.send(CADRE, f"/start ci-{code}")
    assert "现在不在培训时间内" in text_of(replies)
    assert "您不在本次培训的名单中" not in text_of(replies)
    chat.clock.set(tomorrow + timedelta(minutes=1))
    code = chat.app.services.activities.checkin_code(training)
    assert "您不在本次培训的名单中" in text_of(await chat.send(OTHER_CADRE, f"/start ci-{code}"))
    assert "您没有权限" in text_of(await chat.send(MENTOR, f"/start ci-{code}"))
    chat.user(9999, "Stranger")
    assert "您还没有登记" in text_of(await chat.send(9999, f"/start ci-{code}"))
    chat.clock.set(tomorrow + timedelta(hours=8, minutes=1))  # after the end
    code = chat.app.services.activities.checkin_code(training)
    assert "现在不在培训时间内" in text_of(await chat.send(CADRE, f"/start ci-{code}"))
    assert (await line(training, CADRE)).status is None


async def test_checkin_is_scoped_and_buttons_are_checked(chat: ChatHarness) -> None:
    w = await world(chat)
    mine = await session(chat, [w.case], title="我的培训")
    theirs = await session(chat, [w.other_case], title="别人的培训")
    assert "您没有权限" in text_of(await chat.send(CADRE, "/checkin"))
    replies = await chat.send(MENTOR, "/checkin")
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels == ["09:00–16:00 我的培训"]
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, f"ck:s:{theirs.id}", message.message_id)
    assert "找不到该培训场次" in text_of(replies)
    for forged in ("ck:x:1", "ck:s:abc", "ck:s"):
        replies = await chat.press_data(MENTOR, forged, message.message_id)
        assert "按钮已失效" in text_of(replies)
    assert not [m for m in chat.emu.sent(MENTOR) if m.method == "sendPhoto"]
    # Once the session is over, a refresh says so instead of showing a code.
    await chat.press(MENTOR, "我的培训")
    chat.clock.set(mine.ends_at + timedelta(minutes=1))
    replies = await chat.press(MENTOR, "刷新签到码")
    assert "该场次已经结束" in text_of(replies)
    assert "今天没有需要签到的培训或教育场次" in text_of(await chat.send(OTHER_MENTOR, "/checkin"))
