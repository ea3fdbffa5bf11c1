"""What people are told, through the real Application and the emulator: /tz as people type
it, the weekday of a session invitation, the cases newly assigned to a mentor or supervisor
(a case opened, an invite for a case, an import: one message per person)."""

from datetime import UTC, datetime

from models import Notification, Person
from models.enums import Role, SessionKind
from tests.casework import enrol, new_case
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.data.cohorts import closed_row, row, to_csv
from tests.oversight_world import (
    CADRE_ID,
    MENTOR_ID,
    OTHER_SUPERVISOR_ID,
    SUPERVISOR_ID,
    english_admin,
    open_case,
    world,
)


async def zone_of(uid: int) -> str | None:
    return (await Person.get(telegram_id=uid)).timezone


async def test_tz_takes_cities_and_offsets_in_any_casing(chat: ChatHarness) -> None:
    shown = text_of(await chat.send(ADMIN_ID, "/tz"))
    assert "当前时区：北京时间（Asia/Shanghai）" in shown and "/tz UTC+8" in shown
    assert "乌鲁木齐时间（Asia/Urumqi）" in str(chat.last_with_buttons(ADMIN_ID).reply_markup)
    assert "时区已设为 北京时间（Asia/Shanghai）" in text_of(await chat.send(ADMIN_ID, "/tz 北京"))
    assert await zone_of(ADMIN_ID) == "Asia/Shanghai"
    assert "时区已设为 UTC+8" in text_of(await chat.send(ADMIN_ID, "/tz utc+8"))
    assert await zone_of(ADMIN_ID) == "Etc/GMT-8"
    assert "伦敦时间（Europe/London）" in text_of(await chat.send(ADMIN_ID, "/tz LONDON"))
    assert "America/New_York" in text_of(await chat.send(ADMIN_ID, "/tz new york"))
    refused = text_of(await chat.send(ADMIN_ID, "/tz 火星"))
    assert "未知的时区“火星”" in refused and "北京、乌鲁木齐" in refused
    assert await zone_of(ADMIN_ID) == "America/New_York"
    await chat.send(ADMIN_ID, "/tz")
    assert "乌鲁木齐时间" in text_of(await chat.press(ADMIN_ID, "乌鲁木齐时间"))
    assert await zone_of(ADMIN_ID) == "Asia/Urumqi"


async def test_tz_in_english(chat: ChatHarness) -> None:
    await english_admin(chat)
    assert "Beijing time (Asia/Shanghai)" in text_of(await chat.send(ADMIN_ID, "/tz Beijing"))
    assert "Time zone set to UTC+8" in text_of(await chat.send(ADMIN_ID, "/tz GMT+08:00"))
    refused = text_of(await chat.send(ADMIN_ID, "/tz Atlantis"))
    assert 'Unknown time zone "Atlantis"' in refused and "UTC+8" in refused
    assert await zone_of(ADMIN_ID) == "Etc/GMT-8"


async def test_a_session_invitation_names_the_weekday(chat: ChatHarness) -> None:
    mine, other = await world(chat)
    await enrol(chat, CADRE_ID, Role.CADRE, "张伟", case_id=mine.id)
    await enrol(chat, 3002, Role.CADRE, "陈静", "en", case_id=other.id)
    admin = await Person.get(telegram_id=ADMIN_ID)
    await chat.app.services.activities.schedule_session(
        SessionKind.TRAINING,
        "作风建设专题培训班",
        datetime(2026, 3, 3, 1, 0, tzinfo=UTC),  # 09:00 in Beijing, a Tuesday
        datetime(2026, 3, 3, 4, 0, tzinfo=UTC),
        [mine.id, other.id],
        by=admin,
        place="区委党校 301 教室",
    )
    await chat.app.sender.drain()
    zh = chat.emu.sent(CADRE_ID)[-1].text or ""
    assert "时间：2026年3月3日（周二）09:00" in zh and "地点：区委党校 301 教室" in zh
    en = chat.emu.sent(3002)[-1].text or ""
    assert "When: Tue 3 Mar 2026 09:00" in en


async def test_enrolled_staff_are_told_of_a_case_opened_for_them(chat: ChatHarness) -> None:
    await world(chat)
    await enrol(chat, 4003, Role.SUPERVISOR, "孙部长", "en")
    before = len(chat.emu.sent(MENTOR_ID))
    await open_case(
        chat, "刘洋", unit="白河镇政府", mentors=["李老师", "吴老师"], supervisors=["孙部长"]
    )
    await chat.app.sender.drain()
    told = chat.emu.sent(MENTOR_ID)[before:]
    assert len(told) == 1
    text = told[0].text or ""
    assert text.startswith("📂 有 1 名干部的召回管理由您负责：")
    assert "• 刘洋（白河镇政府），您是帮带人" in text
    english = chat.emu.sent(4003)[-1].text or ""
    assert "A new recall is assigned to you" in english and "as supervisor" in english
    # The supervisors of other cases, and 吴老师 who has not joined, hear nothing of it.
    assert not await Notification.filter(message="case-assigned").exclude(
        person__telegram_id__in=[MENTOR_ID, 4003]
    )
    assert "刘洋" not in text_of(chat.emu.sent(SUPERVISOR_ID))
    # Whoever opens a case is not told of it, even when they are on it.
    admin = await Person.get(telegram_id=ADMIN_ID)
    await chat.app.services.people.grant(admin, Role.SUPERVISOR)
    opened = await chat.app.services.cases.open(
        new_case("马超", supervisors=[admin.name]), by=admin
    )
    assert await opened.assignments.filter(person=admin).exists()
    assert not await Notification.filter(message="case-assigned", person=admin)
    # One tap from the notice to the case.
    view = text_of(await chat.press(MENTOR_ID, "查看管理情况", told[0]))
    assert "刘洋" in view and "白河镇政府" in view


async def test_cases_opened_one_after_another_are_one_message_each(chat: ChatHarness) -> None:
    await world(chat)
    await enrol(chat, 4003, Role.SUPERVISOR, "孙部长", "en")
    before = len(chat.emu.sent(MENTOR_ID))
    for name in ("刘洋", "黄磊", "马超"):
        await open_case(chat, name, unit="白河镇政府", mentors=["李老师"], supervisors=["孙部长"])
    await chat.app.sender.drain()
    told = chat.emu.sent(MENTOR_ID)[before:]
    assert len(told) == 1
    lines = (told[0].text or "").splitlines()
    assert lines[0] == "📂 有 3 名干部的召回管理由您负责："
    names = ("刘洋", "黄磊", "马超")
    assert lines[1:4] == [f"• {name}（白河镇政府），您是帮带人" for name in names]
    assert lines[4] == "发送 /case 可查看管理情况。"
    english = [m.text or "" for m in chat.emu.sent(4003) if "assigned to you" in (m.text or "")]
    assert len(english) == 1 and "3 new recalls are assigned to you" in english[0]
    assert all(f"• {name} (白河镇政府), as supervisor" in english[0] for name in ("刘洋", "马超"))
    # Every row is still recorded as delivered.
    rows = await Notification.filter(message="case-assigned", person__telegram_id=MENTOR_ID)
    assert len(rows) == 3 and all(n.sent_at is not None for n in rows)


async def test_an_invite_for_a_case_tells_the_mentor_once(chat: ChatHarness) -> None:
    mine, other = await world(chat)
    people = chat.app.services.people
    # An enrolled mentor invited for one more case hears of it when they open the link.
    token, _ = await people.create_invite(Role.MENTOR, "李老师", case_id=other.id)
    await chat.send(MENTOR_ID, f"/start {token}")
    # A new mentor joins through an invite for a case.
    token, _ = await people.create_invite(Role.MENTOR, "吴老师", case_id=mine.id)
    chat.user(2002, "吴老师", "en")
    await chat.send(2002, f"/start {token}")
    await chat.app.sender.drain()
    told = [m.text or "" for m in chat.emu.sent(MENTOR_ID) if "📂" in (m.text or "")]
    assert len(told) == 1 and "• 陈静（白河镇政府），您是帮带人" in told[0]
    new = [m.text or "" for m in chat.emu.sent(2002) if "📂" in (m.text or "")]
    assert len(new) == 1 and "• 张伟 (青山县农业农村局), as mentor" in new[0]
    # An invite for a case the mentor is on already tells them nothing new.
    token, _ = await people.create_invite(Role.MENTOR, "李老师", case_id=mine.id)
    await chat.send(MENTOR_ID, f"/start {token}")
    assert await Notification.filter(message="case-assigned").count() == 2


async def test_an_import_tells_each_person_once_listing_the_cases(chat: ChatHarness) -> None:
    await world(chat)
    rows = [
        row(name="刘洋", mentor="李老师", supervisor="赵部长"),
        row(name="黄磊", unit="白河镇政府", mentor="李老师; 吴老师", supervisor="赵部长"),
        row(name="马超", mentor="李老师", supervisor="赵部长", recalled_on="2026-02-20"),
        closed_row(mentor="李老师", supervisor="赵部长"),  # a closed case: history, not news
    ]
    data = to_csv(rows)
    result = await chat.app.services.importer.import_bytes("cohort.csv", data)
    assert result.added == 4
    await chat.app.sender.drain()
    for uid, role in ((MENTOR_ID, "帮带人"), (OTHER_SUPERVISOR_ID, "督导")):
        told = [m.text or "" for m in chat.emu.sent(uid) if "📂" in (m.text or "")]
        assert len(told) == 1, told
        lines = told[0].splitlines()
        assert lines[0] == "📂 有 3 名干部的召回管理由您负责："
        assert [line.split("（")[0].split(" ", 1)[1] for line in lines[1:4]] == [
            "刘洋",
            "黄磊",
            "马超",
        ]
        assert all(line.endswith(f"您是{role}") for line in lines[1:4])
        assert "赵敏" not in told[0]
    assert await Notification.filter(message="case-assigned").count() == 2
    # The same file again adds nothing, and tells nobody anything.
    again = await chat.app.services.importer.import_bytes("cohort.csv", data)
    assert again.added == 0
    assert await Notification.filter(message="case-assigned").count() == 2
