"""An admin's /digest covers the whole programme (issue 10, point 15), through the real
Application and the emulator, in both languages; those without the right are refused."""

from models import Person
from models.enums import Role
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import (
    MENTOR_ID,
    OTHER_SUPERVISOR_ID,
    SUPERVISOR_ID,
    english_admin,
    snapshot,
    world,
)


async def test_an_admins_digest_covers_every_recall(chat: ChatHarness) -> None:
    await world(chat)
    replies = await chat.send(ADMIN_ID, "/digest")
    chart, text = replies[0], text_of(replies[1:])
    assert chart.method == "sendPhoto" and chart.photo and chart.photo.startswith(b"\x89PNG")
    assert "全局摘要（全部召回管理） · 组织部小刘" in text
    assert "张伟" in text and "陈静" in text  # two supervisors' recalls
    assert "2 个" in text or "（2）" in text, text


async def test_a_supervisors_digest_stays_theirs(chat: ChatHarness) -> None:
    await world(chat)
    mine = text_of(await chat.send(SUPERVISOR_ID, "/digest"))
    assert "当前摘要 · 王部长" in mine and "张伟" in mine and "陈静" not in mine
    assert "全局摘要" not in mine
    other = text_of(await chat.send(OTHER_SUPERVISOR_ID, "/digest"))
    assert "陈静" in other and "张伟" not in other


async def test_the_programme_digest_in_english(chat: ChatHarness) -> None:
    await world(chat)
    await english_admin(chat)
    replies = await chat.send(ADMIN_ID, "/digest")
    text = text_of(replies[1:])
    assert replies[0].method == "sendPhoto"
    assert "Programme digest (every recall) · 组织部小刘" in text
    assert "张伟" in text and "陈静" in text


async def test_a_mentor_or_a_stranger_gets_no_digest(chat: ChatHarness) -> None:
    await world(chat)
    before = await snapshot()
    refused = text_of(await chat.send(MENTOR_ID, "/digest"))
    assert "没有权限" in refused and "张伟" not in refused
    chat.user(3999, "路人")
    stranger = text_of(await chat.send(3999, "/digest"))
    assert "张伟" not in stranger and "陈静" not in stranger
    assert await snapshot() == before


async def test_an_admin_who_also_supervises_sees_the_programme(chat: ChatHarness) -> None:
    await world(chat)
    admin = await Person.get(telegram_id=ADMIN_ID)
    await chat.app.services.people.grant(admin, Role.SUPERVISOR)
    text = text_of((await chat.send(ADMIN_ID, "/digest"))[1:])
    assert "全局摘要" in text and "张伟" in text and "陈静" in text
