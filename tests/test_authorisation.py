"""The authorisation matrix, generated from the role table and the handler registry.

Every command the application registers (its CommandHandlers, forms included) and every
button prefix its CallbackQueryHandlers answer (each claimed in bot/chat/callbacks.py), for a
stranger, a cadre, a mentor, a supervisor and an admin. A command is answered as
`policy.RULES` says: refused with the translated "not allowed" (or "not enrolled" for a
stranger), in the person's language, or not refused. A button naming someone else's case
or its records (forged data) changes nothing and is answered clearly, never "something went
wrong". A mentor taken off a case finds their old buttons dead. One application, one world,
the database compared before and after.
"""

from __future__ import annotations

import logging
import re

import pytest
from telegram.ext import CallbackQueryHandler, CommandHandler

import handlers  # noqa: F401  (importing the handlers claims every button prefix)
from bot.chat import callbacks
from bot.services import policy
from models import Case, Person, PlanStep, Reflection, ReflectionReview
from models.enums import Role
from tests.casework import (
    CADRE,
    MENTOR,
    OTHER_CADRE,
    SUPERVISOR,
    enrol,
    notice,
    open_case,
    submitted_reflection,
    world,
)
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.test_hostile_input import snapshot

STRANGER = 5001
REFUSED = {
    "zh-hans": {"enrolled": "您没有权限进行此操作", "stranger": "您还没有登记"},
    "en": {"enrolled": "You are not allowed to do that", "stranger": "You are not enrolled"},
}
WRONG = ("出了问题", "went wrong")
# Answered to everyone, enrolled or not: the invite link's landing (no policy action).
OPEN_TO_ALL = {"start"}
# A stranger's /cancel is told "nothing to cancel": it reveals and changes nothing.
NEUTRAL_FOR_STRANGERS = {"cancel"}


def walk(handlers_: object) -> list[object]:
    found: list[object] = []
    for handler in handlers_:  # type: ignore[attr-defined]
        inner = [
            *getattr(handler, "entry_points", []),
            *(h for hs in getattr(handler, "states", {}).values() for h in hs),
            *getattr(handler, "fallbacks", []),
        ]
        found += [handler, *walk(inner)]
    return found


def registry(chat: ChatHarness) -> tuple[list[str], list[str]]:
    """The commands and the button prefixes the running application answers."""
    everything = [h for group in chat.app.handlers.values() for h in walk(group)]
    commands = {c for h in everything if isinstance(h, CommandHandler) for c in h.commands}
    prefixes = set()
    for pattern in callbacks.patterns_of(
        [h for h in everything if isinstance(h, CallbackQueryHandler)]
    ):
        match = re.match(r"\^([a-z]+):", pattern)
        if match:
            prefixes.add(match.group(1))
    return sorted(commands), sorted(prefixes)


def said(chat: ChatHarness, uid: int, since: int) -> str:
    """Everything the bot said to `uid` since request number `since`: messages, edits and
    the answers to button presses."""
    texts = []
    for request in chat.emu.requests[since:]:
        params = request.params
        if str(params.get("chat_id")) == str(uid) or request.method == "answerCallbackQuery":
            texts.append(str(params.get("text") or params.get("caption") or ""))
    return "\n".join(texts)


@pytest.fixture
async def people(chat: ChatHarness) -> dict[str, tuple[int, frozenset[Role], str]]:
    """Who presses: their Telegram id, roles and language."""
    w = await world(chat)
    # A case out of the supervisor's scope (the world's cases both have 王部长).
    await open_case(chat, "孙丽", "周老师", unit="东山区财政局", supervisor="钱部长")
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长", "en")
    chat.user(STRANGER, "路人")
    await chat.send(ADMIN_ID, "/help")  # the first admin is named when they first write
    await submitted_reflection(chat, w.other_cadre)
    return {
        "stranger": (STRANGER, frozenset(), "zh-hans"),
        "cadre": (CADRE, frozenset({Role.CADRE}), "zh-hans"),
        "mentor": (MENTOR, frozenset({Role.MENTOR}), "zh-hans"),
        "supervisor": (SUPERVISOR, frozenset({Role.SUPERVISOR}), "en"),
        "admin": (ADMIN_ID, frozenset({Role.ADMIN}), "zh-hans"),
    }


async def test_every_command_for_every_role_is_answered_as_the_policy_says(
    chat: ChatHarness, people: dict[str, tuple[int, frozenset[Role], str]],
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    commands, _ = registry(chat)
    assert set(commands) - OPEN_TO_ALL <= set(policy.RULES), "a command the table lacks"
    assert len(commands) >= 25, commands
    before = await snapshot()
    checked = 0
    with caplog.at_level(logging.ERROR):
        for who, (uid, roles, language) in people.items():
            refusal = REFUSED[language]["stranger" if not roles else "enrolled"]
            for command in commands:
                if command in OPEN_TO_ALL:
                    continue
                since = len(chat.emu.requests)
                await chat.send(uid, f"/{command}")
                answer = said(chat, uid, since)
                allowed = policy.allows(roles, command) or (
                    not roles and command in NEUTRAL_FOR_STRANGERS
                )
                assert answer, (who, command)
                assert not any(w in answer for w in WRONG), (who, command, answer)
                assert (refusal not in answer) == allowed, (who, command, answer[:200])
                await chat.send(uid, "/cancel")
                checked += 1
    assert await snapshot() == before  # opening a command writes nothing
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert checked == len(people) * (len(commands) - len(OPEN_TO_ALL))
    print(f"authorisation matrix: {checked} command checks")


async def test_forged_buttons_naming_someone_elses_case_change_nothing(
    chat: ChatHarness, people: dict[str, tuple[int, frozenset[Role], str]],
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    """Every prefix × several shapes of data naming the other cadre's case, their person,
    their plan steps and their reflection, pressed by everyone but the admin (for whom no
    case is someone else's)."""
    _, prefixes = registry(chat)
    assert set(prefixes) <= set(callbacks.claimed()) and len(prefixes) >= 15
    other = (await Reflection.all().prefetch_related("case")).pop()
    steps = await PlanStep.filter(case_id=other.case_id).order_by("id").limit(2)
    ids = [other.case_id, other.case.cadre_id, other.id, *(s.id for s in steps)]
    # An id that is also another case's would be a button on that case (`ack:1` is the
    # cadre's own case when the reflection's id is 1): leave those out.
    others = set(await Case.exclude(id=other.case_id).values_list("id", flat=True))
    ids = sorted({i for i in ids if i not in others})
    shapes = ["{p}:{i}", "{p}:c:{i}", "{p}:r:{i}", "{p}:{i}:y"]
    before = await snapshot()
    pressed = 0
    with caplog.at_level(logging.ERROR):
        for who, (uid, _, _) in people.items():
            if who == "admin":
                continue
            anchor = await chat.send(uid, "/help")
            message_id = anchor[-1].message_id
            for prefix in prefixes:
                for shape in shapes:
                    for i in ids:
                        since = len(chat.emu.requests)
                        data = shape.format(p=prefix, i=i)
                        await chat.press_data(uid, data, message_id)
                        answer = said(chat, uid, since)
                        assert not any(w in answer for w in WRONG), (who, data, answer)
                        pressed += 1
                await chat.send(uid, "/cancel")
    assert await snapshot() == before
    assert not await ReflectionReview.exists()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    print(f"authorisation matrix: {pressed} forged presses")


async def test_a_revoked_mentors_old_buttons_do_nothing(
    chat: ChatHarness, people: dict[str, tuple[int, frozenset[Role], str]]
) -> None:
    """The mentor had a "review" notice and had opened /review; taken off the case (and so
    out of the mentor role), every old button is refused and nothing is recorded."""
    cadre = (await Reflection.all().prefetch_related("case__cadre")).pop().case.cadre
    assert cadre.telegram_id == OTHER_CADRE
    own = await submitted_reflection(chat, await Person.get(telegram_id=CADRE))
    await notice(chat, MENTOR, "待审阅", ("审阅", f"rv:{own.id}"))
    old_notice = chat.last_with_buttons(MENTOR)
    await chat.send(MENTOR, "/review")
    old_picker = chat.last_with_buttons(MENTOR)
    case_id = own.case_id
    await chat.app.services.people.revoke(Role.MENTOR, "李老师", case_id=case_id)
    before = await snapshot()
    for message in (old_notice, old_picker):
        for row in (message.reply_markup or {}).get("inline_keyboard", []):
            for button in row:
                since = len(chat.emu.requests)
                await chat.press_data(MENTOR, button["callback_data"], message.message_id)
                answer = said(chat, MENTOR, since)
                assert not any(w in answer for w in WRONG), answer
                assert any(
                    refusal in answer
                    for refusal in ("您没有权限", "已失效", "无权查看", "没有待审阅")
                ), answer
    replies = await chat.send(MENTOR, "/review")
    assert any(r in text_of(replies) for r in ("您没有权限", "没有待审阅")), text_of(replies)
    assert await snapshot() == before
    assert not await ReflectionReview.exists()
