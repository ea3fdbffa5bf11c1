"""/newcase through the real Application: an admin opens a case and invites its people."""

import re
from datetime import date

from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.wiring import build_application
from models import Case, CaseAssignment, Invite, Person, PlanStep
from models.enums import Rank, Role
from tests.chat import ChatHarness, button_data, text_of
from tests.conftest import ADMIN_ID, settings_for
from tests.oversight_world import (
    LONG_TEXT,
    SUPERVISOR_ID,
    english_admin,
    open_case,
    snapshot,
    world,
)

LINK = re.compile(r"https://t\.me/recallbot_demo_bot\?start=([A-Za-z0-9_-]{1,64})")


async def fill(chat: ChatHarness, *answers: str) -> None:
    """Answer the form's questions in order: "@label" presses a button, anything else is
    typed."""
    for item in answers:
        if item.startswith("@"):
            await chat.press(ADMIN_ID, item[1:])
        else:
            await chat.send(ADMIN_ID, item)


async def test_admin_opens_a_case_and_invites_the_cadre(chat: ChatHarness) -> None:
    assert "被召回干部的姓名" in text_of(await chat.send(ADMIN_ID, "/newcase"))
    await fill(chat, "刘洋", "东山区住房和城乡建设局", "科长", "@乡科级", "@是", "@重点任务")
    reasons = chat.last_with_buttons(ADMIN_ID)
    assert "生态环保工作不力" in str(reasons.reply_markup)
    assert "不作为" not in str(reasons.reply_markup)  # another category's reason
    await fill(chat, "@生态环保工作不力", "2026-03 区级批次", "@今天", "@4 个月")
    confirm = await chat.send(ADMIN_ID, "李老师、周老师")
    assert "督导姓名" in text_of(confirm)
    confirm = await chat.send(ADMIN_ID, "王部长")
    text = text_of(confirm)
    assert "请确认启动召回管理" in text and "姓名：刘洋" in text
    assert "召回原因：重点任务 / 生态环保工作不力" in text
    assert "召回日期：2026年3月2日；管理期 4 个月" in text and "帮带人：李老师、周老师" in text
    saved = await chat.press(ADMIN_ID, "确认保存")
    text = text_of(saved)
    assert "✅ 已启动召回管理：刘洋 · 东山区住房和城乡建设局，管理期至 2026年7月2日" in text
    assert "• 谈心谈话 × 4，首次 2026年3月9日" in text
    case = await Case.get(cadre__name="刘洋").prefetch_related("unit")
    assert case.unit.name == "东山区住房和城乡建设局" and case.position == "科长"
    assert case.rank == Rank.SECTION and case.principal is True
    assert (case.reason, case.category) == ("environmental_protection", "key_tasks")
    assert case.cohort == "2026-03 区级批次" and case.period_months == 4
    assert case.recalled_on == date(2026, 3, 2)
    mentors = await Person.filter(assignments__case=case, assignments__role=Role.MENTOR)
    assert sorted(p.name for p in mentors) == ["周老师", "李老师"]
    assert await CaseAssignment.filter(case=case, role=Role.SUPERVISOR).count() == 1
    assert await PlanStep.filter(case=case).count() > 10
    # Invite buttons for the cadre, both mentors and the supervisor.
    buttons = str(saved[-1].reply_markup)
    for name in ("刘洋", "李老师", "周老师", "王部长"):
        assert f"邀请 {name}" in buttons
    link = await chat.press(ADMIN_ID, "邀请 刘洋", saved[-1])
    match = LINK.search(text_of(link))
    assert match is not None and "有效期至 2026年3月9日 09:30" in text_of(link)
    chat.user(5001, "Liu")
    assert "欢迎，刘洋" in text_of(await chat.send(5001, f"/start {match.group(1)}"))
    assert (await Case.get(id=case.id).prefetch_related("cadre")).cadre.telegram_id == 5001
    # The buttons stay for the other people.
    mentor_link = await chat.press(ADMIN_ID, "邀请 李老师", saved[-1])
    assert "李老师（帮带人）的邀请链接" in text_of(mentor_link)
    assert await Invite.all().count() == 2


async def test_newcase_in_english_with_skips_and_a_typed_date(chat: ChatHarness) -> None:
    await open_case(chat)  # a cohort to choose from
    await english_admin(chat)
    await chat.send(ADMIN_ID, "/newcase")
    await fill(chat, "Wang Fang", "Riverside Township")
    assert "Skip" in str(chat.last_with_buttons(ADMIN_ID).reply_markup)
    await fill(chat, "@Skip", "@staff", "@no", "@work discipline", "@slow action")
    cohort = chat.last_with_buttons(ADMIN_ID)
    assert "2026-03 县级批次" in str(cohort.reply_markup)
    await fill(chat, "@2026-03 县级批次", "2026-02-20", "@6 months", "@Skip")
    confirm = await chat.press(ADMIN_ID, "Skip")
    text = text_of(confirm)
    assert "Please confirm the new recall" in text and "Recalled on 20 Feb 2026" in text
    assert "Mentors: —" in text
    saved = await chat.press(ADMIN_ID, "Save")
    assert "Recall started: Wang Fang · Riverside Township" in text_of(saved)
    case = await Case.get(id=2)
    assert case.reason == "slow_action" and case.rank == Rank.STAFF and not case.principal
    assert case.position == "" and case.cohort == "2026-03 县级批次"
    assert case.period_end == date(2026, 8, 20)
    assert await CaseAssignment.filter(case=case).count() == 0


async def test_bad_answers_are_explained_and_change_nothing(chat: ChatHarness) -> None:
    before = await snapshot()
    await chat.send(ADMIN_ID, "/newcase")
    assert "请发送文字" in text_of(await chat.send_document(ADMIN_ID, "a.pdf", b"%PDF"))
    assert "内容太长" in text_of(await chat.send(ADMIN_ID, LONG_TEXT))
    await fill(chat, "刘洋", "东山区住建局", "科长")
    assert "请点击上方的按钮" in text_of(await chat.send(ADMIN_ID, "乡科级"))
    await fill(chat, "@乡科级", "@否", "@工作纪律与作风", "@不作为", "@跳过")
    assert "不能晚于今天" in text_of(await chat.send(ADMIN_ID, "2026-03-03"))
    assert "请发送日期" in text_of(await chat.send(ADMIN_ID, "上个月"))
    assert "管理期几个月" in text_of(await chat.send(ADMIN_ID, "2026-03-01"))
    assert await snapshot() == before
    assert await Case.all().count() == 0


async def test_forged_buttons_change_nothing(chat: ChatHarness) -> None:
    before = await snapshot()
    await chat.send(ADMIN_ID, "/newcase")
    await fill(chat, "刘洋", "东山区住建局")
    message = chat.last_with_buttons(ADMIN_ID)  # the position question with "skip"
    for data in ("nc:s:1", "nc:s:x", "nc:r:general", "nc:ok:save"):
        assert "已失效" in text_of(await chat.press_data(ADMIN_ID, data, message.message_id))
    await fill(chat, "@跳过", "@乡科级", "@否", "@重点任务")
    message = chat.last_with_buttons(ADMIN_ID)
    for data in ("nc:n:inaction", "nc:n:nothing", "nc:g:key_tasks"):
        assert "已失效" in text_of(await chat.press_data(ADMIN_ID, data, message.message_id))
    await fill(chat, "@巩固拓展脱贫攻坚成果", "@跳过", "@今天")
    message = chat.last_with_buttons(ADMIN_ID)
    for data in ("nc:m:2", "nc:m:7", "nc:m:abc"):
        assert "已失效" in text_of(await chat.press_data(ADMIN_ID, data, message.message_id))
    assert await snapshot() == before


async def test_invite_buttons_are_checked_again(chat: ChatHarness) -> None:
    mine, other = await world(chat)
    cadre_of_other = await Person.get(name="陈静")
    message = (await chat.send(ADMIN_ID, "/help"))[-1]
    before = await snapshot()
    for data in (
        f"iv:b:{mine.id}:{cadre_of_other.id}:cadre",
        f"iv:b:{mine.id}:x:cadre",
        "iv:b:99:1:admin",
    ):
        replies = await chat.press_data(ADMIN_ID, data, message.message_id)
        assert "已失效" in text_of(replies) or "找不到" in text_of(replies)
    forged = f"iv:b:{other.id}:{cadre_of_other.id}:cadre"
    assert "没有权限" in text_of(await chat.press_data(SUPERVISOR_ID, forged, message.message_id))
    assert await snapshot() == before


async def test_wrong_role_cancel_timeout_and_duplicate(chat: ChatHarness) -> None:
    await world(chat)
    before = await snapshot()
    assert "没有权限" in text_of(await chat.send(SUPERVISOR_ID, "/newcase"))
    await chat.send(ADMIN_ID, "/newcase")
    await fill(chat, "刘洋", "东山区住建局")
    assert "已取消" in text_of(await chat.send(ADMIN_ID, "/cancel"))
    await chat.send(ADMIN_ID, "/newcase")
    await fill(chat, "刘洋")
    chat.clock.advance(minutes=45)
    assert "超时" in text_of(await chat.send(ADMIN_ID, "东山区住建局"))
    assert await snapshot() == before
    await chat.send(ADMIN_ID, "/newcase")
    await fill(chat, "刘洋", "东山区住建局", "@跳过", "@科员", "@否", "@考核评价", "@群众满意度低")
    await fill(chat, "@跳过", "@今天", "@3 个月", "@跳过", "@跳过")
    confirm = chat.last_with_buttons(ADMIN_ID)
    update = chat.emu.callback(ADMIN_ID, button_data(confirm, "确认保存"), confirm.message_id)
    assert "已启动召回管理" in text_of(await chat.deliver(update, ADMIN_ID))
    assert await chat.deliver(update, ADMIN_ID) == []
    assert await Case.filter(cadre__name="刘洋").count() == 1


async def test_a_restart_continues_the_form(
    chat: ChatHarness, emulator: BotApiEmulator, clock: ManualClock
) -> None:
    """Another instance (or a restart) takes over half way: the draft and the step survive."""
    await chat.send(ADMIN_ID, "/newcase")
    await fill(chat, "刘洋", "东山区住建局", "@跳过", "@科员", "@否", "@考核评价")
    restarted = build_application(settings_for(emulator), clock)
    async with restarted:
        chat.app = restarted
        await fill(chat, "@群众满意度低", "@跳过", "2026-02-27", "@3 个月", "@跳过", "@跳过")
        saved = await chat.press(ADMIN_ID, "确认保存")
    assert "已启动召回管理" in text_of(saved)
    case = await Case.get(cadre__name="刘洋")
    assert case.reason == "public_dissatisfaction" and case.recalled_on == date(2026, 2, 27)
