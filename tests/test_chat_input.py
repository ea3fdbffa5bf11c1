"""Nothing typed is lost (issue 10, point 2), through the real Application: a text after the
timeout is kept, opening another form asks first, and a long text split in two is joined."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers import reflect, talk
from models import Person, Reflection, Talk
from tests.casework import CADRE, MENTOR, REFLECTION, submitted_reflection, world
from tests.chat import ChatHarness, text_of

WORDS = {
    "zh-hans": {
        "late": "按此内容继续填写吗",
        "keep": "按此内容继续",
        "drop": "放弃",
        "save": "确认保存",
        "saved": "思想汇报",
        "stale": "已失效",
        "ask": "未填完的“谈话记录”",
        "stay": "继续当前表单",
        "new": "放弃并开始新的",
        "kept": "继续填写“谈话记录”",
        "file": "存成文件",
        "too_long": "内容太长",
        "cancelled": "已取消",
    },
    "en": {
        "late": "Continue the form with it?",
        "keep": "Continue with it",
        "drop": "Discard",
        "save": "Save",
        "saved": "",
        "stale": "no longer valid",
        "ask": "unfinished talk record",
        "stay": "Continue the current form",
        "new": "Discard it and start the new one",
        "kept": "the talk record continues",
        "file": "send the file",
        "too_long": "Too long",
        "cancelled": "Cancelled",
    },
}
LANGUAGES = pytest.mark.parametrize("language", ["zh-hans", "en"])


# A text after the timeout ---------------------------------------------------------------------


@LANGUAGES
async def test_a_reflection_typed_after_the_timeout_is_kept(
    chat: ChatHarness, language: str
) -> None:
    w = WORDS[language]
    await world(chat, language)
    await chat.send(CADRE, "/reflect")
    chat.clock.advance(timedelta(minutes=35))
    offer = await chat.send(CADRE, REFLECTION)
    assert w["late"] in text_of(offer)
    assert await Reflection.all().count() == 0
    confirm = await chat.press(CADRE, w["keep"])
    assert REFLECTION[:20] in text_of(confirm)
    await chat.press(CADRE, w["save"])
    saved = await Reflection.get().prefetch_related("versions")
    assert saved.versions[0].text == REFLECTION
    # The offer's button again (pressed twice, or forged later): refused, nothing more.
    again = await chat.press_data(CADRE, "rf:fm:keep", offer[-1].message_id)
    assert w["stale"] in text_of(again)
    assert await Reflection.all().count() == 1


@LANGUAGES
async def test_a_voice_note_sent_after_the_timeout_is_kept(
    chat: ChatHarness, language: str
) -> None:
    w = WORDS[language]
    await world(chat, language)
    await chat.send(CADRE, "/reflect")
    chat.clock.advance(timedelta(minutes=35))
    offer = await chat.send_voice(CADRE, b"OggS late voice")
    assert w["late"] in text_of(offer)
    assert await Reflection.all().count() == 0
    await chat.press(CADRE, w["keep"])
    await chat.press(CADRE, w["save"])
    saved = await Reflection.get().prefetch_related("versions")
    assert saved.versions[0].file_kind == "voice" and saved.versions[0].file_id


@LANGUAGES
async def test_a_late_text_can_be_discarded_and_a_late_button_still_expires(
    chat: ChatHarness, language: str
) -> None:
    w = WORDS[language]
    await world(chat, language)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    chat.clock.advance(timedelta(minutes=31))
    assert w["late"] in text_of(await chat.send(MENTOR, "会议室"))  # typed date? no: kept
    assert w["cancelled"] in text_of(await chat.press(MENTOR, w["drop"]))
    assert talk.FORM.saved(chat.app.user_data[MENTOR]) is None
    # A file after the timeout is kept too, and can be discarded the same way.
    await chat.send(CADRE, "/reflect")
    chat.clock.advance(timedelta(minutes=31))
    assert w["late"] in text_of(await chat.send_document(CADRE, "汇报.pdf", b"%PDF-1.4"))
    assert w["cancelled"] in text_of(await chat.press(CADRE, w["drop"]))
    assert await Talk.all().count() == 0 and await Reflection.all().count() == 0


@LANGUAGES
async def test_a_late_text_that_the_step_refuses_keeps_the_form_at_that_step(
    chat: ChatHarness, language: str
) -> None:
    w = WORDS[language]
    await world(chat, language)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    chat.clock.advance(timedelta(minutes=40))
    await chat.send(MENTOR, "下个月")  # not a date
    replies = text_of(await chat.press(MENTOR, w["keep"]))
    assert "2026-03-15" in replies or "date" in replies.lower() or "日期" in replies
    draft = talk.FORM.saved(chat.app.user_data[MENTOR])
    assert draft is not None and draft.held_on is None
    # The form is alive again: a date goes on.
    await chat.press(MENTOR, "今天" if language == "zh-hans" else "Today")
    draft = talk.FORM.saved(chat.app.user_data[MENTOR])
    assert draft is not None and draft.held_on is not None


# Another form while one is half-filled ---------------------------------------------------------


@LANGUAGES
async def test_review_during_talk_asks_and_the_talk_can_continue(
    chat: ChatHarness, language: str
) -> None:
    w = WORDS[language]
    await world(chat, language)
    w_ = await Person.get(telegram_id=CADRE)
    await submitted_reflection(chat, w_)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "今天" if language == "zh-hans" else "Today")
    asked = await chat.send(MENTOR, "/review")
    assert w["ask"] in text_of(asked)
    assert w["kept"] in text_of(await chat.press(MENTOR, w["stay"]))
    # The talk is where it was: the next text is its place.
    await chat.send(MENTOR, "局党组会议室")
    draft = talk.FORM.saved(chat.app.user_data[MENTOR])
    assert draft is not None and draft.place == "局党组会议室"
    # The old question's "start the new one" is stale now.
    stale = await chat.press_data(MENTOR, "rw:fm:new", asked[-1].message_id)
    assert w["stale"] in text_of(stale)
    assert talk.FORM.saved(chat.app.user_data[MENTOR]) is not None


async def test_a_form_just_opened_is_replaced_without_a_question(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(MENTOR, "/talk")  # nothing answered yet
    replies = text_of(await chat.send(MENTOR, "/assess"))
    assert "未填完" not in replies


async def test_a_forged_switch_button_changes_nothing(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, "rw:fm:new", message.message_id)
    assert "已失效" in text_of(replies)
    assert talk.FORM.saved(chat.app.user_data[MENTOR]) is not None
    replies = await chat.press_data(MENTOR, "tk:fm:bogus", message.message_id)
    assert "已失效" in text_of(replies)
    assert talk.FORM.saved(chat.app.user_data[MENTOR]) is not None


# Long texts ----------------------------------------------------------------------------------


@LANGUAGES
async def test_a_reflection_over_the_limit_suggests_a_file_and_its_split_part_is_not_taken(
    chat: ChatHarness, language: str
) -> None:
    w = WORDS[language]
    await world(chat, language)
    await chat.send(CADRE, "/reflect")
    first = text_of(await chat.send(CADRE, "我" * 4096))  # the client's first part
    assert w["too_long"] in first and w["file"] in first
    chat.clock.advance(timedelta(seconds=1))
    second = text_of(await chat.send(CADRE, "这是后半部分。" * 20))  # the rest, at once
    assert w["too_long"] in second  # joined, and so still too long: not taken alone
    assert reflect.FORM.saved(chat.app.user_data[CADRE]) == reflect.ReflectDraft()
    # A file instead is taken.
    confirm = await chat.send_document(CADRE, "思想汇报.docx", b"PK\x03\x04")
    assert w["save"] in str(confirm[-1].reply_markup)
    assert await Reflection.all().count() == 0


@LANGUAGES
async def test_a_reflection_sent_in_two_messages_is_joined(
    chat: ChatHarness, language: str
) -> None:
    w = WORDS[language]
    await world(chat, language)
    await chat.send(CADRE, "/reflect")
    await chat.send(CADRE, REFLECTION)
    chat.clock.advance(timedelta(seconds=1))
    rest = "第二部分：今后我将每周向帮带人汇报思想和工作。"
    confirm = await chat.send(CADRE, rest)
    assert w["save"] in str(confirm[-1].reply_markup)  # the confirm screen again, not an error
    await chat.press(CADRE, w["save"], confirm[-1])
    saved = await Reflection.get().prefetch_related("versions")
    assert saved.versions[0].text == REFLECTION + "\n" + rest


async def test_a_text_long_after_the_first_is_not_joined(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(CADRE, "/reflect")
    await chat.send(CADRE, REFLECTION)
    chat.clock.advance(timedelta(seconds=30))
    assert "请点击" in text_of(await chat.send(CADRE, "还有一句"))  # the confirm step's hint
    draft = reflect.FORM.saved(chat.app.user_data[CADRE])
    assert draft is not None and draft.text == REFLECTION


async def test_a_talk_summary_split_at_4096_is_joined(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "今天")
    await chat.send(MENTOR, "会议室")
    # The summary takes up to 4000 characters: 4096 is refused, and so is the joined text;
    # the second part never becomes the summary on its own.
    await chat.send(MENTOR, "谈" * 4096)
    chat.clock.advance(timedelta(seconds=1))
    await chat.send(MENTOR, "后半部分")
    draft = talk.FORM.saved(chat.app.user_data[MENTOR])
    assert draft is not None and draft.summary == ""


# Fixing a mistake on the confirm screen (point 7a) ---------------------------------------------

FIX = {
    "zh-hans": {"change": "修改某一项", "back": "返回上一步", "save": "确认保存", "today": "今天"},
    "en": {"change": "Change one item", "back": "Back", "save": "Save", "today": "Today"},
}


async def talk_at_confirm(chat: ChatHarness, language: str) -> None:
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, FIX[language]["today"])
    await chat.send(MENTOR, "会议室")
    await chat.send(MENTOR, "谈了工作作风问题")
    await chat.press(MENTOR, "4")
    await chat.send(MENTOR, "每周汇报")


@LANGUAGES
async def test_one_field_of_a_talk_is_changed_and_the_confirm_screen_comes_back(
    chat: ChatHarness, language: str
) -> None:
    f = FIX[language]
    await world(chat, language)
    await talk_at_confirm(chat, language)
    fields = await chat.press(MENTOR, f["change"])
    labels = [b["text"] for row in fields[-1].reply_markup["inline_keyboard"] for b in row]
    assert len(labels) >= 6  # case, date, place, summary, attitude, actions (and back)
    place = next(label for label in labels if "地点" in label or "Where" in label)
    await chat.press(MENTOR, place)
    back = await chat.send(MENTOR, "局党组会议室")
    # The later answers are kept: the confirm screen again, not the summary question.
    assert f["save"] in str(back[-1].reply_markup)
    draft = talk.FORM.saved(chat.app.user_data[MENTOR])
    assert draft is not None
    assert (draft.place, draft.summary, draft.attitude) == ("局党组会议室", "谈了工作作风问题", 4)
    await chat.press(MENTOR, f["save"], back[-1])
    saved = await Talk.get()
    assert saved.place == "局党组会议室" and saved.actions == "每周汇报"


@LANGUAGES
async def test_back_asks_the_last_question_again(chat: ChatHarness, language: str) -> None:
    f = FIX[language]
    await world(chat, language)
    await talk_at_confirm(chat, language)
    await chat.press(MENTOR, f["back"])
    again = await chat.send(MENTOR, "每两周汇报一次")
    assert f["save"] in str(again[-1].reply_markup)
    await chat.press(MENTOR, f["save"], again[-1])
    assert (await Talk.get()).actions == "每两周汇报一次"


async def test_a_changed_answer_that_no_longer_fits_stops_the_replay(chat: ChatHarness) -> None:
    from models import Case

    await world(chat)
    await chat.send(1000, "/newcase")
    for item in ["刘洋", "东山区住建局", "@跳过", "@乡科级", "@是", "@重点任务"]:
        await (chat.press(1000, item[1:]) if item[0] == "@" else chat.send(1000, item))
    for item in ["@生态环保", "@跳过", "@今天", "@3 个月", "@跳过", "@跳过"]:
        await (chat.press(1000, item[1:]) if item[0] == "@" else chat.send(1000, item))
    fields = await chat.press(1000, "修改某一项")
    labels = [b["text"] for row in fields[-1].reply_markup["inline_keyboard"] for b in row]
    category = next(label for label in labels if "类别" in label or "类" in label)
    await chat.press(1000, category)
    # Another category: the old reason is not one of its reasons, so the reason is asked.
    reasons = await chat.press(1000, "工作纪律")
    assert "不作为" in str(reasons[-1].reply_markup)
    confirm = await chat.press(1000, "不作为")
    assert "确认保存" in str(confirm[-1].reply_markup)
    await chat.press(1000, "确认保存", confirm[-1])
    case = await Case.get(cadre__name="刘洋")
    assert (case.category, case.reason) == ("discipline", "inaction")


async def test_a_forged_jump_changes_nothing(chat: ChatHarness) -> None:
    await world(chat)
    await talk_at_confirm(chat, "zh-hans")
    confirm = chat.last_with_buttons(MENTOR)
    for data in ("tk:fm:go99", "tk:fm:gox", "tk:fm:go-1"):
        replies = await chat.press_data(MENTOR, data, confirm.message_id)
        assert "已失效" in text_of(replies), data
    draft = talk.FORM.saved(chat.app.user_data[MENTOR])
    assert draft is not None and draft.actions == "每周汇报"
    await chat.press(MENTOR, "确认保存", confirm)
    assert await Talk.all().count() == 1
