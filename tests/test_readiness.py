"""The readiness summary: the service's counts, and where people see it (/assess, /case)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.services import readiness
from bot.services.activities import ReflectionContent, TalkRecord
from models import Case, Person, PlanStep
from models.enums import (
    AssessmentKind,
    AttendanceStatus,
    Grade,
    Placement,
    ReviewDecision,
    Role,
    SessionKind,
    StepKind,
)
from tests.case_views import case_text
from tests.casework import CADRE, MENTOR, REFLECTION, SUPERVISOR, admin, enrol, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID

ZONE = "Asia/Shanghai"


async def session_on(
    chat: ChatHarness, case: Case, kind: SessionKind, day: date, status: AttendanceStatus
) -> None:
    start = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    services = chat.app.services.activities
    by = await admin(chat)
    session = await services.schedule_session(
        kind, f"{kind.value} {day}", start, start + timedelta(hours=3), [case.id], by=by
    )
    await services.record_attendance(session.id, {case.id: status}, by=by)


async def history(chat: ChatHarness) -> Case:
    """By 20 March: two talks (one late, one disputed), three sessions, a late reflection
    revised once; the plan never acknowledged."""
    w = await world(chat)
    services = chat.app.services.activities
    chat.clock.advance(days=18)  # 20 March
    talk = await services.record_talk(
        w.case.id, TalkRecord(date(2026, 3, 12), "局会议室", "谈作风问题", 3), mentor=w.mentor
    )
    await services.confirm_talk(talk.id, cadre=w.cadre, agree=False, comment="记录不准确")
    await services.record_talk(
        w.case.id, TalkRecord(date(2026, 3, 19), "局会议室", "再次谈话", 4), mentor=w.mentor
    )
    await session_on(chat, w.case, SessionKind.TRAINING, date(2026, 3, 13), AttendanceStatus.LATE)
    await session_on(
        chat, w.case, SessionKind.TRAINING, date(2026, 3, 14), AttendanceStatus.EXCUSED
    )
    await session_on(
        chat, w.case, SessionKind.EDUCATION, date(2026, 3, 15), AttendanceStatus.ABSENT
    )
    chat.clock.advance(days=-2)  # the reflection came on 18 March, due on the 16th
    reflection = await services.submit_reflection(ReflectionContent(REFLECTION), cadre=w.cadre)
    chat.clock.advance(days=1)
    await services.review_reflection(
        reflection.id, ReviewDecision.REVISE, "请具体一些", reviewer=w.mentor
    )
    await services.revise_reflection(
        reflection.id, ReflectionContent("修改稿：" + REFLECTION), cadre=w.cadre
    )
    chat.clock.advance(days=1)
    return w.case


async def test_counts_as_of_a_day(chat: ChatHarness) -> None:
    case = await history(chat)
    talks_in_plan = await PlanStep.filter(case=case, kind=StepKind.TALK).count()
    r = await readiness.summary(case, date(2026, 3, 20), ZONE)
    assert (r.talks_held, r.talks_planned, r.talks_in_plan) == (2, 1, talks_in_plan)
    assert r.disputed_talks == 1
    training, education = r.attendance[SessionKind.TRAINING], r.attendance[SessionKind.EDUCATION]
    assert (training.present, training.late, training.excused, training.absent) == (1, 1, 1, 0)
    assert (education.present, education.excused, education.absent) == (0, 0, 1)
    assert (r.reflections_on_time, r.reflections_late, r.reflections_missing) == (0, 1, 0)
    assert r.reflection_revisions == 1
    # Acknowledgement due 5 March, still open: 15 days; the talk due 9 March held on the
    # 12th: 3; the reflection due 16 March came on the 18th: 2.
    assert r.days_overdue == 15 + 3 + 2
    assert r.days_on_leave == 0
    # Earlier, less had happened: on 10 March the talk was one day overdue and still open.
    early = await readiness.summary(case, date(2026, 3, 10), ZONE)
    assert (early.talks_held, early.talks_planned, early.disputed_talks) == (0, 1, 0)
    assert early.attendance[SessionKind.TRAINING].present == 0
    assert (early.reflections_late, early.reflection_revisions) == (0, 0)
    assert early.days_overdue == 5 + 1


async def test_missing_reflection_and_a_closed_case_stops_at_its_close(
    chat: ChatHarness,
) -> None:
    w = await world(chat)
    chat.clock.advance(days=18)  # 20 March: the reflection due 16 March never came
    r = await readiness.summary(w.case, date(2026, 3, 20), ZONE)
    assert (r.reflections_missing, r.reflections_on_time, r.reflections_late) == (1, 0, 0)
    by = await admin(chat)
    await chat.app.services.cases.close(
        w.case.id, Placement.ORIGINAL_UNIT, by=by, early_reason="调任，提前结束"
    )
    case = await Case.get(id=w.case.id)
    later = await readiness.summary(case, date(2026, 5, 1), ZONE)
    # The close gave up the open steps; what was missed until then still counts, no more.
    assert later.as_of == date(2026, 3, 20)
    assert later.reflections_missing == 1 and later.days_overdue == r.days_overdue


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=st.integers(0, 120), gap=st.integers(0, 60))
async def test_summary_only_grows_with_the_day(chat: ChatHarness, first: int, gap: int) -> None:
    """Nothing recorded is forgotten later: every count is monotone in the day."""
    if not await Case.exists():
        await history(chat)
    case = await Case.get(cadre__name="张伟")
    day = date(2026, 3, 2) + timedelta(days=first)
    a = readiness.columns(await readiness.summary(case, day, ZONE))
    b = readiness.columns(await readiness.summary(case, day + timedelta(days=gap), ZONE))
    grows = [k for k in readiness.COLUMNS if k != "reflections-missing"]
    assert all(a[k] <= b[k] for k in grows), (a, b)


async def test_assessor_sees_the_summary_before_the_grade(chat: ChatHarness) -> None:
    await history(chat)
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    replies = await chat.press(MENTOR, "中期考察")
    text = text_of(replies)
    assert "<b>考察前情况汇总</b>" in text and "截至 2026年3月20日" in text
    assert "谈心谈话：已谈 2 次，应谈 1 次（计划共 3 次）；本人有异议 1 次" in text
    assert "专题培训：出席 1 次（其中迟到 1），请假 1 次，缺席 0 次" in text
    assert "党性教育：出席 0 次（其中迟到 0），请假 0 次，缺席 1 次" in text
    assert "思想汇报：按时 0 份，逾期 1 份，缺交 0 份；修改重交 1 次" in text
    assert "各事项累计逾期 20 天；离岗 0 天" in text
    # One screen: the summary and the grades come in the same message.
    assert len(replies) == 1 and "请选择考察等次" in text
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels == ["优秀", "称职", "基本称职", "不称职"]


async def test_summary_in_english_for_a_supervisor(chat: ChatHarness) -> None:
    await history(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长", "en")
    await chat.send(SUPERVISOR, "/assess")
    await chat.press(SUPERVISOR, "张伟")
    text = text_of(await chat.press(SUPERVISOR, "Mid-period assessment"))
    assert "<b>Before the assessment: summary</b>" in text and "As of 20 Mar 2026" in text
    assert "Talks: 2 held, 1 due so far (3 in the plan); 1 disputed by the cadre" in text
    assert "Special training: present 1 (late 1), excused 1, absent 0" in text
    assert "Self-reflection reports: 0 on time, 1 late, 0 missing; 1 revisions" in text
    assert "Days overdue, all steps: 20; days on leave: 0" in text
    assert "The grade?" in text


async def test_case_view_shows_the_summary(chat: ChatHarness) -> None:
    await history(chat)
    text = await case_text(chat, ADMIN_ID, "张伟")
    assert "<b>考察前情况汇总</b>" in text
    assert "谈心谈话：已谈 2 次，应谈 1 次（计划共 3 次）；本人有异议 1 次" in text
    # A mentor sees it too (the case is theirs); a cadre has no /case.
    text = await case_text(chat, MENTOR, "张伟")
    assert "各事项累计逾期 20 天" in text
    assert "您没有权限" in text_of(await chat.send(CADRE, "/case 张伟"))


async def test_assessment_recorded_after_the_summary(chat: ChatHarness) -> None:
    """The summary changes nothing: the form goes on to record the grade."""
    case = await history(chat)
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "中期考察")
    await chat.press(MENTOR, "称职")
    await chat.send(MENTOR, "有进步")
    await chat.send(MENTOR, "继续跟踪")
    await chat.press(MENTOR, "确认保存")
    mentor = await Person.get(name="李老师")
    assessment = await case.assessments.all().first()  # type: ignore[attr-defined]
    assert assessment is not None and assessment.grade == Grade.COMPETENT
    assert assessment.kind == AssessmentKind.MID and assessment.assessor_id == mentor.id
