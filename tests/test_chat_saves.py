"""A retried Save creates nothing (issue 11): the answer to Save lost to a 502, or the bot
killed between the commit and the form's end, leaves the form open; pressing the same draft's
Save again is answered "already saved"."""

from __future__ import annotations

import pytest

from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.services import drafts
from bot.services.activities import ReflectionContent
from bot.services.errors import DomainError
from bot.wiring import build_application
from models import Attendance, Case, Notification, Person, Reflection, SavedDraft, Talk
from tests.casework import CADRE, MENTOR, REFLECTION, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID, settings_for
from tests.oversight_world import english_admin
from tests.oversight_world import world as oversight_world

ALREADY = {"zh-hans": "已经保存过了", "en": "saved already"}
LANGUAGES = pytest.mark.parametrize("language", ["zh-hans", "en"])


async def fill(chat: ChatHarness, uid: int, *answers: str) -> None:
    for item in answers:
        if item.startswith("@"):
            await chat.press(uid, item[1:])
        else:
            await chat.send(uid, item)


async def talk_to_confirm(chat: ChatHarness, language: str) -> None:
    today = "今天" if language == "zh-hans" else "Today"
    await chat.send(MENTOR, "/talk")
    await fill(chat, MENTOR, "@张伟", f"@{today}", "会议室", "谈了工作作风问题", "@4", "每周汇报")


@LANGUAGES
async def test_a_talk_saved_twice_after_a_502_is_one_talk(
    chat: ChatHarness, language: str
) -> None:
    await world(chat, language)
    await talk_to_confirm(chat, language)
    confirm = chat.last_with_buttons(MENTOR)
    chat.emu.fail("answerCallbackQuery", status=502)
    await chat.press(MENTOR, "确认保存" if language == "zh-hans" else "Save", confirm)
    assert await Talk.all().count() == 1
    again = await chat.press(MENTOR, "确认保存" if language == "zh-hans" else "Save", confirm)
    assert ALREADY[language] in text_of(again)
    assert await Talk.all().count() == 1
    assert await Notification.filter(message="talk-confirm-request").count() == 1
    assert (await SavedDraft.get()).record == f"talk:{(await Talk.get()).id}"


async def test_a_talk_saved_again_after_a_restart_is_one_talk(
    chat: ChatHarness, emulator: BotApiEmulator, clock: ManualClock
) -> None:
    await world(chat)
    await talk_to_confirm(chat, "zh-hans")
    confirm = chat.last_with_buttons(MENTOR)
    # Killed between the commit and the form's end: the answer never went out, the form's
    # state (at the confirm step) is what the database holds.
    chat.emu.fail("answerCallbackQuery", status=502)
    await chat.press(MENTOR, "确认保存", confirm)
    restarted = build_application(settings_for(emulator), clock)
    async with restarted:
        chat.app = restarted
        again = await chat.press(MENTOR, "确认保存", confirm)
    assert "已经保存过了" in text_of(again)
    assert await Talk.all().count() == 1


@LANGUAGES
async def test_a_reflection_saved_twice_is_one_reflection(
    chat: ChatHarness, language: str
) -> None:
    await world(chat, language)
    await chat.send(CADRE, "/reflect")
    confirm = (await chat.send(CADRE, REFLECTION))[-1]
    save = "确认保存" if language == "zh-hans" else "Save"
    chat.emu.fail("answerCallbackQuery", status=502)
    await chat.press(CADRE, save, confirm)
    assert ALREADY[language] in text_of(await chat.press(CADRE, save, confirm))
    assert await Reflection.all().count() == 1


@LANGUAGES
async def test_a_new_case_saved_twice_is_one_case(chat: ChatHarness, language: str) -> None:
    await oversight_world(chat)
    if language == "en":
        await english_admin(chat)
        answers = ["刘洋", "东山区住建局", "@Skip", "@section", "@yes", "@key tasks"]
        answers += ["@environmental", "@Skip", "@Today", "@4 months", "@Skip", "@Skip"]
        save = "Save"
    else:
        answers = ["刘洋", "东山区住建局", "@跳过", "@乡科级", "@是", "@重点任务"]
        answers += ["@生态环保", "@跳过", "@今天", "@4 个月", "@跳过", "@跳过"]
        save = "确认保存"
    cases = await Case.all().count()
    await chat.send(ADMIN_ID, "/newcase")
    await fill(chat, ADMIN_ID, *answers)
    confirm = chat.last_with_buttons(ADMIN_ID)
    chat.emu.fail("answerCallbackQuery", status=502)
    await chat.press(ADMIN_ID, save, confirm)
    assert await Case.all().count() == cases + 1
    assert ALREADY[language] in text_of(await chat.press(ADMIN_ID, save, confirm))
    assert await Case.all().count() == cases + 1
    assert await Person.filter(name="刘洋").count() == 1


@LANGUAGES
async def test_a_session_saved_twice_invites_once(chat: ChatHarness, language: str) -> None:
    await oversight_world(chat)
    if language == "en":
        await english_admin(chat)
        answers = ["@training", "作风建设专题培训班", "@Tomorrow", "@09:00", "@3 h"]
        answers += ["区委党校 301 教室", "@2026-03 县级批次", "@Done"]
        save = "Save"
    else:
        answers = ["@专题培训", "作风建设专题培训班", "@明天", "@09:00", "@3 小时"]
        answers += ["区委党校 301 教室", "@整个批次：2026-03 县级批次", "@完成"]
        save = "确认保存"
    await chat.send(ADMIN_ID, "/session")
    await fill(chat, ADMIN_ID, *answers)
    confirm = chat.last_with_buttons(ADMIN_ID)
    chat.emu.fail("answerCallbackQuery", status=502)
    await chat.press(ADMIN_ID, save, confirm)
    assert await Attendance.all().count() == 1
    assert ALREADY[language] in text_of(await chat.press(ADMIN_ID, save, confirm))
    assert await Attendance.all().count() == 1
    assert await Notification.filter(message="session-invitation").count() == 1


async def test_the_service_refuses_a_draft_saved_before_in_its_transaction(
    chat: ChatHarness,
) -> None:
    """Two presses racing past the form's check: the second record is rolled back."""
    w = await world(chat)
    content = ReflectionContent(text=REFLECTION)
    activities = chat.app.services.activities
    with drafts.saving("reflect", "draft-1"):
        await activities.submit_reflection(content, cadre=w.cadre)
        with pytest.raises(DomainError, match="form-already-saved"):
            await activities.submit_reflection(content, cadre=w.cadre)
    assert await Reflection.all().count() == 1
    await activities.submit_reflection(content, cadre=w.cadre)  # no draft: not idempotent
    assert await Reflection.all().count() == 2
