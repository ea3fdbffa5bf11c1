"""The mentor's /review and the cadre's revision through the real Application."""

from __future__ import annotations

from bot.services.activities import ReflectionContent
from models import (
    ConversationState,
    Notification,
    Reflection,
    ReflectionReview,
    ReflectionVersion,
    Talk,
)
from models.enums import ReflectionStatus, ReviewDecision
from tests.casework import (
    CADRE,
    LONG_TEXT,
    MENTOR,
    OTHER_MENTOR,
    REFLECTION,
    notice,
    submitted_reflection,
    world,
)
from tests.chat import ChatHarness, text_of


async def test_mentor_accepts_a_reflection(chat: ChatHarness) -> None:
    w = await world(chat)
    reflection = await submitted_reflection(chat, w.cadre)
    replies = await chat.send(MENTOR, "/review")
    assert "待审阅的思想汇报（1 份）" in text_of(replies)
    replies = await chat.press(MENTOR, "张伟 · 2026年3月2日 · 第 1 稿")
    text = text_of(replies)
    assert "<b>张伟</b> 的思想汇报（第 1 稿，2026年3月2日 09:30 提交）" in text
    assert REFLECTION in text
    replies = await chat.press(MENTOR, "通过")
    assert "确认通过 张伟 的思想汇报（第 1 稿）" in text_of(replies)
    replies = await chat.press(MENTOR, "确认保存")
    assert "已通过 张伟 的思想汇报（第 1 稿）" in text_of(replies)
    assert (await Reflection.get(id=reflection.id)).status == ReflectionStatus.ACCEPTED
    review = await ReflectionReview.get(reflection=reflection)
    assert review.decision == ReviewDecision.ACCEPT and review.version == 1
    assert await Notification.exists(person=w.cadre, message="reflection-accepted")
    assert "目前没有待审阅的思想汇报" in text_of(await chat.send(MENTOR, "/review"))


async def test_revision_cycle_in_english(chat: ChatHarness) -> None:
    """Review asks for changes; the cadre revises from the notice; version 2 is reviewed."""
    w = await world(chat, "en")
    reflection = await submitted_reflection(chat, w.cadre)
    # The notice "reflection to review" carries `rv:<reflection id>`.
    await notice(chat, MENTOR, "A reflection to review", ("Open", f"rv:{reflection.id}"))
    replies = await chat.press(MENTOR, "Open")
    shown = "Self-reflection report of <b>张伟</b> (version 1, submitted 2 Mar 2026 09:30)"
    assert shown in text_of(replies)
    await chat.press(MENTOR, "Ask for a revision")
    replies = await chat.send(MENTOR, "Give a concrete <example>.")
    assert "Comment: Give a concrete &lt;example&gt;." in text_of(replies)
    replies = await chat.press(MENTOR, "Save")
    assert "sent back; they will be told" in text_of(replies)
    assert (await Reflection.get(id=reflection.id)).status == ReflectionStatus.REVISION_REQUESTED
    assert await Notification.exists(person=w.cadre, message="reflection-revision-requested")

    # The notice "revision requested" carries `rr:<reflection id>`.
    await notice(chat, CADRE, "Please revise", ("Revise", f"rr:{reflection.id}"))
    replies = await chat.press(CADRE, "Revise")
    assert "Reviewer's comment: Give a concrete &lt;example&gt;." in text_of(replies)
    await chat.send_document(CADRE, "revised.pdf", b"%PDF revised", "application/pdf")
    replies = await chat.press(CADRE, "Save")
    assert "Self-reflection report submitted (version 2)" in text_of(replies)
    versions = await ReflectionVersion.filter(reflection=reflection).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].text == REFLECTION and versions[1].file_name == "revised.pdf"

    # The mentor gets the file itself again, by its file_id.
    await chat.send(MENTOR, "/review")
    replies = await chat.press(MENTOR, "张伟")
    document = next(m for m in replies if m.method == "sendDocument")
    assert document.file_id == versions[1].file_id and document.content == b"%PDF revised"
    assert "version 2" in (document.caption or "")
    await chat.press(MENTOR, "Accept")
    await chat.press(MENTOR, "Save")
    reviews = await ReflectionReview.filter(reflection=reflection).order_by("id")
    assert [(r.decision, r.version) for r in reviews] == [
        (ReviewDecision.REVISE, 1),
        (ReviewDecision.ACCEPT, 2),
    ]


async def test_voice_and_photo_reflections_are_sent_again(chat: ChatHarness) -> None:
    w = await world(chat)
    await chat.send(CADRE, "/reflect")
    await chat.send_voice(CADRE, b"OggS voice reflection")
    await chat.press(CADRE, "确认保存")
    voice = await ReflectionVersion.get(reflection__case=w.case)
    await chat.send(MENTOR, "/review")
    replies = await chat.press(MENTOR, "张伟")
    sent = next(m for m in replies if m.method == "sendVoice")
    assert sent.file_id == voice.file_id and sent.voice == b"OggS voice reflection"
    await chat.press(MENTOR, "通过")
    await chat.press(MENTOR, "确认保存")

    await chat.send(CADRE, "/reflect")
    await chat.deliver(chat.emu.photo(CADRE, b"\x89PNG page", caption="手写稿"), CADRE)
    await chat.press(CADRE, "确认保存")
    photo = await ReflectionVersion.filter(reflection__case=w.case, file_kind="photo").first()
    assert photo is not None and photo.text == "手写稿"
    await chat.send(MENTOR, "/review")
    replies = await chat.press(MENTOR, "张伟")
    sent = next(m for m in replies if m.method == "sendPhoto")
    assert sent.photo == b"\x89PNG page" and "手写稿" in (sent.caption or "")


async def test_review_refuses_other_cases_and_forged_buttons(chat: ChatHarness) -> None:
    w = await world(chat)
    mine = await submitted_reflection(chat, w.cadre)
    theirs = await submitted_reflection(chat, w.other_cadre)
    assert "您没有权限" in text_of(await chat.send(CADRE, "/review"))
    replies = await chat.send(MENTOR, "/review")
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels == ["张伟 · 2026年3月2日 · 第 1 稿"]
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, f"rw:r:{theirs.id}", message.message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    replies = await chat.press_data(MENTOR, "rw:r:x", message.message_id)
    assert "按钮已失效" in text_of(replies)
    await notice(chat, OTHER_MENTOR, "待审阅", ("打开", f"rv:{mine.id}"))
    assert "找不到这位干部的召回管理" in text_of(await chat.press(OTHER_MENTOR, "打开"))
    await chat.press(MENTOR, "张伟")
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, "rw:d:maybe", message.message_id)
    assert "按钮已失效" in text_of(replies)
    assert await ReflectionReview.all().count() == 0
    assert {r.status for r in await Reflection.all()} == {ReflectionStatus.SUBMITTED}


async def test_review_bad_input_changes_nothing(chat: ChatHarness) -> None:
    w = await world(chat)
    reflection = await submitted_reflection(chat, w.cadre)
    await chat.send(MENTOR, "/review")
    await chat.press(MENTOR, "张伟")
    assert "请点击上方的按钮" in text_of(await chat.send(MENTOR, "通过"))
    await chat.press(MENTOR, "退回修改")
    replies = await chat.send_photo(MENTOR, b"\x89PNG")
    assert "请发送文字" in text_of(replies)
    replies = await chat.send(MENTOR, LONG_TEXT)
    assert "最多 4,000 字" in text_of(replies)
    await chat.send(MENTOR, "请补充")
    assert "已取消" in text_of(await chat.press(MENTOR, "取消"))
    # Timed out before the comment.
    await chat.send(MENTOR, "/review")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "退回修改")
    chat.clock.advance(minutes=31)
    assert "表单已超时" in text_of(await chat.send(MENTOR, "请补充"))
    # The same Save twice records one review.
    await chat.send(MENTOR, "/review")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "通过")
    message = chat.last_with_buttons(MENTOR)
    update = chat.emu.callback(MENTOR, "rw:ok:save", message.message_id)
    await chat.deliver(update, MENTOR)
    await chat.deliver(update, MENTOR)
    assert await ReflectionReview.filter(reflection=reflection).count() == 1
    assert (await Reflection.get(id=reflection.id)).status == ReflectionStatus.ACCEPTED


async def test_an_abandoned_form_does_not_take_the_next_forms_input(chat: ChatHarness) -> None:
    """/talk left half way (no /cancel), then /review: the comment goes to the review."""
    w = await world(chat)
    reflection = await submitted_reflection(chat, w.cadre)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "今天")  # the talk form now waits for the place, as text
    await chat.send(MENTOR, "/review")
    await chat.press(MENTOR, "放弃并开始新的")  # asked first (issue 10, point 2)
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "退回修改")
    replies = await chat.send(MENTOR, "请结合具体事例")
    assert "确认退回 张伟 的思想汇报（第 1 稿）修改" in text_of(replies)
    await chat.press(MENTOR, "确认保存")
    assert (await Reflection.get(id=reflection.id)).status == ReflectionStatus.REVISION_REQUESTED
    assert await Talk.all().count() == 0
    assert await ConversationState.filter(name="talk").count() == 0


async def test_a_revision_submitted_twice_is_refused(chat: ChatHarness) -> None:
    w = await world(chat)
    activities = chat.app.services.activities
    reflection = await activities.submit_reflection(ReflectionContent(REFLECTION), cadre=w.cadre)
    await activities.review_reflection(
        reflection.id, ReviewDecision.REVISE, "补充", reviewer=w.mentor
    )
    await notice(chat, CADRE, "请修改", ("修改", f"rr:{reflection.id}"))
    message = chat.last_with_buttons(CADRE)
    await chat.press(CADRE, "修改")
    await chat.send(CADRE, REFLECTION)
    await chat.press(CADRE, "确认保存")
    replies = await chat.press_data(CADRE, f"rr:{reflection.id}", message.message_id)
    assert "这份思想汇报不需要修改" in text_of(replies)
    replies = await chat.press_data(CADRE, "rr:abc", message.message_id)
    assert "按钮已失效" in text_of(replies)
    assert await ReflectionVersion.filter(reflection=reflection).count() == 2
