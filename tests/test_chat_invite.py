"""/invite through the real Application: role, name, the link, and enrolment with it."""

import re

from models import Case, Invite, Person, RoleGrant
from models.enums import Role
from tests.chat import ChatHarness, button_data, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import (
    LONG_TEXT,
    SUPERVISOR_ID,
    english_admin,
    open_case,
    snapshot,
    world,
)

LINK = re.compile(r"https://t\.me/recallbot_demo_bot\?start=([A-Za-z0-9_-]{1,64})")


async def test_admin_invites_a_new_mentor(chat: ChatHarness) -> None:
    roles = await chat.send(ADMIN_ID, "/invite")
    assert "为哪种角色生成邀请链接" in text_of(roles)
    assert "召回干部" in str(roles[-1].reply_markup)
    assert "请发送此人的姓名" in text_of(await chat.press(ADMIN_ID, "帮带人"))
    confirm = await chat.send(ADMIN_ID, "孙老师")
    assert "请确认生成邀请链接" in text_of(confirm)
    assert "系统中尚无此人，将新建" in text_of(confirm)
    link = await chat.press(ADMIN_ID, "确认保存")
    text = text_of(link)
    assert "孙老师（帮带人）的邀请链接" in text and "有效期至 2026年3月9日 09:30" in text
    match = LINK.search(text)
    assert match is not None
    assert await Invite.filter(role=Role.MENTOR, person__name="孙老师").count() == 1
    chat.user(6001, "Sun")
    assert "欢迎，孙老师" in text_of(await chat.send(6001, f"/start {match.group(1)}"))
    person = await Person.get(telegram_id=6001)
    assert await RoleGrant.exists(person=person, role=Role.MENTOR)


async def test_namesake_cadres_are_told_apart_in_english(chat: ChatHarness) -> None:
    first = await open_case(chat, "张伟")
    second = await open_case(chat, "张伟", unit="白河镇政府")
    await english_admin(chat)
    await chat.send(ADMIN_ID, "/invite")
    await chat.press(ADMIN_ID, "recalled cadre")
    cases = await chat.send(ADMIN_ID, "张伟")
    assert 'Several recalled cadres are called "张伟"' in text_of(cases)
    assert "张伟 · 青山县农业农村局" in str(cases[-1].reply_markup)
    assert first.id != second.id
    confirm = await chat.press(ADMIN_ID, "张伟 · 白河镇政府")
    assert "Recall: 张伟 · 白河镇政府 (in progress)" in text_of(confirm)
    assert "new person" not in text_of(confirm)
    link = await chat.press(ADMIN_ID, "Save")
    assert "Valid until 9 Mar 2026 09:30" in text_of(link)
    match = LINK.search(text_of(link))
    assert match is not None
    chat.user(6002, "Zhang", "en")
    await chat.send(6002, f"/start {match.group(1)}")
    assert (await Case.get(id=second.id).prefetch_related("cadre")).cadre.telegram_id == 6002
    assert (await Case.get(id=first.id).prefetch_related("cadre")).cadre.telegram_id is None


async def test_bad_input_changes_nothing(chat: ChatHarness) -> None:
    await open_case(chat, "张伟")
    await open_case(chat, "张伟", unit="白河镇政府")
    other = await open_case(chat, "陈静")
    before = await snapshot()
    roles = await chat.send(ADMIN_ID, "/invite")
    assert "请点击上方的按钮" in text_of(await chat.send(ADMIN_ID, "帮带人"))
    for data in ("iv:r:king", "iv:r", "iv:ok:save"):
        replies = await chat.press_data(ADMIN_ID, data, roles[-1].message_id)
        assert "已失效" in text_of(replies), data
    await chat.press(ADMIN_ID, "召回干部")
    assert "请发送文字" in text_of(await chat.send_voice(ADMIN_ID, b"OggS"))
    assert "内容太长" in text_of(await chat.send(ADMIN_ID, LONG_TEXT))
    cases = await chat.send(ADMIN_ID, "张伟")
    replies = await chat.press_data(ADMIN_ID, f"iv:c:{other.id}", cases[-1].message_id)
    assert "已失效" in text_of(replies)
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    assert "已取消" in text_of(await chat.press(ADMIN_ID, "取消"))
    await chat.send(ADMIN_ID, "/invite")
    await chat.press(ADMIN_ID, "督导")
    assert "已取消" in text_of(await chat.send(ADMIN_ID, "/cancel"))
    await chat.send(ADMIN_ID, "/invite")
    await chat.press(ADMIN_ID, "督导")
    chat.clock.advance(minutes=31)
    assert "超时" in text_of(await chat.send(ADMIN_ID, "王部长"))
    assert await snapshot() == before


async def test_wrong_role_and_duplicate_update(chat: ChatHarness) -> None:
    await world(chat)
    before = await snapshot()
    assert "没有权限" in text_of(await chat.send(SUPERVISOR_ID, "/invite"))
    chat.user(7001, "Stranger")
    assert "还没有登记" in text_of(await chat.send(7001, "/invite"))
    assert await snapshot() == before
    invites = await Invite.all().count()
    await chat.send(ADMIN_ID, "/invite")
    await chat.press(ADMIN_ID, "督导")
    await chat.send(ADMIN_ID, "王部长")
    confirm = chat.last_with_buttons(ADMIN_ID)
    assert "尚无此人" not in text_of([confirm])
    update = chat.emu.callback(ADMIN_ID, button_data(confirm, "确认保存"), confirm.message_id)
    assert "邀请链接" in text_of(await chat.deliver(update, ADMIN_ID))
    assert await chat.deliver(update, ADMIN_ID) == []
    assert await Invite.all().count() == invites + 1
