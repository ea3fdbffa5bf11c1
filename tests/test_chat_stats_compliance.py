"""/stats shows how the plans are kept (issue 10, point 15): the on-time rate, the overdue
steps, the talks held against those planned; through the real Application and the emulator,
in both languages, in the caller's scope."""

from datetime import date

from bot.services.activities import TalkRecord
from bot.services.leaves import LeaveRequest
from models import Person, PlanStep, Talk
from models.enums import OPEN_STEP_STATUSES, LeaveKind, StepKind, StepStatus
from tests.chat import ChatHarness
from tests.conftest import ADMIN_ID
from tests.oversight_world import (
    MENTOR_ID,
    OTHER_SUPERVISOR_ID,
    SUPERVISOR_ID,
    snapshot,
    world,
)
from tests.test_chat_oversight import flat


async def expected(case_ids: list[int], today: date) -> dict[str, int]:
    """The figures counted here from the rows, step by step."""
    steps = await PlanStep.filter(case_id__in=case_ids)
    talks = await Talk.filter(case_id__in=case_ids)
    return {
        "on_time": sum(s.status == StepStatus.DONE for s in steps),
        "late": sum(s.status == StepStatus.DONE_LATE for s in steps),
        "overdue": sum(s.status in OPEN_STEP_STATUSES and s.due_on < today for s in steps),
        "planned": sum(
            s.kind == StepKind.TALK and s.due_on <= today and s.status != StepStatus.WAIVED
            for s in steps
        ),
        "held": sum(t.held_on <= today for t in talks),
    }


async def a_late_talk(chat: ChatHarness, case_id: int) -> None:
    chat.clock.advance(days=15)  # 17 March: the first steps are overdue
    mentor = await Person.get(name="李老师")
    record = TalkRecord(date(2026, 3, 16), "局会议室", "谈了作风问题。", 4)
    await chat.app.services.activities.record_talk(case_id, record, mentor=mentor)


async def test_stats_show_how_the_plans_are_kept(chat: ChatHarness) -> None:
    mine, other = await world(chat)
    await a_late_talk(chat, mine.id)
    today = chat.clock.now().date()
    figures = await expected([mine.id], today)
    assert figures["late"] == 1 and figures["held"] == 1 and figures["overdue"] > 0
    text = flat(await chat.send(SUPERVISOR_ID, "/stats"))
    assert "计划执行情况" in text
    due = figures["on_time"] + figures["late"] + figures["overdue"]
    rate = f"{figures['on_time'] / due:.0%}"
    assert (
        f"按期完成率：{rate}（按期完成 {figures['on_time']} 项，逾期完成 {figures['late']} 项）"
        in text
    )
    assert f"逾期未完成事项：{figures['overdue']} 项" in text
    assert f"谈心谈话：已谈 {figures['held']} 次，按计划应谈 {figures['planned']} 次" in text
    # The admin's figures cover both recalls.
    both = await expected([mine.id, other.id], today)
    admin = flat(await chat.send(ADMIN_ID, "/stats"))
    assert f"逾期未完成事项：{both['overdue']} 项" in admin
    assert both["overdue"] > figures["overdue"]


async def test_stats_compliance_in_english(chat: ChatHarness) -> None:
    mine, _ = await world(chat, language="en")
    await a_late_talk(chat, mine.id)
    figures = await expected([mine.id], chat.clock.now().date())
    text = flat(await chat.send(SUPERVISOR_ID, "/stats"))
    assert "How the plans are kept" in text
    assert f"{figures['late']} done late)" in text
    assert f"Overdue steps: {figures['overdue']}" in text
    assert f"Talks: {figures['held']} held, {figures['planned']} planned so far" in text


async def test_nothing_due_yet_and_no_right(chat: ChatHarness) -> None:
    await world(chat)
    text = flat(await chat.send(SUPERVISOR_ID, "/stats"))
    assert "按期完成率：暂无到期事项" in text and "逾期未完成事项：0 项" in text
    before = await snapshot()
    assert "没有权限" in flat(await chat.send(MENTOR_ID, "/stats"))
    assert "计划执行情况" not in flat(await chat.send(MENTOR_ID, "/stats 批次"))
    assert await snapshot() == before


async def test_stats_count_a_cadre_on_leave_in_scope(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    by = await Person.get(telegram_id=ADMIN_ID)
    request = LeaveRequest(LeaveKind.SICK, date(2026, 3, 2), date(2026, 3, 20), "住院", False)
    await chat.app.services.leaves.record(mine.id, request, by=by)
    assert "目前离岗：1 人" in flat(await chat.send(ADMIN_ID, "/stats"))
    assert "目前离岗：1 人" in flat(await chat.send(SUPERVISOR_ID, "/stats"))
    assert "目前离岗" not in flat(await chat.send(OTHER_SUPERVISOR_ID, "/stats"))
