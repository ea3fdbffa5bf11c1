"""Walls of text made short (issue 10 point 10): /overdue after a lapse is paged, with a
button to each case, and an old page button is answered clearly."""

from __future__ import annotations

from tests.chat import ChatHarness, button_data, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import SUPERVISOR_ID, english_admin, open_case, snapshot, world

SUP = SUPERVISOR_ID
NAMES = ["刘一", "陈二", "张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "钱十一"]


async def test_overdue_after_a_lapse_is_paged(chat: ChatHarness) -> None:
    await world(chat)
    for name in NAMES:
        await open_case(chat, name)
    chat.clock.advance(days=75)  # every case has several overdue steps
    first = (await chat.send(SUP, "/overdue"))[-1]
    text = first.text or ""
    assert "涉及 12 名干部" in text and "第 1/3 页" in text
    assert len(text.splitlines()) <= 40 and len(text) < 4096
    assert "……另有" in text  # a case's other overdue steps are on its own screen
    labels = [b["text"] for row in first.reply_markup["inline_keyboard"] for b in row]
    assert labels[-1] == "›" and sum("逾期" in label for label in labels) == 5
    assert all(len(row) <= 2 for row in first.reply_markup["inline_keyboard"])
    second = await chat.press(SUP, "›", first)
    assert second[0].message_id == first.message_id and "第 2/3 页" in text_of(second)
    # A case's button opens its summary.
    case = await chat.press(SUP, "（逾期", second[0])
    assert "下一项：🔴" in text_of(case)
    # Old and forged page buttons change nothing and say so.
    before = await snapshot()
    gone = await chat.press_data(SUP, "ovd:p:9", first.message_id)
    assert "这一页已不存在" in text_of(gone) and "第 3/3 页" in text_of(gone)
    assert "已失效" in text_of(await chat.press_data(SUP, "ovd:p:x", first.message_id))
    assert "已失效" in text_of(await chat.press_data(SUP, "ovd:q:1", first.message_id))
    assert await snapshot() == before


async def test_overdue_pages_in_english(chat: ChatHarness) -> None:
    await world(chat)
    for name in NAMES[:6]:
        await open_case(chat, name)
    await english_admin(chat)
    chat.clock.advance(days=75)
    first = (await chat.send(ADMIN_ID, "/overdue"))[-1]
    assert "Page 1 of 2" in (first.text or "")
    assert button_data(first, "overdue)").startswith("cv:c:")
    last = await chat.press(ADMIN_ID, "›", first)
    assert "Page 2 of 2" in text_of(last) and "‹" in str(last[0].reply_markup)
    assert "not allowed" not in text_of(last)


async def test_step_pickers_are_a_paged_grid(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    first = (await chat.send(SUP, f"/reschedule {mine.id}"))[-1]
    rows = first.reply_markup["inline_keyboard"]
    steps = [b for row in rows for b in row if b["callback_data"].startswith("st:s:")]
    assert len(steps) == 8 and all(len(row) <= 2 for row in rows)
    assert rows[-1] == [{"text": "▶", "callback_data": "st:q:1"}]
    second = await chat.press(SUP, "▶", first)
    assert second[0].message_id == first.message_id
    labels = [b["text"] for row in second[0].reply_markup["inline_keyboard"] for b in row]
    assert labels[-1] == "◀" and "2026年5月" in " ".join(labels)
    back = await chat.press(SUP, "◀", second[0])
    assert back[0].message_id == first.message_id and "确认管理计划" in str(back[0].reply_markup)
    # A page past the end (the plan shrank under old buttons) shows the last one; forged data
    # is refused; nothing changes.
    before = await snapshot()
    last = await chat.press_data(SUP, "st:q:7", first.message_id)
    assert "◀" in str(last[0].reply_markup) and "▶" not in str(last[0].reply_markup)
    assert "已失效" in text_of(await chat.press_data(SUP, "st:q:-1", first.message_id))
    await chat.send(SUP, "/cancel")
    assert await snapshot() == before


async def test_waive_picker_in_english(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    await english_admin(chat)
    first = (await chat.send(ADMIN_ID, f"/waive {mine.id}"))[-1]
    assert all(len(row) <= 2 for row in first.reply_markup["inline_keyboard"])
    second = await chat.press(ADMIN_ID, "▶", first)
    assert "Heart-to-heart talk" in str(second[0].reply_markup)
    assert "◀" in str(second[0].reply_markup)


async def test_invite_for_an_existing_cadre_names_the_management(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    await chat.send(ADMIN_ID, "/invite")
    await chat.press(ADMIN_ID, "召回干部")
    confirm = text_of(await chat.send(ADMIN_ID, "张伟"))
    assert "召回管理：张伟 · 青山县农业农村局（管理期中）" in confirm and "—" not in confirm
    assert "#" not in confirm
    await chat.send(ADMIN_ID, "/cancel")
    # A name nobody has is still a new person, with no management to show.
    await chat.send(ADMIN_ID, "/invite")
    await chat.press(ADMIN_ID, "召回干部")
    unknown = text_of(await chat.send(ADMIN_ID, "<b>无名</b>"))
    assert "召回管理：—" in unknown and "&lt;b&gt;无名&lt;/b&gt;" in unknown
    await chat.send(ADMIN_ID, "/cancel")
    assert mine.id == 1


async def test_help_lists_what_works_for_each_role(chat: ChatHarness) -> None:
    await world(chat)
    admin = text_of(await chat.send(ADMIN_ID, "/help"))
    for command in ("/waive", "/reschedule", "/newcase", "/checkin", "/case", "/overdue"):
        assert command in admin
    supervisor = text_of(await chat.send(SUP, "/help"))
    assert "/digest" in supervisor and "/newcase" not in supervisor
