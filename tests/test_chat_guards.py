"""Guard rails on admin dates (issue 10, point 6): a recall whose period is over, a session
in the past or with no place, a step moved past the period's end are warned about and asked
again before saving; the rule is the service's (bot/services/guards.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services import guards
from bot.services.dates import add_months
from models import Attendance, Case, PlanStep, TrainingSession
from models.enums import StepKind
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import SUPERVISOR_ID, english_admin, snapshot, world

LANGUAGES = pytest.mark.parametrize("language", ["zh-hans", "en"])
W = {
    "zh-hans": {
        "over": "管理期已于 2025年4月1日 结束",
        "past": "已经过去",
        "place": "没有填写地点",
        "anyway": "仍然保存",
        "save": "确认保存",
        "cancel": "取消",
        "end": "晚于管理期结束日 2026年6月2日",
        "talk": "谈心谈话",
    },
    "en": {
        "over": "ended on 1 Apr 2025",
        "past": "already past",
        "place": "No place is given",
        "anyway": "save anyway",
        "save": "Save",
        "cancel": "Cancel",
        "end": "after the end of the management period, 2 Jun 2026",
        "talk": "Heart-to-heart talk",
    },
}


async def fill(chat: ChatHarness, uid: int, *answers: str) -> list[object]:
    replies: list[object] = []
    for item in answers:
        if item.startswith("@"):
            replies = list(await chat.press(uid, item[1:]))
        else:
            replies = list(await chat.send(uid, item))
    return replies


async def newcase_to_confirm(chat: ChatHarness, language: str, recalled: str) -> None:
    if language == "en":
        await english_admin(chat)
        answers = ["刘洋", "东山区住建局", "@Skip", "@section", "@yes", "@key tasks"]
        answers += ["@environmental", "@Skip", recalled, "@3 months", "@Skip", "@Skip"]
    else:
        answers = ["刘洋", "东山区住建局", "@跳过", "@乡科级", "@是", "@重点任务"]
        answers += ["@生态环保", "@跳过", recalled, "@3 个月", "@跳过", "@跳过"]
    await chat.send(ADMIN_ID, "/newcase")
    await fill(chat, ADMIN_ID, *answers)


@LANGUAGES
async def test_a_recall_whose_period_is_over_is_asked_again(
    chat: ChatHarness, language: str
) -> None:
    w = W[language]
    await newcase_to_confirm(chat, language, "2025-01-01")
    warned = await chat.press(ADMIN_ID, w["save"])
    assert w["over"] in text_of(warned)
    assert await Case.all().count() == 0
    await chat.press(ADMIN_ID, w["anyway"])
    case = await Case.get()
    assert case.recalled_on == date(2025, 1, 1)


@LANGUAGES
async def test_a_warned_recall_can_be_dropped(chat: ChatHarness, language: str) -> None:
    w = W[language]
    await newcase_to_confirm(chat, language, "2025-01-01")
    await chat.press(ADMIN_ID, w["save"])
    await chat.press(ADMIN_ID, w["cancel"])
    assert await Case.all().count() == 0


async def test_a_recent_recall_saves_at_once(chat: ChatHarness) -> None:
    await newcase_to_confirm(chat, "zh-hans", "2026-02-20")
    saved = await chat.press(ADMIN_ID, "确认保存")
    assert "仍然保存" not in str(saved[-1].reply_markup)
    assert await Case.all().count() == 1


async def test_a_forged_save_anyway_without_a_warning_saves_once(chat: ChatHarness) -> None:
    await newcase_to_confirm(chat, "zh-hans", "2026-02-20")
    confirm = chat.last_with_buttons(ADMIN_ID)
    await chat.press_data(ADMIN_ID, "nc:ok:sure", confirm.message_id)
    assert "已失效" in text_of(await chat.press_data(ADMIN_ID, "nc:ok:sure", confirm.message_id))
    assert await Case.all().count() == 1


@LANGUAGES
async def test_a_session_in_the_past_with_no_place_is_asked_again(
    chat: ChatHarness, language: str
) -> None:
    w = W[language]
    await world(chat)
    if language == "en":
        await english_admin(chat)
        answers = ["@training", "作风建设专题培训班", "@Today", "@09:00", "@3 h", "@Skip"]
        answers += ["@2026-03 县级批次", "@Done"]
    else:
        answers = ["@专题培训", "作风建设专题培训班", "@今天", "@09:00", "@3 小时", "@跳过"]
        answers += ["@整个批次：2026-03 县级批次", "@完成"]
    await chat.send(ADMIN_ID, "/session")
    await fill(chat, ADMIN_ID, *answers)  # 09:00 today, and it is 09:30 now
    warned = text_of(await chat.press(ADMIN_ID, w["save"]))
    assert w["past"] in warned and w["place"] in warned
    assert await TrainingSession.all().count() == 0 and await Attendance.all().count() == 0
    await chat.press(ADMIN_ID, w["anyway"])
    assert await TrainingSession.all().count() == 1


@LANGUAGES
async def test_a_step_moved_past_the_period_end_is_asked_again(
    chat: ChatHarness, language: str
) -> None:
    w = W[language]
    mine, _ = await world(chat, language)
    step = await PlanStep.filter(case_id=mine.id, kind=StepKind.TALK).order_by("due_on").first()
    assert step is not None
    before = await snapshot()
    await chat.send(SUPERVISOR_ID, f"/reschedule {mine.id}")
    await chat.press(SUPERVISOR_ID, w["talk"])
    await chat.send(SUPERVISOR_ID, "帮带人出差")
    await chat.send(SUPERVISOR_ID, "2026-07-15")
    warned = await chat.press(SUPERVISOR_ID, w["save"])
    assert w["end"] in text_of(warned)
    assert await snapshot() == before
    await chat.press(SUPERVISOR_ID, w["anyway"])
    assert (await PlanStep.get(id=step.id)).due_on >= date(2026, 7, 15)


# The rules ------------------------------------------------------------------------------------


@given(
    recalled=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    months=st.integers(3, 6),
    today=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
def test_a_recall_is_warned_about_exactly_when_its_period_is_over(
    recalled: date, months: int, today: date
) -> None:
    warned = guards.case_dates(recalled, months, today) != []
    assert warned == (add_months(recalled, months) < today)


@given(
    offset=st.integers(-10_000, 10_000),
    place=st.text(alphabet=" \t党校会议室", max_size=5),
)
def test_a_session_is_warned_about_when_past_far_or_without_a_place(
    offset: int, place: str
) -> None:
    now = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    starts_at = now + timedelta(hours=offset)
    keys = {w.key for w in guards.session(starts_at, place, now)}
    assert ("warn-session-in-past" in keys) == (offset < 0)
    assert ("warn-session-far-ahead" in keys) == (timedelta(hours=offset) > guards.FAR_AHEAD)
    assert ("warn-session-no-place" in keys) == (place.strip() == "")


# Names that match nobody (issue 10, point 7c) --------------------------------------------------


async def newcase_to_mentors(chat: ChatHarness, language: str) -> None:
    if language == "en":
        await english_admin(chat)
        answers = ["刘洋", "东山区住建局", "@Skip", "@section", "@yes", "@key tasks"]
        answers += ["@environmental", "@Skip", "@Today", "@3 months"]
    else:
        answers = ["刘洋", "东山区住建局", "@跳过", "@乡科级", "@是", "@重点任务"]
        answers += ["@生态环保", "@跳过", "@今天", "@3 个月"]
    await chat.send(ADMIN_ID, "/newcase")
    await fill(chat, ADMIN_ID, *answers)


NAMES = {
    "zh-hans": {"asked": "没有找到帮带人“李老帅”", "is": "是 李老师", "new": "新人员：李老帅"},
    "en": {"asked": "No mentor named “李老帅”", "is": "Yes: 李老师", "new": "New person: 李老帅"},
}


@LANGUAGES
async def test_a_mistyped_mentor_is_offered_the_close_match(
    chat: ChatHarness, language: str
) -> None:
    from models import CaseAssignment, Person
    from models.enums import Role

    w, n = W[language], NAMES[language]
    await world(chat)  # 李老师 mentors 张伟
    known = await Person.get(name="李老师")
    await newcase_to_mentors(chat, language)
    asked = await chat.send(ADMIN_ID, "李老帅、钱老师")
    assert n["asked"] in text_of(asked)
    await chat.press(ADMIN_ID, n["is"])
    confirm = await chat.send(ADMIN_ID, "王部长")
    text = text_of(confirm)
    assert "李老师" in text and "李老帅" not in text
    assert "钱老师" in text and ("新人员：钱老师" in text or "added: 钱老师" in text)
    await chat.press(ADMIN_ID, w["save"])
    case = await Case.get(cadre__name="刘洋")
    mentors = await CaseAssignment.filter(case=case, role=Role.MENTOR).values_list(
        "person_id", flat=True
    )
    assert known.id in mentors and len(mentors) == 2
    assert await Person.filter(name="李老帅").count() == 0
    assert await Person.filter(name="李老师").count() == 1


@LANGUAGES
async def test_a_new_person_of_a_lookalike_name_is_confirmed(
    chat: ChatHarness, language: str
) -> None:
    from models import Person

    w, n = W[language], NAMES[language]
    await world(chat)
    await newcase_to_mentors(chat, language)
    asked = await chat.send(ADMIN_ID, "李老帅")
    # A forged choice is refused and the question stays.
    stale = await chat.press_data(ADMIN_ID, "nc:x:9", asked[-1].message_id)
    assert "已失效" in text_of(stale) or "no longer valid" in text_of(stale)
    await chat.press(ADMIN_ID, n["new"], asked[-1])
    await chat.press(ADMIN_ID, "跳过" if language == "zh-hans" else "Skip")
    await chat.press(ADMIN_ID, w["save"])
    assert await Person.filter(name="李老帅").count() == 1


@given(name=st.text(alphabet="张王李赵伟芳敏静老师", min_size=2, max_size=4), data=st.data())
def test_a_name_looks_alike_one_character_off_with_its_surname(
    name: str, data: st.DataObject
) -> None:
    from bot.services.people import looks_alike

    assert not looks_alike(name, name)
    index = data.draw(st.integers(1, len(name) - 1))
    other = data.draw(st.sampled_from("孙钱周吴"))
    typo = name[:index] + other + name[index + 1 :]
    assert looks_alike(typo, name) and looks_alike(name, typo)
    assert not looks_alike(other + name[1:], name) or other == name[0]
