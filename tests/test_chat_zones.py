"""Point 5 of issue 8: one "today", the actor's, for the form and the service alike.

Through the real Application and the emulator, in both languages: a mentor in Auckland,
already on the next day, records a talk held "today"; a supervisor in London, still on the
day before Beijing's, reschedules a step to their today.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import Person, PlanStep, Talk
from models.enums import StepKind
from tests import casework, oversight_world
from tests.chat import ChatHarness, text_of

LANGUAGES = {"zh-hans": "zh-CN", "en": "en"}
TALK = {
    "zh-hans": ("今天", "谈话日期：2026年3月3日", "确认保存", "谈话记录已保存"),
    "en": ("Today", "Date: 3 Mar 2026", "Save", "Talk saved"),
}
RESCHEDULE = {
    "zh-hans": (
        "谈心谈话",
        "新日期：2026年3月2日",
        "确认保存",
        "由 2026年3月9日 改为 2026年3月2日",
    ),
    "en": ("Heart-to-heart talk", "New date: 2 Mar 2026", "Save", "from 9 Mar 2026 to 2 Mar 2026"),
}


async def in_zone(telegram_id: int, zone: str, chat: ChatHarness) -> None:
    person = await Person.get(telegram_id=telegram_id)
    await chat.app.services.people.set_timezone(person, zone)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_mentor_a_day_ahead_records_a_talk_held_today(
    chat: ChatHarness, language: str
) -> None:
    w = await casework.world(chat, language)
    await in_zone(casework.MENTOR, "Pacific/Auckland", chat)
    chat.clock.advance(timedelta(hours=11))  # 20:30 in Beijing, 3 March 01:30 in Auckland
    today, asked, save, saved = TALK[language]
    await chat.send(casework.MENTOR, "/talk")
    await chat.press(casework.MENTOR, "张伟")
    assert asked in text_of(await chat.press(casework.MENTOR, today))
    await chat.send(casework.MENTOR, "局党组会议室")
    await chat.send(casework.MENTOR, "谈了近期工作落实不力的原因，本人认识较深刻。")
    await chat.press(casework.MENTOR, "4")
    await chat.send(casework.MENTOR, "每周书面汇报一次工作进展")
    assert saved in text_of(await chat.press(casework.MENTOR, save))
    talk = await Talk.get(case=w.case)
    assert talk.held_on == date(2026, 3, 3)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_supervisor_a_day_behind_reschedules_to_their_today(
    chat: ChatHarness, language: str
) -> None:
    mine, _ = await oversight_world.world(chat, language)
    supervisor = oversight_world.SUPERVISOR_ID
    await in_zone(supervisor, "Europe/London", chat)
    chat.clock.advance(timedelta(hours=16))  # 3 March 01:30 in Beijing, 2 March 17:30 in London
    step_label, confirm, save, saved = RESCHEDULE[language]
    await chat.send(supervisor, "/reschedule 张")
    await chat.press(supervisor, step_label)
    await chat.send(supervisor, "帮带人出差")
    assert confirm in text_of(await chat.send(supervisor, "2026-03-02"))
    assert saved in text_of(await chat.press(supervisor, save))
    talk = await PlanStep.filter(case_id=mine.id, kind=StepKind.TALK).order_by("due_on").first()
    assert talk is not None and talk.due_on == date(2026, 3, 2)
