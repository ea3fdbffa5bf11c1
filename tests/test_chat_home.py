"""No dead ends (issue 10 points 1 and 11): whatever waits for someone is on /start's home
card and under /plan, with its buttons, whatever became of the notice that announced it."""

from __future__ import annotations

from datetime import date

from bot.services.activities import TalkRecord
from models import AuditEvent, Case, Reflection, Talk
from models.enums import ReflectionStatus, Role, TalkConfirmation
from tests.casework import (
    CADRE,
    MENTOR,
    OTHER_CADRE,
    OTHER_MENTOR,
    World,
    enrol,
    open_case,
    submitted_reflection,
    world,
)
from tests.chat import ChatHarness, button_data, text_of


async def record_talk(chat: ChatHarness, w: World, summary: str = "谈了工作作风问题") -> Talk:
    record = TalkRecord(date(2026, 3, 2), "局会议室", summary, 4, "每周汇报")
    return await chat.app.services.activities.record_talk(w.case.id, record, mentor=w.mentor)


async def test_a_disputed_then_cancelled_talk_stays_confirmable(chat: ChatHarness) -> None:
    """The reproduction: ✏️ 有异议, then /cancel; the notice's buttons are gone."""
    w = await world(chat)
    talk = await record_talk(chat, w)
    message = (await chat.send(CADRE, "/plan"))[-1]
    await chat.press_data(CADRE, f"tc:{talk.id}:n", message.message_id)
    assert "已取消" in text_of(await chat.send(CADRE, "/cancel"))
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.PENDING

    home = (await chat.send(CADRE, "/start"))[-1]
    text = home.text or ""
    assert "待您处理" in text and "请确认谈话记录：2026年3月2日 · 李老师 · 地点 局会议室" in text
    assert "“谈了工作作风问题”" in text
    assert "确认管理计划：请于 2026年3月5日 前阅读并确认" in text
    assert "<b>我的召回管理</b>：青山县农业农村局" in text
    assert button_data(home, "属实（2026年3月2日）") == f"tc:{talk.id}:y"
    replies = await chat.press(CADRE, "属实（2026年3月2日）", home)
    assert "已确认 2026年3月2日 的谈话记录" in text_of(replies)
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.CONFIRMED
    # Once answered it waits no more; the plan is still to acknowledge, from the same card.
    home = (await chat.send(CADRE, "/start"))[-1]
    assert "请确认谈话记录" not in (home.text or "")
    await chat.press(CADRE, "确认管理计划", home)
    assert (await Case.get(id=w.case.id)).acknowledged_at is not None
    home = (await chat.send(CADRE, "/start"))[-1]
    assert "目前没有待您处理的事项" in (home.text or "") and home.reply_markup is None


async def test_plan_offers_the_dispute_again_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    talk = await record_talk(chat, w, "About <work> & style")
    await chat.send(CADRE, "/plan")
    await chat.press(CADRE, "Dispute (2 Mar 2026)")
    await chat.send(CADRE, "/cancel")
    plan = (await chat.send(CADRE, "/plan"))[-1]
    text = plan.text or ""
    assert "<b>Your tasks</b>" in text and "<b>With your mentor and the department</b>" in text
    assert "responsible: mentor 李老师" in text
    assert "Confirm a talk record: 2 Mar 2026 · 李老师 · at 局会议室" in text
    assert '"About &lt;work&gt; &amp; style"' in text  # people's text is escaped
    await chat.press(CADRE, "Dispute (2 Mar 2026)", plan)
    await chat.send(CADRE, "The place is wrong.")
    replies = await chat.press(CADRE, "Save")
    assert "李老师" in text_of(replies)
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.DISPUTED
    # The mentor's home card now has the dispute to settle, with its button.
    home = (await chat.send(MENTOR, "/start"))[-1]
    assert "disputes the record of the talk on 2 Mar 2026" in (home.text or "")
    assert button_data(home, "Settle: 张伟") == f"ts:{talk.id}"


async def test_mentor_home_card_opens_the_review(chat: ChatHarness) -> None:
    w = await world(chat)
    reflection = await submitted_reflection(chat, w.cadre)
    home = (await chat.send(MENTOR, "/start"))[-1]
    assert "张伟（青山县农业农村局）的思想汇报待审阅（2026年3月2日 提交）" in (home.text or "")
    replies = await chat.press(MENTOR, "审阅：张伟", home)
    assert "<b>张伟</b> 的思想汇报（第 1 稿" in text_of(replies)
    # Another mentor's card has nothing of it.
    other = (await chat.send(OTHER_MENTOR, "/start"))[-1]
    assert "张伟" not in (other.text or "")
    await chat.press(MENTOR, "退回修改")
    await chat.send(MENTOR, "请结合具体事例。")
    await chat.press(MENTOR, "确认保存")
    assert (await Reflection.get(id=reflection.id)).status == ReflectionStatus.REVISION_REQUESTED
    home = (await chat.send(CADRE, "/start"))[-1]
    assert "已退回修改" in (home.text or "")
    assert button_data(home, "修改思想汇报") == f"rr:{reflection.id}"


async def test_forged_buttons_from_the_card_change_nothing(chat: ChatHarness) -> None:
    w = await world(chat)
    talk = await record_talk(chat, w)
    home = (await chat.send(OTHER_CADRE, "/start"))[-1]
    assert "谈话记录" not in (home.text or "")  # not another cadre's talk
    replies = await chat.press_data(OTHER_CADRE, f"tc:{talk.id}:y", home.message_id)
    assert "找不到" in text_of(replies)
    replies = await chat.press_data(OTHER_CADRE, f"tc:{talk.id}:n", home.message_id)
    assert "找不到" in text_of(replies)
    mine = (await chat.send(CADRE, "/start"))[-1]
    replies = await chat.press_data(CADRE, "tc:99999999999:y", mine.message_id)
    assert "按钮已失效" in text_of(replies)
    replies = await chat.press_data(CADRE, f"rr:{talk.id}", mine.message_id)
    assert "找不到" in text_of(replies) or "没有" in text_of(replies)
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.PENDING
    assert not await AuditEvent.filter(action__in=["talk-confirmed", "talk-disputed"]).exists()


async def test_joining_shows_the_plan_and_the_deadline(chat: ChatHarness) -> None:
    case = await open_case(chat, "孙红", "李老师")
    replies = await enrol(chat, 3003, Role.CADRE, "孙红", case_id=case.id)
    assert replies is not None
    text = chat.texts(3003)[-1]
    assert "欢迎，孙红" in text
    assert "<b>我的召回管理</b>：青山县农业农村局，2026年3月2日 至 2026年6月2日" in text
    assert "确认管理计划：请于 2026年3月5日 前阅读并确认" in text
    assert "您的下一项：" in text
    chat.user(3004, "Li Ming", "en")
    other = await open_case(chat, "Li Ming", "李老师")
    await enrol(chat, 3004, Role.CADRE, "Li Ming", "en", case_id=other.id)
    text = chat.texts(3004)[-1]
    assert "Acknowledge your plan: read and acknowledge it by 5 Mar 2026" in text
    assert "Your next step:" in text


async def test_a_question_is_passed_to_the_mentor(chat: ChatHarness) -> None:
    from models import Notification
    from schedules import delivery

    w = await world(chat)
    offer = (await chat.send(CADRE, "下次谈话是什么时候？<b>"))[-1]
    assert "要把这个问题转给您的帮带人吗？" in (offer.text or "")
    assert "“下次谈话是什么时候？&lt;b&gt;”" in (offer.text or "")
    replies = await chat.press(CADRE, "转给帮带人", offer)
    assert "已转给 李老师" in text_of(replies)
    event = await AuditEvent.get(action="question-passed", case=w.case)
    assert event.actor_id == w.cadre.id
    assert await Notification.filter(person=w.mentor, message="cadre-question").count() == 1
    await delivery.run(chat.app)
    got = chat.texts(MENTOR)[-1]
    assert (
        "张伟（青山县农业农村局）向您提问" in got and "“下次谈话是什么时候？<b>”" in got
    )  # escaped
    # The same button again, a forged one, or "no": nothing more is passed on.
    assert "已处理过" in text_of(await chat.press_data(CADRE, "qa:s:1", offer.message_id))
    assert "已处理过" in text_of(await chat.press_data(CADRE, "qa:x:1", offer.message_id))
    await chat.send(CADRE, "算了")
    assert "没有转发" in text_of(await chat.press(CADRE, "不用了"))
    assert await Notification.filter(message="cadre-question").count() == 1
    # A file, or a mentor's stray text, is not offered.
    assert "我没有看懂" in text_of(await chat.send_photo(CADRE, b"\x89PNG"))
    assert "我没有看懂" in text_of(await chat.send(MENTOR, "你好"))


async def test_a_question_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    await chat.send(CADRE, "When is the next talk?")
    replies = await chat.press(CADRE, "Pass it to my mentor")
    assert "Passed to 李老师" in text_of(replies)
    assert await AuditEvent.filter(action="question-passed", actor=w.cadre).count() == 1
    assert "Shall I pass" not in text_of(await chat.send(CADRE, "x" * 1001))  # too long
