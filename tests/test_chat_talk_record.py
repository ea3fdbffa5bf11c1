"""The talk record as the cadre confirms it and as the mentor corrects it (issue 10 points
4 and 7b), through the real Application, the sender and the emulator."""

from __future__ import annotations

from datetime import date

from bot.services.activities import TalkRecord
from models import AuditEvent, StoredFile, Talk
from models.enums import TalkConfirmation
from tests.casework import CADRE, MENTOR, OTHER_MENTOR, World, world
from tests.chat import ChatHarness, text_of


async def record_by_form(chat: ChatHarness, *, voice: bool = False, english: bool = False) -> None:
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "Today" if english else "今天")
    await chat.send(MENTOR, "局党组会议室")
    if voice:
        await chat.send_voice(MENTOR, b"OggS the summary")
    else:
        await chat.send(MENTOR, "谈了近期工作落实不力的原因，本人认识较深刻。")
    await chat.press(MENTOR, "4")
    await chat.send(MENTOR, "每周书面汇报一次工作进展")
    await chat.press(MENTOR, "Save" if english else "确认保存")


async def test_the_cadre_confirms_the_full_record(chat: ChatHarness) -> None:
    await world(chat)
    await chat.app.sender.drain()
    before = len(chat.emu.sent(CADRE))
    await record_by_form(chat)
    await chat.app.sender.drain()
    told = chat.emu.sent(CADRE)[before:]
    assert len(told) == 1
    text = told[0].text or ""
    assert "李老师 登记了 2026年3月2日 与您的谈心谈话" in text
    assert "地点：局党组会议室" in text
    assert "谈话内容：谈了近期工作落实不力的原因，本人认识较深刻。" in text
    assert "商定的改进措施：每周书面汇报一次工作进展" in text
    assert "属实" in str(told[0].reply_markup) and "有异议" in str(told[0].reply_markup)


async def test_a_voice_summary_reaches_the_cadre_as_audio(chat: ChatHarness) -> None:
    await world(chat, "en")
    await chat.app.sender.drain()
    before = len(chat.emu.sent(CADRE))
    await record_by_form(chat, voice=True, english=True)
    await chat.app.sender.drain()
    told = chat.emu.sent(CADRE)[before:]
    assert [m.method for m in told] == ["sendVoice", "sendMessage"]
    assert told[0].voice == b"OggS the summary"
    text = told[1].text or ""
    assert "Where: 局党组会议室" in text and "What was said: 🎤 the voice note above" in text
    assert "Agreed measures: 每周书面汇报一次工作进展" in text
    assert told[1].reply_markup  # the buttons are under the record, after the audio
    # Confirming from it works as before.
    await chat.press(CADRE, "Correct", told[1])
    talk = await Talk.get()
    assert talk.confirmation == TalkConfirmation.CONFIRMED


async def disputed(chat: ChatHarness, w: World) -> Talk:
    record = TalkRecord(date(2026, 3, 2), "局会议室", "谈了工作作风问题", 4, "每周汇报")
    talk = await chat.app.services.activities.record_talk(w.case.id, record, mentor=w.mentor)
    await chat.app.services.activities.confirm_talk(
        talk.id, cadre=w.cadre, agree=False, comment="地点不对，是在乡政府"
    )
    await chat.app.sender.drain()
    return talk


async def test_the_mentor_corrects_a_disputed_record(chat: ChatHarness) -> None:
    w = await world(chat)
    talk = await disputed(chat, w)
    notice = chat.last_with_buttons(MENTOR)
    assert "地点不对" in (notice.text or "")
    assert "修改记录" in str(notice.reply_markup) and "维持原记录" in str(notice.reply_markup)
    asked = text_of(await chat.press(MENTOR, "修改记录", notice))
    assert "修改与 张伟 2026年3月2日 的谈话记录：要改哪一项？" in asked
    asked = text_of(await chat.press(MENTOR, "地点"))
    assert "地点原为：\n局会议室" in asked
    assert "请发送文字" in text_of(await chat.send_photo(MENTOR, b"\x89PNG"))
    assert "最多 200 字" in text_of(await chat.send(MENTOR, "乡" * 201))
    confirm = text_of(await chat.send(MENTOR, "白石镇 <乡政府> 会议室"))
    assert "由：局会议室" in confirm and "改为：白石镇 &lt;乡政府&gt; 会议室" in confirm
    saved = text_of(await chat.press(MENTOR, "确认保存"))
    assert "谈话记录已修改，已请 张伟 再次确认" in saved
    stored = await Talk.get(id=talk.id)
    assert stored.place == "白石镇 <乡政府> 会议室"
    assert stored.confirmation == TalkConfirmation.PENDING
    event = await AuditEvent.get(action="talk-corrected")
    assert event.details["before"] == {"place": "局会议室"}
    assert event.details["after"] == {"place": "白石镇 <乡政府> 会议室"}
    # The cadre sees the corrected record and confirms it.
    await chat.app.sender.drain()
    again = chat.last_with_buttons(CADRE)
    text = again.text or ""
    assert "李老师 修改了 2026年3月2日 的谈话记录（地点），请再次确认" in text
    assert "地点：白石镇 <乡政府> 会议室" in text and "商定的改进措施：每周汇报" in text
    await chat.press(CADRE, "属实", again)
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.CONFIRMED


async def test_a_correction_refuses_what_it_must(chat: ChatHarness) -> None:
    w = await world(chat)
    talk = await disputed(chat, w)
    notice = chat.last_with_buttons(MENTOR)
    data = f"tfx:{talk.id}"
    # Someone else's record, a cadre, a forged id: refused, nothing changes.
    other = chat.emu.sent(OTHER_MENTOR)[-1].message_id
    assert "找不到" in text_of(await chat.press_data(OTHER_MENTOR, data, other))
    own = chat.emu.sent(CADRE)[-1].message_id
    assert "没有权限" in text_of(await chat.press_data(CADRE, data, own))
    assert "按钮已失效" in text_of(await chat.press_data(MENTOR, "tfx:x", notice.message_id))
    assert "找不到" in text_of(await chat.press_data(MENTOR, "tfx:9999", notice.message_id))
    # A field that cannot be corrected, and a correction that changes nothing.
    await chat.press(MENTOR, "修改记录", notice)
    fields = chat.last_with_buttons(MENTOR)
    forged = await chat.press_data(MENTOR, "tfe:f:attitude", fields.message_id)
    assert "按钮已失效" in text_of(forged)
    await chat.press(MENTOR, "改进措施", fields)
    await chat.send(MENTOR, "每周汇报")
    assert "没有修改" in text_of(await chat.press(MENTOR, "确认保存"))
    stored = await Talk.get(id=talk.id)
    assert stored.confirmation == TalkConfirmation.DISPUTED and stored.actions == "每周汇报"
    assert not await AuditEvent.exists(action="talk-corrected")


async def test_a_correction_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    talk = await disputed(chat, w)
    notice = chat.last_with_buttons(MENTOR)
    assert "Correct the record" in str(notice.reply_markup)
    assert "Keep the record" in str(notice.reply_markup)
    assert "which part?" in text_of(await chat.press(MENTOR, "Correct the record", notice))
    await chat.press(MENTOR, "Agreed measures")
    await chat.send(MENTOR, "A written report every Friday")
    assert "is asked to confirm it again" in text_of(await chat.press(MENTOR, "Save"))
    await chat.app.sender.drain()
    text = chat.last_with_buttons(CADRE).text or ""
    assert "corrected the record of the talk on 2 Mar 2026 (Agreed measures)" in text
    assert (await Talk.get(id=talk.id)).actions == "A written report every Friday"


# Point 15: a photo or scan of a paper talk record ----------------------------------------


async def test_a_mentor_attaches_a_scan_of_a_paper_record(chat: ChatHarness) -> None:
    w = await world(chat)
    await chat.app.sender.drain()
    before = len(chat.emu.sent(CADRE))
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "今天")
    asked = text_of(await chat.send(MENTOR, "局党组会议室"))
    assert "纸质谈话记录可直接发照片或扫描件" in asked
    update = chat.emu.photo(
        MENTOR, b"\x89PNG paper record", "纸质记录，双方已签字", now=chat.clock.now()
    )
    await chat.deliver(update, MENTOR)
    await chat.press(MENTOR, "3")
    confirm = text_of(await chat.send(MENTOR, "每月当面汇报"))
    assert "🖼 图片" in confirm and "纸质记录，双方已签字" in confirm
    await chat.press(MENTOR, "确认保存")
    talk = await Talk.get(case=w.case)
    assert talk.summary == "纸质记录，双方已签字" and talk.voice_file_id is None
    kept = await StoredFile.get(owner=f"talk-{talk.id}-scan")
    assert kept.content == b"\x89PNG paper record" and kept.kind == "photo"
    await chat.app.sender.drain()
    told = chat.emu.sent(CADRE)[before:]
    assert [m.method for m in told] == ["sendPhoto", "sendMessage"]
    assert told[0].photo == b"\x89PNG paper record"
    assert "谈话内容：📎 见上方纸质记录扫描件 纸质记录，双方已签字" in (told[1].text or "")


async def test_a_scanned_pdf_record_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    await chat.app.sender.drain()
    before = len(chat.emu.sent(CADRE))
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "Today")
    await chat.send(MENTOR, "Bureau office")
    await chat.send_document(MENTOR, "talk-record.pdf", b"%PDF-1.4 scan")
    await chat.press(MENTOR, "4")
    confirm = text_of(await chat.send(MENTOR, "Report every Friday"))
    assert "talk-record.pdf" in confirm
    await chat.press(MENTOR, "Save")
    talk = await Talk.get(case=w.case)
    assert (await StoredFile.get(owner=f"talk-{talk.id}-scan")).name == "talk-record.pdf"
    await chat.app.sender.drain()
    told = chat.emu.sent(CADRE)[before:]
    assert [m.method for m in told] == ["sendDocument", "sendMessage"]
    assert "📎 the paper record above" in (told[1].text or "")
