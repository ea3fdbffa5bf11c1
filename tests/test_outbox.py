"""Outbox bookkeeping for the sender: batches, retries, failures, blocked people; rendering."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.chat.notifications import render_text as render_notification
from bot.clock import ManualClock
from bot.i18n import LOCALES, message_ids
from bot.services.digest import DIGEST_MESSAGE
from bot.services.notices import CATALOGUE, notice_of
from bot.services.outbox import (
    MAX_ATTEMPTS,
    due_batch,
    list_outbox,
    mark_blocked,
    mark_failed,
    mark_retry,
    mark_sent,
    mark_uncertain,
    outbox_counts,
)
from bot.services.people import PeopleService
from models import Notification, Person
from models.enums import NotificationStatus as S
from tests.rows import queued
from tests.test_reminders import SHANGHAI, admin, open_case, person

SERVICES = Path(__file__).resolve().parent.parent / "bot" / "services"


async def queue(who: Person, key: str, now: datetime) -> Notification:
    await queued(who, "reminder-step-due", key=key, now=now)
    return await Notification.get(key=key)


async def test_due_batch_takes_pending_rows_in_order(db: None, clock: ManualClock) -> None:
    await open_case(clock)
    cadre, now = await person("张伟"), clock.now()
    later = await queue(cadre, "b", now)
    later.not_before = now + timedelta(hours=1)
    await later.save()
    first = await queue(cadre, "a", now - timedelta(minutes=1))
    first.not_before = now - timedelta(minutes=1)
    await first.save()
    second = await queue(cadre, "c", now)
    sent = await queue(cadre, "d", now)
    await mark_sent(sent, 42, now)
    batch = await due_batch(now, limit=10)
    assert [n.key for n in batch] == ["a", "c"]
    assert batch[0].person.name == "张伟"
    assert [n.key for n in await due_batch(now, limit=1)] == ["a"]
    assert [n.key for n in await due_batch(now + timedelta(hours=1), limit=10)] == ["a", "c", "b"]
    sent = await Notification.get(id=sent.id)
    assert (sent.status, sent.telegram_message_id, sent.sent_at) == (S.SENT, 42, now)
    assert second.status == S.PENDING


async def test_retries_back_off_then_give_up(db: None, clock: ManualClock) -> None:
    await open_case(clock)
    note = await queue(await person("张伟"), "k", clock.now())
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        assert await mark_retry(note, clock.now(), None, "502 Bad Gateway")
        waits.append(note.not_before - clock.now())
        assert await due_batch(clock.now(), 10) == []
        clock.set(note.not_before)
        assert [n.id for n in await due_batch(clock.now(), 10)] == [note.id]
    assert waits == [timedelta(seconds=30 * 2**n) for n in range(MAX_ATTEMPTS - 1)]
    assert not await mark_retry(note, clock.now(), None, "502 Bad Gateway")
    note = await Notification.get(id=note.id)
    assert note.status == S.FAILED and note.attempts == MAX_ATTEMPTS
    assert note.last_error == f"gave up after {MAX_ATTEMPTS} attempts: 502 Bad Gateway"


async def test_flood_control_waits_as_long_as_telegram_asks(db: None, clock: ManualClock) -> None:
    await open_case(clock)
    note = await queue(await person("张伟"), "k", clock.now())
    await mark_retry(note, clock.now(), 120, "429 Too Many Requests")
    assert note.not_before == clock.now() + timedelta(seconds=120)


async def test_bad_request_fails_and_timeout_is_uncertain(db: None, clock: ManualClock) -> None:
    await open_case(clock)
    cadre = await person("张伟")
    bad, slow = await queue(cadre, "bad", clock.now()), await queue(cadre, "slow", clock.now())
    await mark_failed(bad, clock.now(), "400 Bad Request: chat not found")
    await mark_uncertain(slow, clock.now(), "timed out")
    bad, slow = await Notification.get(id=bad.id), await Notification.get(id=slow.id)
    assert (bad.status, bad.attempts, bad.last_error) == (
        S.FAILED,
        1,
        "400 Bad Request: chat not found",
    )
    assert (slow.status, slow.last_error) == (S.UNCERTAIN, "timed out")
    assert await due_batch(clock.now() + timedelta(days=1), 10) == []
    assert await outbox_counts() == {
        "pending": 0, "sending": 0, "sent": 0, "failed": 1, "uncertain": 1, "paused": 0,
        "dropped": 0,
    }  # fmt: skip
    assert [n.key for n in await list_outbox([S.FAILED, S.UNCERTAIN])] == ["slow", "bad"]
    assert (await list_outbox())[0].person.name == "张伟"


async def test_blocked_person_is_paused_supervisor_told_once_then_resumed(
    db: None, clock: ManualClock
) -> None:
    await open_case(clock)
    case = await open_case(clock, cadre="赵敏", mentor="李老师", supervisor="孙部长")
    mentor, now = await person("李老师"), clock.now()
    first = await queue(mentor, "m1", now)
    second = await queue(mentor, "m2", now)
    third = await queue(mentor, "m3", now + timedelta(hours=2))

    assert await mark_blocked(first, now)
    assert not await mark_blocked(second, now)  # a second 403 from the same batch
    mentor = await person("李老师")
    assert not mentor.reachable
    statuses = await Notification.filter(key__in=["m1", "m2", "m3"]).values_list(
        "status", flat=True
    )
    assert set(statuses) == {S.PAUSED}
    told = await Notification.filter(message="alert-person-unreachable").order_by("person_id")
    # The supervisors of both cases this person mentors, once each.
    assert [n.person_id for n in told] == [
        (await person("王部长")).id,
        (await person("孙部长")).id,
    ]
    assert told[0].params == {"name": "李老师", "person_id": mentor.id, "epoch": 1}
    due = await due_batch(now + timedelta(days=1), 10)
    assert {n.message for n in due} == {"alert-person-unreachable"}
    # New messages for them wait, paused, too.
    await queue(mentor, "m4", now)
    assert (await Notification.get(key="m4")).status == S.PAUSED

    # They come back (/start) the same day: everything paused goes out again, nothing lost
    # (reminders held for more than a day would be stale: see test_delivery.py).
    clock.advance(hours=6)
    await PeopleService(clock).mark_reachable(mentor, clock.now())
    resumed = [n.key for n in await due_batch(clock.now(), 10) if n.person_id == mentor.id]
    # (with the notice of the second case assigned to them, paused as well)
    assert sorted(resumed) == [f"assigned:case-{case.id}:to:{mentor.id}", "m1", "m2", "m3", "m4"]
    assert third.id in {n.id for n in await due_batch(clock.now(), 10)}

    # Blocked again later: a new episode, so the supervisors are told again.
    again = await Notification.get(key="m1")
    assert await mark_blocked(again, clock.now())
    assert await Notification.filter(message="alert-person-unreachable").count() == 4


async def test_blocked_admin_or_person_without_cases_tells_the_admins(
    db: None, clock: ManualClock
) -> None:
    await open_case(clock)
    stranger = await Person.create(name="外单位联络员", telegram_id=77, created_at=clock.now())
    note = await queue(stranger, "s", clock.now())
    await mark_blocked(note, clock.now())
    told = await Notification.get(message="alert-person-unreachable")
    assert told.person_id == (await admin()).id


async def test_unreachable_alerts_respect_quiet_hours(db: None, clock: ManualClock) -> None:
    await open_case(clock)
    night = datetime(2026, 3, 3, 23, 0, tzinfo=SHANGHAI)
    note = await queue(await person("张伟"), "n", night)
    await mark_blocked(note, night)
    told = await Notification.get(message="alert-person-unreachable")
    assert told.not_before == datetime(2026, 3, 4, 8, 0, tzinfo=SHANGHAI)


def queued_messages() -> set[str]:
    """Every message id the services queue by name."""
    found: set[str] = set()
    for path in SERVICES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            message = node.args[1]
            if name in ("notify", "_tell_people") and isinstance(message, ast.Constant):
                found.add(str(message.value))
    return found


SAMPLE = {
    # branch views2: a cadre's question to the mentor
    "unit": "青山县农业农村局",
    "question": "下次谈话是什么时候？",
    "event_id": 41,
    "case_id": 12,
    "cadre": "张伟",
    "mentor": "李老师",
    "name": "张伟",
    "person_id": 3,
    "talk_id": 7,
    "reflection_id": 9,
    "version": 2,
    "held_on": "2026-03-10",
    "summary": "谈了近期工作。",
    "comment": "请补充具体措施。",
    "kind": "training",
    "title": "专题培训第一期",
    "starts_at": "2026-03-10T01:00:00+00:00",
    "place": "市委党校",
    "months": 6,
    "end": "2026-09-02",
    "placement": "other_unit",
    "disposition": "promoted",
    "step": "reflection",
    "label": "final_summary",
    "due": "2026-03-16",
    "days": 3,
    "responsible": "mentor",
    "done": 3,
    "open": 10,
    "overdue": 2,
    "total": 13,
    "repeat": 2,
    "voice": "no",
    "own": "no",
    "session_id": 4,
    "epoch": 1,
    "step_id": 30,
    "stage": 1,
    "stage_key": "stage:1",
    "stage_day": "2026-03-16",
    "role": "supervisor",
    "items": [
        {
            "step_id": 30,
            "case_id": 12,
            "cadre": "张伟",
            "step": "talk",
            "label": "",
            "due": "2026-03-09",
            "days_signed": 3,
            "leave_end": "2026-03-17",
        }
    ],
    "count": 1,
    "acknowledge": "no",
    "by": "李老师",
    "settlement": "已与本人当面核实，记录已更正。",
    "attendance": "absent",
    "leave_id": 5,
    "leave_kind": "sick",
    "start": "2026-03-08",
    "period_end": "2026-06-12",
    "extended": "yes",
    "leave_end": "2026-03-17",
    "submitted": "2026-03-05T06:30:00+00:00",
    # notices2: a nudge, a corrected talk record, a moved session
    "reader": "mentor",
    "day": "2026-03-12",
    "attitude": 4,
    "actions": "每周书面汇报一次工作进展",
    "voice_file": "",
    "changed": "place",
    "revision": 1,
    "was_at": "2026-03-09T01:00:00+00:00",
    "was_place": "县委党校",
    # plantalk3: a talk the mentor arranged
    "planned_id": 6,
    "weekday": "4",
}


ASSIGNED_SAMPLE = {
    "batch": "import-3",
    "cases": [
        {"case_id": 12, "cadre": "张伟", "unit": "青山县农业农村局", "role": "mentor"},
        {"case_id": 13, "cadre": "陈静", "unit": "白河镇政府", "role": "supervisor"},
    ],
    "count": 2,
    "case_id": 0,
}


def sample(message: str) -> dict[str, object]:
    if message == "case-assigned":
        return dict(ASSIGNED_SAMPLE)
    return {p: SAMPLE[p] for p in notice_of(message).params}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_queued_message_renders(locale: str) -> None:
    assert queued_messages() <= set(CATALOGUE), "a service queues a message the catalogue lacks"
    assert {"talk-confirm-request", "case-closed-notice", "case-extended-notice"} <= set(CATALOGUE)
    for message in CATALOGUE:
        assert message in message_ids(locale), message
        if message == DIGEST_MESSAGE:
            continue
        text = render_notification(message, sample(message), locale, SHANGHAI)
        assert "{" not in text and "step-" not in text and "2026-" not in text, (message, text)

    def show(message: str, locale: str) -> str:
        return render_notification(message, sample(message), locale, SHANGHAI)

    assert "时间：2026年3月10日（周二）09:00" in show("session-invitation", "zh-CN")
    assert "When: Tue 10 Mar 2026 09:00" in show("session-invitation", "en")
    assert "交流任职；人事变动：提拔重用" in show("case-closed-notice", "zh-CN")
    assert show("reminder-step-upcoming", "en") == (
        "⏰ Reminder: Self-reflection report (final summary) for 张伟"
        " is due on 16 Mar 2026, in 3 days."
    )
    assert "responsible: mentor" in show("alert-step-overdue", "en")
    assert show("case-assigned", "zh-CN").splitlines()[:3] == [
        "📂 有 2 名干部的召回管理由您负责：",
        "• 张伟（青山县农业农村局），您是帮带人",
        "• 陈静（白河镇政府），您是督导",
    ]
    assert "2 new recalls are assigned to you" in show("case-assigned", "en")
