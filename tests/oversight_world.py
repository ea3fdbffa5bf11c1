"""A small programme for the supervisor and admin chat tests: cases, people, enrolment."""

from __future__ import annotations

from typing import Any

from models import AuditEvent, Case, Invite, PlanStep, TrainingSession
from models.enums import Role
from tests.casework import enrol, new_case
from tests.chat import ChatHarness
from tests.conftest import ADMIN_ID

SUPERVISOR_ID = 4001  # 王部长: supervises 张伟's case
OTHER_SUPERVISOR_ID = 4002  # 赵部长: supervises 陈静's case only
MENTOR_ID = 2001  # 李老师: mentors 张伟
CADRE_ID = 3001  # 张伟
LONG_TEXT = "长" * 10_000


async def open_case(chat: ChatHarness, name: str = "张伟", **overrides: Any) -> Case:
    data = new_case(name, **({"position": "副局长"} | overrides))
    return await chat.app.services.cases.open(data)


async def world(chat: ChatHarness, language: str = "zh-hans") -> tuple[Case, Case]:
    """张伟's case (王部长 supervises, 李老师 mentors) and 陈静's case (赵部长 supervises);
    the supervisors and the mentor are enrolled in `language`."""
    mine = await open_case(chat)
    other = await open_case(
        chat,
        "陈静",
        unit="白河镇政府",
        supervisors=["赵部长"],
        mentors=["周老师"],
        cohort="2026-03 镇级批次",
    )
    await enrol(chat, SUPERVISOR_ID, Role.SUPERVISOR, "王部长", language)
    await enrol(chat, OTHER_SUPERVISOR_ID, Role.SUPERVISOR, "赵部长", language)
    await enrol(chat, MENTOR_ID, Role.MENTOR, "李老师", language)
    return mine, other


async def english_admin(chat: ChatHarness) -> None:
    await chat.send(ADMIN_ID, "/lang")
    await chat.press(ADMIN_ID, "English")


async def snapshot() -> tuple[object, ...]:
    """What the forms may change: compare before and after bad input."""
    steps = await PlanStep.all().order_by("id").values_list("id", "status", "due_on", "note")
    cases = (
        await Case.all()
        .order_by("id")
        .values_list("id", "status", "period_months", "period_end", "placement", "disposition")
    )
    return (
        tuple(steps),
        tuple(cases),
        # A first admin's name taken from Telegram on their first message is not a form's doing.
        await AuditEvent.exclude(action="person-renamed").count(),
        await Invite.all().count(),
        await TrainingSession.all().count(),
    )
