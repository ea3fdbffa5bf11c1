"""The dossier PDF: what it holds (read back from the PDF's text), its font, and who gets it."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from bot.services import dossier, dossier_pdf
from bot.services.errors import DomainError
from bot.services.fonts import FONT_ENV, cjk_font_file
from models import Case, Person
from models.enums import Disposition, Placement, Role
from tests.casework import MENTOR, OTHER_CADRE, SUPERVISOR, admin, enrol, new_case
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.test_readiness import history

ZONE = "Asia/Shanghai"
OTHER_SUPERVISOR = 4002


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The text with line breaks and runs of spaces made single spaces (tables wrap)."""
    return re.sub(r"\s+", " ", text)


async def make(chat: ChatHarness, case: Case, locale: str | None = None) -> dossier.Dossier:
    return await dossier.make(
        case.id, chat.clock.now(), ZONE, default_locale="zh-CN", locale=locale
    )


async def test_dossier_holds_the_case_facts_in_chinese(chat: ChatHarness) -> None:
    case = await history(chat)
    made = await make(chat, case)
    assert made.locale == "zh-CN" and made.filename == "dossier-1-2026-03-20.pdf"
    text = flat(pdf_text(made.pdf))
    for fact in (
        "干部召回管理档案",
        "张伟",
        "制作日期：2026年3月20日",
        # The case
        "召回干部 张伟",
        "单位 青山县农业农村局",
        "职级 乡科级",
        "主要负责人 否",
        "召回原因类别 工作纪律与作风",
        "召回原因 不作为",
        "批次 2026-03 县级批次",
        "2026年3月2日 至 2026年6月2日（3 个月）",
        "李老师 / 王部长",
        "状态 管理期中",
        # The plan, each step with its status and dates
        "2026年3月5日 确认管理计划 召回干部 已逾期",
        "2026年3月9日 谈心谈话 帮带人 逾期完成 2026年3月12日",
        # Talks with their summaries and the cadre's answer
        "2026年3月12日 · 谈话人 李老师 · 地点 局会议室 · 态度 3/5 · 本人有异议",
        "谈话要点：谈作风问题",
        "本人意见：记录不准确",
        # Attendance, reflections, assessments
        "专题培训 training 2026-03-13 迟到",
        "党性教育 education 2026-03-15 缺席",
        "共 2 稿",
        "最新稿：修改稿：",
        # The readiness summary, leaves, outcome, audit
        "谈心谈话：已谈 2 次，应谈 1 次（计划共 3 次）；本人有异议 1 次",
        "各事项累计逾期 20 天；离岗 0 天",
        "管理期内无离岗记录",
        "管理期中，尚未办结",
        "李老师 登记谈心谈话",
        "张伟 回复谈话记录",
    ):
        assert fact in text, fact
    assert "六、跟踪考察 无。" in text
    assert re.search(r"第 1 页，共 (\d) 页", text)


def test_font_is_embedded_and_pages_are_a4() -> None:
    """Checked on the file fpdf2 writes, with no database: a subset of the TTC's first font."""
    font = cjk_font_file()
    assert font is not None and font.suffix == ".ttc"
    pdf = dossier_pdf.Pdf(font, "head", "foot", "第 {page} 页，共 {nb} 页")
    pdf.add_page()
    pdf.para("张伟 · 青山县农业农村局 ✅")  # the emoji has no glyph: it is left out
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts = page["/Resources"]["/Font"]
    descriptors = []
    for ref in fonts.values():
        type0 = ref.get_object()
        for descendant in type0["/DescendantFonts"]:
            descriptors.append(descendant.get_object()["/FontDescriptor"].get_object())
    assert descriptors and all("/FontFile2" in d for d in descriptors)
    assert any("WenQuanYi" in str(d["/FontName"]) for d in descriptors)
    text = page.extract_text()
    assert "张伟 · 青山县农业农村局" in text and "✅" not in text
    assert "第 1 页，共 1 页" in text


async def test_dossier_in_english_for_an_english_cadre(chat: ChatHarness) -> None:
    case = await history(chat)
    await Person.filter(id=case.cadre_id).update(locale="en")
    made = await make(chat, case)
    assert made.locale == "en"
    text = flat(pdf_text(made.pdf))
    assert "Cadre recall management dossier" in text and "张伟" in text
    assert "Rank section level" in text and "Made on 20 Mar 2026" in text
    assert "Talks: 2 held, 1 due so far (3 in the plan); 1 disputed by the cadre" in text
    assert "No leave during the period." in text and re.search(r"Page 1 of \d", text)
    # The caller may ask for the other language.
    assert "干部召回管理档案" in pdf_text((await make(chat, case, "zh-CN")).pdf)


async def test_dossier_of_a_closed_case(chat: ChatHarness) -> None:
    case = await history(chat)
    await chat.app.services.cases.close(
        case.id,
        Placement.OTHER_UNIT,
        Disposition.PROMOTED,
        by=await admin(chat),
        early_reason="调任，提前结束",
    )
    text = flat(pdf_text((await make(chat, await Case.get(id=case.id))).pdf))
    assert "已于 2026年3月20日 办结：交流任职；人事变动：提拔重用" in text
    assert "状态 已办结" in text and "办结后不再需要" in text
    assert "admin 1000 办结召回管理" in text


async def test_unknown_case_and_missing_font_are_refused(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DomainError) as refused:
        await dossier.make(99, chat.clock.now(), ZONE, default_locale="zh-CN")
    assert refused.value.key == "dossier-case-not-found"
    case = await history(chat)
    monkeypatch.setenv(FONT_ENV, "/nonexistent/font.ttc")
    cjk_font_file.cache_clear()
    try:
        with pytest.raises(DomainError) as refused:
            await make(chat, case)
        assert refused.value.key == "dossier-no-font"
    finally:
        monkeypatch.delenv(FONT_ENV)
        cjk_font_file.cache_clear()


async def test_supervisor_takes_the_dossier_from_case(chat: ChatHarness) -> None:
    await history(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长")
    replies = await chat.send(SUPERVISOR, "/case 张伟")
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels[-1] == "📄 生成档案 PDF"
    replies = await chat.press(SUPERVISOR, "生成档案")
    document = replies[-1]
    assert document.method == "sendDocument" and document.filename == "dossier-1-2026-03-20.pdf"
    assert document.caption == "张伟 的管理档案（2026年3月20日）"
    assert document.content is not None and "张伟" in pdf_text(document.content)


async def test_english_admin_gets_the_case_language_dossier(chat: ChatHarness) -> None:
    await history(chat)
    await chat.send(ADMIN_ID, "/lang")
    await chat.press(ADMIN_ID, "English")
    await chat.send(ADMIN_ID, "/case 张伟")
    replies = await chat.press(ADMIN_ID, "Dossier (PDF)")
    document = replies[-1]
    assert document.caption == "Dossier of 张伟's recall (20 Mar 2026)"
    assert document.content is not None and "干部召回管理档案" in pdf_text(document.content)


async def test_dossier_refused_out_of_scope_and_to_mentors(chat: ChatHarness) -> None:
    case = await history(chat)
    await chat.app.services.cases.open(new_case("孙浩", supervisors=["陈部长"]))
    await enrol(chat, OTHER_SUPERVISOR, Role.SUPERVISOR, "陈部长")
    # A mentor sees the case but has no dossier button.
    replies = await chat.send(MENTOR, "/case 张伟")
    assert replies[-1].reply_markup is None or all(
        "档案" not in b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row
    )
    message = replies[-1]
    # Forged buttons: a mentor, another supervisor, a cadre, nonsense.
    assert "您没有权限" in text_of(
        await chat.press_data(MENTOR, f"dos:c:{case.id}", message.message_id)
    )
    await chat.send(OTHER_SUPERVISOR, "/case")
    other = chat.last_with_buttons(OTHER_SUPERVISOR)
    replies = await chat.press_data(OTHER_SUPERVISOR, f"dos:c:{case.id}", other.message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    replies = await chat.press_data(OTHER_SUPERVISOR, "dos:c:x", other.message_id)
    assert "按钮已失效" in text_of(replies)
    await chat.send(OTHER_CADRE, "/plan")
    mine = chat.emu.sent(OTHER_CADRE)[-1]
    replies = await chat.press_data(OTHER_CADRE, f"dos:c:{case.id}", mine.message_id)
    assert "您没有权限" in text_of(replies)
    assert not [m for m in chat.emu.sent(OTHER_SUPERVISOR) if m.method == "sendDocument"]
    assert not [m for m in chat.emu.sent(MENTOR) if m.method == "sendDocument"]
