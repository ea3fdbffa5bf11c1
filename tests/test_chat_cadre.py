"""The cadre's flows through the real Application: /plan, acknowledging it, /reflect, and
confirming or disputing a talk that the mentor recorded."""

from __future__ import annotations

from datetime import date

from bot.services.activities import MIN_REFLECTION_CHARS, ReflectionContent, TalkRecord
from models import (
    AuditEvent,
    Case,
    Notification,
    PlanStep,
    Reflection,
    ReflectionVersion,
    StoredFile,
    Talk,
)
from models.enums import (
    Placement,
    ReflectionStatus,
    ReviewDecision,
    StepKind,
    StepStatus,
    TalkConfirmation,
)
from tests.casework import (
    CADRE,
    LONG_TEXT,
    MENTOR,
    OTHER_CADRE,
    REFLECTION,
    World,
    admin,
    notice,
    world,
)
from tests.chat import ChatHarness, text_of

# /plan and its acknowledgement -------------------------------------------------------------


async def test_plan_lists_steps_and_acknowledges(chat: ChatHarness) -> None:
    w = await world(chat)
    replies = await chat.send(CADRE, "/plan")
    text = text_of(replies)
    assert "我的管理计划" in text and "青山县农业农村局" in text
    assert "2026年3月2日 至 2026年6月2日" in text
    assert "进度：已完成 0/15 项，逾期 0 项" in text
    assert "🟡 2026年3月5日 确认管理计划 — 待完成 · 还有 3 天" in text
    assert "思想汇报（期末总结）" in text

    replies = await chat.press(CADRE, "确认管理计划")
    assert "已确认管理计划（2026年3月2日 09:30）" in text_of(replies)
    case = await Case.get(id=w.case.id)
    assert case.acknowledged_at == chat.clock.now()
    step = await PlanStep.get(case=case, kind=StepKind.ACKNOWLEDGE)
    assert step.status == StepStatus.DONE and step.done_on == date(2026, 3, 2)
    # The button is gone, and /plan now says when the plan was acknowledged.
    assert chat.emu.sent(CADRE)[-2].reply_markup is None
    again = text_of(await chat.send(CADRE, "/plan"))
    assert "您已于 2026年3月2日 09:30 确认本计划" in again
    assert "✅ 2026年3月5日 确认管理计划 — 已完成 · 2026年3月2日 完成" in again
    assert "进度：已完成 1/15 项" in again


async def test_plan_in_english_counts_overdue_days(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    chat.clock.advance(days=8)
    text = text_of(await chat.send(CADRE, "/plan"))
    assert "My management plan" in text
    assert "🔴 5 Mar 2026 Acknowledge the plan — overdue · 5 days overdue" in text
    assert "🔴 9 Mar 2026 Heart-to-heart talk — overdue · 1 day overdue" in text
    assert "Self-reflection report (final summary)" in text
    assert "1 overdue" in text  # the mentor's overdue talk is not counted against the cadre
    assert "Besides, 1 overdue are your mentor's" in text
    replies = await chat.press(CADRE, "Acknowledge the plan")
    assert "Plan acknowledged (10 Mar 2026 09:30)" in text_of(replies)
    step = await PlanStep.get(case=w.case, kind=StepKind.ACKNOWLEDGE)
    assert step.status == StepStatus.DONE_LATE


async def test_plan_without_an_active_case(chat: ChatHarness) -> None:
    w = await world(chat)
    await chat.app.services.cases.close(
        w.case.id, Placement.ORIGINAL_UNIT, by=await admin(chat), early_reason="调任"
    )
    # A concluded recall stays viewable by the cadre (issue 10 point 11), with nothing to press.
    replies = await chat.send(CADRE, "/plan")
    assert "本次召回管理已于 2026年3月2日 办结，记录仍可查看" in text_of(replies)
    assert replies[-1].reply_markup is None


async def test_plan_is_for_cadres_only(chat: ChatHarness) -> None:
    await world(chat)
    assert "您没有权限" in text_of(await chat.send(MENTOR, "/plan"))
    chat.user(9999, "Stranger", "en")
    assert "not enrolled" in text_of(await chat.send(9999, "/plan"))


async def test_acknowledge_checks_the_button_again(chat: ChatHarness) -> None:
    w = await world(chat)
    await chat.send(CADRE, "/plan")
    message = chat.last_with_buttons(CADRE)
    # Another cadre's case, and data that is not a case id: refused, nothing changes.
    replies = await chat.press_data(CADRE, f"ack:{w.other_case.id}", message.message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    replies = await chat.press_data(CADRE, "ack:1:2", message.message_id)
    assert "按钮已失效" in text_of(replies)
    replies = await chat.press_data(CADRE, "ack:abc", message.message_id)
    assert "按钮已失效" in text_of(replies)
    assert await Case.filter(acknowledged_at__not_isnull=True).count() == 0
    # The same press delivered twice acknowledges once; a second press is answered.
    update = chat.emu.callback(CADRE, f"ack:{w.case.id}", message.message_id)
    assert await chat.deliver(update, CADRE)
    assert await chat.deliver(update, CADRE) == []
    replies = await chat.press_data(CADRE, f"ack:{w.case.id}", message.message_id)
    assert "您已确认过管理计划" in text_of(replies)
    assert await AuditEvent.filter(action="plan-acknowledged").count() == 1


async def test_acknowledge_from_a_reminder(chat: ChatHarness) -> None:
    """The reminder sender puts `ack:<case id>` under its message."""
    w = await world(chat)
    await notice(chat, CADRE, "请确认管理计划", ("确认", f"ack:{w.case.id}"))
    replies = await chat.press(CADRE, "确认")
    assert "已确认管理计划" in text_of(replies)
    assert (await Case.get(id=w.case.id)).acknowledged_at is not None


# Confirming or disputing a talk -------------------------------------------------------------


async def record_talk(chat: ChatHarness, w: World) -> Talk:
    record = TalkRecord(date(2026, 3, 2), "局会议室", "谈了工作作风问题", 4, "每周汇报")
    return await chat.app.services.activities.record_talk(w.case.id, record, mentor=w.mentor)


async def talk_request(chat: ChatHarness, uid: int, talk: Talk) -> None:
    """What the outbox sender shows the cadre: the two buttons are a contract."""
    await notice(
        chat,
        uid,
        "请确认谈话记录",
        ("✅ 属实", f"tc:{talk.id}:y"),
        ("❗ 有异议", f"tc:{talk.id}:n"),
    )


async def test_cadre_confirms_a_talk(chat: ChatHarness) -> None:
    w = await world(chat)
    talk = await record_talk(chat, w)
    assert await Notification.exists(person=w.cadre, message="talk-confirm-request")
    await talk_request(chat, CADRE, talk)
    replies = await chat.press(CADRE, "属实")
    assert "已确认 2026年3月2日 的谈话记录" in text_of(replies)
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.CONFIRMED
    replies = await chat.press_data(CADRE, f"tc:{talk.id}:y", chat.emu.sent(CADRE)[-2].message_id)
    assert "您已经回复过" in text_of(replies)


async def test_cadre_disputes_a_talk_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    talk = await record_talk(chat, w)
    await talk_request(chat, CADRE, talk)
    replies = await chat.press(CADRE, "有异议")
    assert "what is wrong in the record of your talk with 李老师 on 2 Mar 2026" in text_of(replies)
    await chat.send(CADRE, "The place was <my office>, not the meeting room.")
    replies = await chat.press(CADRE, "Save")
    assert "Objection sent; 李老师 will be told" in text_of(replies)
    saved = await Talk.get(id=talk.id)
    assert saved.confirmation == TalkConfirmation.DISPUTED
    assert saved.cadre_comment == "The place was <my office>, not the meeting room."
    assert await Notification.exists(person=w.mentor, message="talk-disputed")


async def test_dispute_form_bad_input_changes_nothing(chat: ChatHarness) -> None:
    w = await world(chat)
    talk = await record_talk(chat, w)
    await talk_request(chat, CADRE, talk)
    message = chat.last_with_buttons(CADRE)
    # Someone else's talk, or forged data: refused.
    await talk_request(chat, OTHER_CADRE, talk)
    replies = await chat.press(OTHER_CADRE, "有异议")
    assert "找不到这位干部的召回管理" in text_of(replies)
    replies = await chat.press_data(CADRE, "tc:x:n", message.message_id)
    assert "按钮已失效" in text_of(replies)
    await talk_request(chat, MENTOR, talk)
    replies = await chat.press(MENTOR, "属实")
    assert "您没有权限" in text_of(replies)

    await chat.press(CADRE, "有异议")
    replies = await chat.send_photo(CADRE, b"\x89PNG not a comment")
    assert "请发送文字" in text_of(replies)
    replies = await chat.send(CADRE, LONG_TEXT)
    assert "内容太长（10,000 字），最多 1,000 字" in text_of(replies)
    await chat.send(CADRE, "地点记录有误")
    replies = await chat.send(CADRE, "随便说点")
    assert "请点击“确认保存”或“取消”" in text_of(replies)
    replies = await chat.press(CADRE, "取消")
    assert "已取消" in text_of(replies)
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.PENDING

    # A form left for more than 30 minutes expires.
    await chat.press_data(CADRE, f"tc:{talk.id}:n", message.message_id)
    chat.clock.advance(minutes=31)
    replies = await chat.send(CADRE, "地点记录有误")
    assert "表单已超时" in text_of(replies)
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.PENDING


# /reflect -----------------------------------------------------------------------------------


async def test_reflect_with_text(chat: ChatHarness) -> None:
    w = await world(chat)
    replies = await chat.send(CADRE, "/reflect")
    assert f"至少 {MIN_REFLECTION_CHARS} 个字" in text_of(replies)
    replies = await chat.send(CADRE, "太短了")
    assert f"思想汇报内容太短，至少需要 {MIN_REFLECTION_CHARS} 个字" in text_of(replies)
    replies = await chat.send(CADRE, REFLECTION)
    assert "请确认提交以下思想汇报" in text_of(replies)
    replies = await chat.press(CADRE, "确认保存")
    assert "思想汇报已提交（第 1 稿）" in text_of(replies)
    reflection = await Reflection.get(case=w.case)
    version = await ReflectionVersion.get(reflection=reflection)
    assert version.number == 1 and version.text == REFLECTION and version.file_id is None
    step = await PlanStep.get(id=reflection.step_id)  # type: ignore[attr-defined]
    assert step.kind == StepKind.REFLECTION and step.status == StepStatus.DONE
    assert await Notification.exists(person=w.mentor, message="reflection-to-review")


async def test_reflect_with_a_voice_note_photo_or_document(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    await chat.send(CADRE, "/reflect")
    replies = await chat.send_voice(CADRE, b"OggS voice")
    text = text_of(replies)
    assert "Submit this self-reflection report?" in text and "Voice note" in text
    await chat.press(CADRE, "Save")
    await chat.send(CADRE, "/reflect")
    await chat.send_photo(CADRE, b"\x89PNG photo of a handwritten page")
    await chat.press(CADRE, "Save")
    await chat.send(CADRE, "/reflect")
    replies = await chat.send_document(CADRE, "思想汇报.docx", b"PK docx", "application/msword")
    assert "思想汇报.docx" in text_of(replies)
    replies = await chat.press(CADRE, "Save")
    assert "Self-reflection report submitted (version 1)" in text_of(replies)
    versions = await ReflectionVersion.filter(reflection__case=w.case).order_by("id")
    assert [v.file_kind for v in versions] == ["voice", "photo", "document"]
    assert all(v.file_id and v.file_id.startswith("EMU") for v in versions)
    assert versions[2].file_name == "思想汇报.docx"
    assert await Reflection.filter(case=w.case).count() == 3
    kept = {f.telegram_file_id: f for f in await StoredFile.all()}  # copies, not just file ids
    assert kept[versions[2].file_id or ""].content == b"PK docx"
    assert kept[versions[0].file_id or ""].kind == "voice"


async def test_reflect_bad_input_changes_nothing(chat: ChatHarness) -> None:
    w = await world(chat)
    assert "您没有权限" in text_of(await chat.send(MENTOR, "/reflect"))
    await chat.send(CADRE, "/reflect")
    replies = await chat.send(CADRE, LONG_TEXT)
    assert "内容太长（10,000 字），最多 4,000 字" in text_of(replies)
    await chat.send(CADRE, REFLECTION)
    replies = await chat.send_photo(CADRE, b"\x89PNG")
    assert "请点击“确认保存”或“取消”" in text_of(replies)
    message = chat.last_with_buttons(CADRE)
    replies = await chat.press_data(CADRE, "rf:ok:save:again", message.message_id)
    assert "按钮已失效" in text_of(replies)
    replies = await chat.send(CADRE, "/cancel")
    assert "已取消" in text_of(replies)
    await chat.send(CADRE, "/reflect")
    chat.clock.advance(minutes=31)
    assert "表单已超时" in text_of(await chat.send(CADRE, REFLECTION))
    assert await Reflection.filter(case=w.case).count() == 0
    # The same Save delivered twice saves one reflection.
    await chat.send(CADRE, "/reflect")
    await chat.send(CADRE, REFLECTION)
    message = chat.last_with_buttons(CADRE)
    update = chat.emu.callback(CADRE, "rf:ok:save", message.message_id)
    await chat.deliver(update, CADRE)
    await chat.deliver(update, CADRE)
    assert await Reflection.filter(case=w.case).count() == 1


async def test_reflect_without_an_active_case(chat: ChatHarness) -> None:
    w = await world(chat)
    await chat.app.services.cases.close(
        w.case.id, Placement.OTHER_UNIT, by=await admin(chat), early_reason="调任"
    )
    assert "没有进行中的管理期" in text_of(await chat.send(CADRE, "/reflect"))


async def test_revision_choice_from_reflect(chat: ChatHarness) -> None:
    """After a review asks for changes, /reflect offers a new reflection or the revision."""
    w = await world(chat)
    activities = chat.app.services.activities
    first = await activities.submit_reflection(ReflectionContent(REFLECTION), cadre=w.cadre)
    await activities.review_reflection(
        first.id, ReviewDecision.REVISE, "请结合具体事例", reviewer=w.mentor
    )
    replies = await chat.send(CADRE, "/reflect")
    assert "有 1 份思想汇报被退回修改" in text_of(replies)
    assert "审阅意见：请结合具体事例" in text_of(replies)
    replies = await chat.send(CADRE, REFLECTION)
    assert "请点击上方的按钮" in text_of(replies)
    message = chat.last_with_buttons(CADRE)
    replies = await chat.press_data(CADRE, "rf:r:99999", message.message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    replies = await chat.press(CADRE, "修改 2026年3月2日")
    assert "第 1 稿" in text_of(replies) and "请结合具体事例" in text_of(replies)
    await chat.send(CADRE, REFLECTION + "例如上周的项目验收。")
    replies = await chat.press(CADRE, "确认保存")
    assert "第 2 稿" in text_of(replies)
    reflection = await Reflection.get(id=first.id)
    assert reflection.status == ReflectionStatus.SUBMITTED
    assert await ReflectionVersion.filter(reflection=reflection).count() == 2
    assert await Reflection.filter(case=w.case).count() == 1
