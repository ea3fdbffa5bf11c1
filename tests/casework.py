"""Test data for the cadre's and the mentor's flows: cases, enrolled people, sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from bot.services.activities import ReflectionContent
from bot.services.cases import NewCase
from handlers.common import keyboard
from models import Case, Person, Reflection, TrainingSession
from models.enums import Rank, Role, SessionKind
from tests.chat import ChatHarness
from tests.conftest import ADMIN_ID

CADRE, MENTOR, OTHER_CADRE, OTHER_MENTOR, SUPERVISOR = 3001, 2001, 3002, 2002, 4001
LONG_TEXT = "我" * 10_000
REFLECTION = "这一个月我认真反思了工作作风漂浮、落实不力的问题，决心改正。" * 2


async def enrol(
    chat: ChatHarness,
    uid: int,
    role: Role,
    name: str,
    language: str = "zh-hans",
    *,
    case_id: int | None = None,
) -> Person:
    """Bind a Telegram user to a person through an invite link, as a real user would."""
    token, _ = await chat.app.services.people.create_invite(role, name, case_id=case_id)
    chat.user(uid, name, language)
    await chat.send(uid, f"/start {token}")
    return await Person.get(telegram_id=uid)


def new_case(cadre: str = "张伟", **overrides: Any) -> NewCase:
    """The case the tests open unless told otherwise: 3 months from 2 March 2026."""
    data: dict[str, Any] = dict(
        cadre_name=cadre,
        unit="青山县农业农村局",
        rank=Rank.SECTION,
        reason="inaction",
        recalled_on=date(2026, 3, 2),
        period_months=3,
        mentors=["李老师"],
        supervisors=["王部长"],
        cohort="2026-03 县级批次",
    )
    data.update(overrides)
    return NewCase(**data)


async def open_case(
    chat: ChatHarness,
    cadre: str,
    mentor: str,
    *,
    unit: str = "青山县农业农村局",
    recalled_on: date = date(2026, 3, 2),
    supervisor: str = "王部长",
) -> Case:
    data = new_case(
        cadre, unit=unit, recalled_on=recalled_on, mentors=[mentor], supervisors=[supervisor]
    )
    return await chat.app.services.cases.open(data)


@dataclass
class World:
    """Two cases with their cadres and mentors enrolled; the admin is ADMIN_ID."""

    case: Case
    other_case: Case
    cadre: Person
    mentor: Person
    other_cadre: Person
    other_mentor: Person


async def world(chat: ChatHarness, language: str = "zh-hans") -> World:
    case = await open_case(chat, "张伟", "李老师")
    other = await open_case(chat, "赵敏", "陈老师", unit="白石镇人民政府")
    return World(
        case=case,
        other_case=other,
        cadre=await enrol(chat, CADRE, Role.CADRE, "张伟", language, case_id=case.id),
        mentor=await enrol(chat, MENTOR, Role.MENTOR, "李老师", language),
        other_cadre=await enrol(chat, OTHER_CADRE, Role.CADRE, "赵敏", case_id=other.id),
        other_mentor=await enrol(chat, OTHER_MENTOR, Role.MENTOR, "陈老师"),
    )


async def admin(chat: ChatHarness) -> Person:
    return await Person.get(telegram_id=ADMIN_ID)


async def session(
    chat: ChatHarness,
    cases: list[Case],
    *,
    starts_at: datetime = datetime(2026, 3, 2, 1, 0, tzinfo=UTC),  # 09:00 in Shanghai
    ends_at: datetime = datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
    title: str = "作风建设专题培训",
) -> TrainingSession:
    return await chat.app.services.activities.schedule_session(
        SessionKind.TRAINING,
        title,
        starts_at,
        ends_at,
        [c.id for c in cases],
        by=await admin(chat),
        place="县委党校",
    )


async def submitted_reflection(chat: ChatHarness, cadre: Person) -> Reflection:
    content = ReflectionContent(text=REFLECTION)
    return await chat.app.services.activities.submit_reflection(content, cadre=cadre)


async def notice(chat: ChatHarness, uid: int, text: str, *buttons: tuple[str, str]) -> None:
    """A message with buttons as the outbox sender shows it (the button data is a contract)."""
    await chat.app.bot.send_message(uid, text, reply_markup=keyboard([list(buttons)]))
