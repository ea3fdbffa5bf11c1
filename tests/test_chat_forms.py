"""The form definition through the real Application: claimed button prefixes, one open form
at a time, typed drafts that survive a restart, and one "today" (the actor's) for dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

import handlers
from bot.chat import callbacks
from bot.chat.app import RecallApplication
from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.services.notices import (
    ACKNOWLEDGE_PREFIX,
    OPEN_REVIEW_PREFIX,
    REVISE_PREFIX,
    SETTLE_PREFIX,
    TALK_ANSWER_PREFIX,
)
from bot.wiring import build_application
from handlers import talk
from models import PlanStep, Talk
from models.enums import StepKind
from tests import oversight_world
from tests.casework import MENTOR, submitted_reflection, world
from tests.chat import ChatHarness, text_of
from tests.conftest import settings_for

ROOT = Path(__file__).resolve().parent.parent


# Button prefixes -----------------------------------------------------------------------------


def test_every_prefix_is_claimed_once_notices_included() -> None:
    claimed = callbacks.claimed()
    notices = {ACKNOWLEDGE_PREFIX, TALK_ANSWER_PREFIX, OPEN_REVIEW_PREFIX, REVISE_PREFIX}
    assert notices | {SETTLE_PREFIX} <= set(claimed)
    assert claimed["tk"] == "talk" and claimed["rw"] == "review"
    assert callbacks.claim("tk", "talk") is not None  # the owner again: the same claim
    with pytest.raises(callbacks.PrefixTaken):
        callbacks.claim("tk", "imposter")
    with pytest.raises(callbacks.PrefixTaken):
        callbacks.check(["^zz:"])  # a pattern nobody claimed


def test_a_duplicate_claim_stops_the_start(
    emulator: BotApiEmulator, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def register(app: RecallApplication) -> None:
        callbacks.claim("rw", "a new flow")  # the review form's prefix

    monkeypatch.setattr(handlers, "LAST", [*handlers.LAST, SimpleNamespace(register=register)])
    with pytest.raises(callbacks.PrefixTaken, match="'rw'"):
        build_application(settings_for(emulator), clock)


def test_the_application_answers_only_claimed_prefixes(chat: ChatHarness) -> None:
    patterns = list(callbacks.patterns_of(h for g in chat.app.handlers.values() for h in g))
    assert len(patterns) > 40
    callbacks.check(patterns)


def test_no_untyped_drafts_nor_private_ptb_left() -> None:
    banned = ("draft[", "context.draft", "_update_state", "telegram.ext._")
    offences = []
    for folder in ("handlers", "bot"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            offences += [f"{path.relative_to(ROOT)}: {b}" for b in banned if b in text]
            if re.search(r"""user_data\[["']draft""", text):
                offences.append(f"{path.relative_to(ROOT)}: user_data draft")
    assert offences == []


# One open form -------------------------------------------------------------------------------


async def test_review_in_the_middle_of_talk_makes_the_talk_inert(chat: ChatHarness) -> None:
    w = await world(chat)
    await submitted_reflection(chat, w.cadre)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    old_days = chat.last_with_buttons(MENTOR)
    asked = text_of(await chat.send(MENTOR, "/review"))
    assert "未填完的“谈话记录”" in asked  # asked first (issue 10, point 2)
    await chat.press(MENTOR, "放弃并开始新的")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "退回修改")
    # The text the talk would take as its place goes to the review as its comment.
    assert "确认退回" in text_of(await chat.send(MENTOR, "局党组会议室"))
    await chat.press(MENTOR, "确认保存")
    # No form is open now: the talk's old buttons and the next text reach no form.
    assert "已失效" in text_of(await chat.press(MENTOR, "今天", old_days))
    assert "谈话地点" not in text_of(await chat.send(MENTOR, "会议室"))
    assert await Talk.all().count() == 0
    assert talk.FORM.saved(chat.app.user_data[MENTOR]) is None


async def test_a_draft_survives_a_restart_as_its_dataclass(
    chat: ChatHarness, emulator: BotApiEmulator, clock: ManualClock
) -> None:
    w = await world(chat)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "今天")
    await chat.send(MENTOR, "局党组会议室")
    restarted = build_application(settings_for(emulator), clock)
    async with restarted:
        chat.app = restarted
        draft = talk.FORM.saved(restarted.user_data[MENTOR])
        assert draft == talk.TalkDraft(
            case_id=w.case.id,
            cadre="张伟",
            recalled_on=date(2026, 3, 2),
            held_on=date(2026, 3, 2),
            place="局党组会议室",
        )
        await chat.send(MENTOR, "谈了工作作风问题")
        await chat.press(MENTOR, "4")
        await chat.send(MENTOR, "每周汇报")
        saved = await chat.press(MENTOR, "确认保存")
    assert "谈话记录已保存" in text_of(saved)
    assert (await Talk.get(case=w.case)).place == "局党组会议室"


# One "today": the actor's ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "saved", "future"),
    [
        ("zh-hans", "谈话记录已保存", "日期不能晚于今天"),
        ("en", "Talk saved", "The date cannot be later than today"),
    ],
)
async def test_a_mentor_in_auckland_records_his_today(
    chat: ChatHarness, language: str, saved: str, future: str
) -> None:
    w = await world(chat, language)
    await chat.send(MENTOR, "/tz Pacific/Auckland")
    # 12:00 UTC: 20:00 on 2 March in Shanghai, already 01:00 on 3 March in Auckland.
    chat.clock.set(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    assert future in text_of(await chat.send(MENTOR, "2026-03-04"))
    await chat.press(MENTOR, "今天" if language == "zh-hans" else "Today")
    await chat.send(MENTOR, "会议室")
    await chat.send(MENTOR, "谈了工作作风问题")
    await chat.press(MENTOR, "4")
    await chat.send(MENTOR, "每周汇报")
    assert saved in text_of(
        await chat.press(MENTOR, "确认保存" if language == "zh-hans" else "Save")
    )
    assert (await Talk.get(case=w.case)).held_on == date(2026, 3, 3)


@pytest.mark.parametrize(
    ("language", "past", "save"),
    [
        ("zh-hans", "日期不能早于今天", "确认保存"),
        ("en", "The date cannot be earlier than today", "Save"),
    ],
)
async def test_a_supervisor_in_london_reschedules_by_his_today(
    chat: ChatHarness, language: str, past: str, save: str
) -> None:
    sup = oversight_world.SUPERVISOR_ID
    mine, _ = await oversight_world.world(chat, language)
    await chat.send(sup, "/tz Europe/London")
    # 23:30 UTC on 2 March: 07:30 on 3 March in Shanghai, still 2 March in London.
    chat.clock.set(datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    step = await PlanStep.filter(case_id=mine.id, kind=StepKind.TALK).order_by("due_on").first()
    assert step is not None
    for day, accepted in (("2026-03-01", False), ("2026-03-02", True), ("2026-03-03", True)):
        await chat.send(sup, f"/reschedule {mine.id}")
        await chat.press(sup, "谈心谈话" if language == "zh-hans" else "Heart-to-heart talk")
        await chat.send(sup, "帮带人出差")
        replies = text_of(await chat.send(sup, day))
        if not accepted:
            assert past in replies
            await chat.send(sup, "/cancel")
            continue
        await chat.press(sup, save)
        assert (await PlanStep.get(id=step.id)).due_on == date.fromisoformat(day)
