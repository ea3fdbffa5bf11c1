"""Supervisors' digests: when they are due, what they say, how they read; the progress chart."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.chat.notifications import render_text as render_notification
from bot.clock import ManualClock
from bot.services.activities import ActivityService, ReflectionContent, TalkRecord
from bot.services.cases import CaseService
from bot.services.chart import MAX_BARS, most_behind, render_progress_chart
from bot.services.digest import (
    DIGEST_MESSAGE,
    DigestData,
    Item,
    build_digest,
    digest_now,
    progress_rows,
    render_digest,
)
from bot.services.reminders import ReminderService
from models import Notification, Person
from models.enums import AttendanceStatus, DigestFrequency, SessionKind
from tests.test_reminders import SHANGHAI, admin, open_case, person, walk

BERLIN = ZoneInfo("Europe/Berlin")


async def digest_times(supervisor: Person, zone: ZoneInfo = SHANGHAI) -> list[datetime]:
    notes = await Notification.filter(person=supervisor, message=DIGEST_MESSAGE).order_by("id")
    return [note.created_at.astimezone(zone) for note in notes]


async def run_hourly(clock: ManualClock, until: datetime) -> None:
    clock.set(datetime(2026, 3, 2, 10, tzinfo=SHANGHAI))  # on the hour from here on
    await walk(ReminderService(clock), clock, until, hours=1)


async def test_weekly_digest_on_monday_morning_local_time(db: None, clock: ManualClock) -> None:
    await open_case(clock)
    await open_case(clock, cadre="赵敏", mentor="陈老师", supervisor="孙部长")
    await Person.filter(name="孙部长").update(timezone="Europe/Berlin")
    await run_hourly(clock, datetime(2026, 3, 17, 12, tzinfo=SHANGHAI))
    assert await digest_times(await person("王部长")) == [
        datetime(2026, 3, 9, 9, tzinfo=SHANGHAI),
        datetime(2026, 3, 16, 9, tzinfo=SHANGHAI),
    ]
    # Added at 02:30 on a Monday in Berlin: that Monday's 09:00 is already the first digest.
    assert await digest_times(await person("孙部长"), BERLIN) == [
        datetime(2026, 3, 2, 9, tzinfo=BERLIN),
        datetime(2026, 3, 9, 9, tzinfo=BERLIN),
        datetime(2026, 3, 16, 9, tzinfo=BERLIN),
    ]
    supervisor = await person("王部长")
    assert supervisor.last_digest_at == datetime(2026, 3, 16, 9, tzinfo=SHANGHAI)
    keys = await Notification.filter(person=supervisor, message=DIGEST_MESSAGE).values_list(
        "key", flat=True
    )
    assert keys == [f"digest:{supervisor.id}:2026-03-09", f"digest:{supervisor.id}:2026-03-16"]


async def test_daily_and_off(db: None, clock: ManualClock) -> None:
    await open_case(clock)
    await open_case(clock, cadre="赵敏", mentor="陈老师", supervisor="孙部长")
    await Person.filter(name="王部长").update(digest=DigestFrequency.DAILY)
    await Person.filter(name="孙部长").update(digest=DigestFrequency.OFF)
    await run_hourly(clock, datetime(2026, 3, 5, 12, tzinfo=SHANGHAI))
    assert await digest_times(await person("王部长")) == [
        datetime(2026, 3, day, 9, tzinfo=SHANGHAI) for day in (3, 4, 5)
    ]
    assert await digest_times(await person("孙部长")) == []


async def record_activity(clock: ManualClock, case_id: int, cadre: str, mentor: str) -> None:
    activities = ActivityService(CaseService(clock))
    today = clock.now().astimezone(SHANGHAI).date()
    await activities.record_talk(
        case_id,
        TalkRecord(
            held_on=today, place="局机关会议室", summary="谈了近期工作，态度端正。", attitude=4
        ),
        mentor=await person(mentor),
    )
    await activities.submit_reflection(
        ReflectionContent(text="本周我认真反思了工作中存在的拖延问题，" * 3),
        cadre=await person(cadre),
    )
    start = clock.now() + timedelta(hours=1)
    session = await activities.schedule_session(
        SessionKind.TRAINING,
        "专题培训第一期",
        start,
        start + timedelta(hours=3),
        [case_id],
        by=await admin(),
    )
    await activities.record_attendance(
        session.id, {case_id: AttendanceStatus.PRESENT}, by=await admin()
    )


async def test_digest_content_is_scoped_to_the_supervisor(db: None, clock: ManualClock) -> None:
    mine = await open_case(clock)
    other = await open_case(clock, cadre="赵敏", mentor="陈老师", supervisor="孙部长")
    clock.set(datetime(2026, 3, 10, 10, tzinfo=SHANGHAI))
    await record_activity(clock, mine.id, "张伟", "李老师")
    await record_activity(clock, other.id, "赵敏", "陈老师")
    supervisor = await person("王部长")
    since = datetime(2026, 3, 2, 9, tzinfo=SHANGHAI)
    data = await build_digest(supervisor, datetime(2026, 4, 6, 10, tzinfo=SHANGHAI), since=since)

    def lines(items: list[Item]) -> list[tuple[int, str, str]]:
        return [(item.case_id, item.day, item.what) for item in items]

    assert lines(data.newly_overdue) == [
        (mine.id, "2026-03-05", "acknowledge"),
        (mine.id, "2026-04-01", "education"),
    ]
    assert lines(data.due_soon) == [(mine.id, "2026-04-08", "talk")]
    assert lines(data.talks) == [(mine.id, "2026-03-10", "李老师")]
    assert lines(data.reflections) == [(mine.id, "2026-03-10", "")]
    assert [(a.case_id, a.what, a.status) for a in data.attendance] == [
        (mine.id, "专题培训第一期", "present")
    ]
    assert [item.case_id for item in data.awaiting_review] == [mine.id]
    assert [(c.case_id, c.cadre) for c in data.cases] == [(mine.id, "张伟")]
    assert data.cases[0].done == 3 and data.cases[0].overdue == 2
    assert data.cases[0].total == data.cases[0].done + data.cases[0].open
    assert other.id not in {item.case_id for item in data.talks + data.reflections}


async def test_digest_on_demand_leaves_the_schedule_alone(db: None, clock: ManualClock) -> None:
    case = await open_case(clock)
    clock.set(datetime(2026, 3, 10, 10, tzinfo=SHANGHAI))
    await record_activity(clock, case.id, "张伟", "李老师")
    clock.advance(minutes=5)
    supervisor = await person("王部长")
    data = await digest_now(supervisor, clock.now())
    assert data.frequency == "now" and len(data.talks) == 1
    supervisor = await person("王部长")
    assert supervisor.last_digest_at is None
    assert not await Notification.filter(message=DIGEST_MESSAGE).exists()
    # The scheduled digest that follows, for the week of 9 March, says the same things.
    clock.set(datetime(2026, 3, 16, 9, 1, tzinfo=SHANGHAI))
    await ReminderService(clock).tick(clock.now())
    note = await Notification.get(person=supervisor, message=DIGEST_MESSAGE)
    queued = DigestData.from_params(note.params)
    assert queued.talks == data.talks and queued.reflections == data.reflections
    assert (queued.since, queued.until) == (
        datetime(2026, 3, 9, 9, tzinfo=SHANGHAI),
        datetime(2026, 3, 16, 9, tzinfo=SHANGHAI),
    )


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("zh-CN", ["当前摘要 · 王部长", "谈心谈话（1）", "确认管理计划，2026年3月5日", "出席"]),
        ("en", ["Digest · 王部长", "Talks (1)", "Acknowledge the plan, 5 Mar 2026", "present"]),
    ],
)
async def test_digest_renders_in_both_languages(
    db: None, clock: ManualClock, locale: str, words: list[str]
) -> None:
    case = await open_case(clock)
    clock.set(datetime(2026, 3, 10, 10, tzinfo=SHANGHAI))
    await record_activity(clock, case.id, "张伟", "李老师")
    clock.advance(minutes=5)
    data = await digest_now(await person("王部长"), clock.now())
    text = render_digest(data, locale, "Asia/Shanghai")
    assert all(word in text for word in words), text
    assert "digest-" not in text and "step-kind" not in text and "{" not in text
    assert render_notification(DIGEST_MESSAGE, data.to_params(), locale, SHANGHAI) == text
    assert max(len(line) for line in text.splitlines()) < 80


async def test_a_supervisor_without_cases_gets_no_scheduled_digest(
    db: None, clock: ManualClock
) -> None:
    await open_case(clock)
    lonely = await Person.create(name="钱部长", telegram_id=555, created_at=clock.now())
    from models import RoleGrant
    from models.enums import Role

    await RoleGrant.create(person=lonely, role=Role.SUPERVISOR)
    await run_hourly(clock, datetime(2026, 3, 9, 10, tzinfo=SHANGHAI))
    assert await digest_times(lonely) == []
    assert (await Person.get(id=lonely.id)).last_digest_at is not None
    text = render_digest(await digest_now(lonely, clock.now()), "zh-CN", SHANGHAI)
    assert "没有负责的召回管理" in text


async def test_progress_chart_renders_chinese_names(db: None, clock: ManualClock) -> None:
    case = await open_case(clock)
    clock.set(datetime(2026, 3, 10, 10, tzinfo=SHANGHAI))
    await record_activity(clock, case.id, "张伟", "李老师")
    clock.advance(minutes=5)
    rows = progress_rows(await digest_now(await person("王部长"), clock.now()))
    rows += [("欧阳修远 #7", 12, 3, 1), ("Zhang Wei #8", 0, 20, 0)]
    for locale in ("zh-CN", "en"):
        png = render_progress_chart(rows, locale)  # a "Glyph missing" warning would fail here
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    assert render_progress_chart([], "zh-CN").startswith(b"\x89PNG")


def test_a_big_supervisors_chart_shows_the_cases_most_behind() -> None:
    rows = [(f"干部{n}", 10, 10, 0) for n in range(100)]
    rows[70] = ("最落后", 0, 20, 5)
    rows[20] = ("其次", 2, 18, 3)
    shown = most_behind(rows)
    assert len(shown) == MAX_BARS and shown.index(rows[20]) < shown.index(rows[70])
    assert most_behind(rows[:5]) == rows[:5]
    png = render_progress_chart(rows, "zh-CN")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width + height < 10_000  # Telegram's limit for a photo


def test_digest_params_survive_json() -> None:
    import json

    data = DigestData(
        "王部长",
        "weekly",
        datetime(2026, 3, 2, 1, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 3, 9, 1, tzinfo=ZoneInfo("UTC")),
    )
    params = json.loads(json.dumps(data.to_params()))
    assert DigestData.from_params(params) == data
    assert date.fromisoformat(params["since"][:10]) == date(2026, 3, 2)
