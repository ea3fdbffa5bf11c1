"""The check-in QR message keeps itself fresh (issue 10 point 8): while the session is open
its job edits the picture and the caption in place as the code turns; then it says the
check-in is over. Driven by running the job after moving the injected clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from handlers.checkin import job_name, qr_png
from tests.casework import CADRE, MENTOR, session, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID


def code_of(caption: str | None) -> str:
    found = re.search(r"start=ci-([\w-]+)", caption or "")
    assert found is not None, caption
    return found.group(1)


async def run_job(chat: ChatHarness, chat_id: int, session_id: int) -> None:
    assert chat.app.job_queue is not None
    (job,) = chat.app.job_queue.get_jobs_by_name(job_name(chat_id, session_id))
    await job.run(chat.app)


async def test_the_qr_message_edits_itself_in_place(chat: ChatHarness) -> None:
    w = await world(chat)
    ten = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    training = await session(chat, [w.case, w.other_case], starts_at=ten)
    await chat.send(ADMIN_ID, "/checkin")
    photo = next(m for m in await chat.press(ADMIN_ID, "作风建设专题培训") if m.photo)
    first = code_of(photo.caption)
    # Within the same window nothing changes.
    await run_job(chat, ADMIN_ID, training.id)
    assert photo.edits == 0
    chat.clock.advance(minutes=6)
    await run_job(chat, ADMIN_ID, training.id)
    assert photo.edits == 1
    second = code_of(photo.caption)
    assert second != first and second == chat.app.services.activities.checkin_code(training)
    assert photo.photo == qr_png(f"https://t.me/recallbot_demo_bot?start=ci-{second}")
    assert "此码有效至 09:45" in (photo.caption or "") and "🔄" in str(photo.reply_markup)
    # The code it shows now works; one shown two windows ago does not.
    assert "签到成功：“作风建设专题培训”" in text_of(await chat.send(CADRE, f"/start ci-{second}"))
    chat.clock.advance(minutes=12)
    await run_job(chat, ADMIN_ID, training.id)
    assert "签到码已过期" in text_of(await chat.send(3002, f"/start ci-{second}"))
    # After the session: the message says so, its button goes, the job stops.
    chat.clock.set(datetime(2026, 3, 2, 8, 1, tzinfo=UTC))
    await run_job(chat, ADMIN_ID, training.id)
    assert "本场签到已结束" in (photo.caption or "") and photo.reply_markup is None
    assert chat.emu.violations == []


async def test_a_refresh_moves_the_job_to_the_new_message_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    training = await session(chat, [w.case])
    await chat.send(MENTOR, "/checkin")
    old = next(m for m in await chat.press(MENTOR, "作风建设专题培训") if m.photo)
    new = [m for m in await chat.press(MENTOR, "🔄") if m.photo][-1]
    assert new.message_id != old.message_id
    chat.clock.advance(minutes=6)
    await run_job(chat, MENTOR, training.id)  # one job per chat and session: the newest message
    assert new.edits == 1 and old.edits <= 1 and old.reply_markup is None
    assert "it changes every 5 minutes" in (new.caption or "")
    # A forged refresh for a session the mentor cannot see is refused and starts no job.
    replies = await chat.press_data(MENTOR, "ck:r:999", new.message_id)
    assert "Session not found" in text_of(replies)
    assert chat.app.job_queue is not None
    assert not chat.app.job_queue.get_jobs_by_name(job_name(MENTOR, 999))
