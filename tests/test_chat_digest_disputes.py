"""Disputes show in the digest (issue 10, point 15): a talk record the cadre disputes is
listed until it is settled; through the real Application and the emulator, both languages."""

from datetime import date

from bot.services.activities import TalkRecord
from bot.services.digest import DigestData, build_digest
from models import Person, Talk
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import OTHER_SUPERVISOR_ID, SUPERVISOR_ID, world


async def disputed_talk(chat: ChatHarness, case_id: int, comment: str) -> Talk:
    chat.clock.advance(days=10)
    services = chat.app.services
    mentor = await Person.get(name="李老师")
    record = TalkRecord(date(2026, 3, 11), "局会议室", "谈了作风问题。", 4)
    talk = await services.activities.record_talk(case_id, record, mentor=mentor)
    cadre = await Person.get(cases__id=case_id)
    await services.activities.confirm_talk(talk.id, cadre=cadre, agree=False, comment=comment)
    return talk


async def test_a_disputed_talk_is_in_the_digest_until_settled(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    talk = await disputed_talk(chat, mine.id, "谈话时间<不对>")
    text = text_of((await chat.send(SUPERVISOR_ID, "/digest"))[1:])
    assert "⚠️ 干部对谈话记录有异议、尚未处理（1）" in text
    assert "• 张伟：2026年3月11日 与 李老师 的谈心谈话，异议：“谈话时间&lt;不对&gt;”" in text
    # Another supervisor's digest does not show it; the admin's programme digest does.
    assert "异议" not in text_of(await chat.send(OTHER_SUPERVISOR_ID, "/digest"))
    assert "谈话时间&lt;不对&gt;" in text_of(await chat.send(ADMIN_ID, "/digest"))
    admin = await Person.get(telegram_id=ADMIN_ID)
    await chat.app.services.activities.settle_talk(talk.id, "已当面核实并更正。", by=admin)
    assert "异议" not in text_of(await chat.send(SUPERVISOR_ID, "/digest"))


async def test_disputes_in_the_english_digest(chat: ChatHarness) -> None:
    mine, _ = await world(chat, language="en")
    await disputed_talk(chat, mine.id, "wrong day")
    text = text_of((await chat.send(SUPERVISOR_ID, "/digest"))[1:])
    assert "⚠️ Talk records the cadre disputes, not settled yet (1)" in text
    assert "• 张伟: the talk with 李老师 on 11 Mar 2026; the cadre says: “wrong day”" in text


async def test_the_scheduled_digest_keeps_its_disputes(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    await disputed_talk(chat, mine.id, "")
    supervisor = await Person.get(telegram_id=SUPERVISOR_ID)
    data = await build_digest(supervisor, chat.clock.now())
    again = DigestData.from_params(data.to_params())  # as the outbox keeps it
    assert [(d.cadre, d.what, d.label) for d in again.disputes] == [("张伟", "李老师", "")]
    # Params written before the section existed still read.
    old = {k: v for k, v in data.to_params().items() if k != "disputes"}
    assert DigestData.from_params(old).disputes == []
