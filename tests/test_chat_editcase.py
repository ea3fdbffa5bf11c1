"""/editcase through the real Application: an admin edits a recall or reassigns its mentor
(issue 10 point 15), in both languages, bad input and forged buttons included."""

from hypothesis import given
from hypothesis import strategies as st

from bot.services.cases import roster_change
from models import AuditEvent, Case, CaseAssignment, Notification, Person
from models.enums import CaseStatus, Role
from tests.case_views import case_text
from tests.casework import CADRE, MENTOR, OTHER_CADRE, OTHER_MENTOR, SUPERVISOR, enrol, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import english_admin, snapshot


async def test_admin_edits_the_unit(chat: ChatHarness) -> None:
    w = await world(chat)
    asked = text_of(await chat.send(ADMIN_ID, "/editcase"))
    assert "修改哪位干部的召回管理信息" in asked
    fields = await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    assert "要修改哪一项" in text_of(fields) and "帮带人" in str(fields[-1].reply_markup)
    ask = await chat.press(ADMIN_ID, "单位")
    assert "现在的单位：青山县农业农村局" in text_of(ask)
    confirm = text_of(await chat.send(ADMIN_ID, "青山县乡村振兴局"))
    assert "请确认修改召回管理信息" in confirm
    assert "单位：青山县农业农村局 → 青山县乡村振兴局" in confirm
    saved = text_of(await chat.press(ADMIN_ID, "确认保存"))
    assert "✅ 已修改 张伟 · 青山县农业农村局 的单位：青山县乡村振兴局" in saved
    case = await Case.get(id=w.case.id).prefetch_related("unit")
    assert case.unit.name == "青山县乡村振兴局"
    event = await AuditEvent.get(action="case-edited")
    assert event.case_id == case.id
    assert event.details["before"] == {"unit": "青山县农业农村局"}
    assert event.details["after"] == {"unit": "青山县乡村振兴局"}
    assert "青山县乡村振兴局" in await case_text(chat, ADMIN_ID, "张伟")
    # The same unit again is "nothing changed", and the form stays where it was.
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "张伟 · 青山县乡村振兴局")
    await chat.press(ADMIN_ID, "单位")
    same = text_of(await chat.send(ADMIN_ID, "青山县乡村振兴局"))
    assert "与现在相同" in same
    assert await AuditEvent.filter(action="case-edited").count() == 1


async def test_admin_edits_the_rank_and_clears_the_cohort_in_english(chat: ChatHarness) -> None:
    w = await world(chat)
    await english_admin(chat)
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "赵敏 · 白石镇人民政府")
    ask = text_of(await chat.press(ADMIN_ID, "rank"))
    assert "Rank now: section level" in ask
    confirm = text_of(await chat.press(ADMIN_ID, "staff"))
    assert "rank: section level → staff" in confirm
    saved = text_of(await chat.press(ADMIN_ID, "Save"))
    assert "赵敏 · 白石镇人民政府: rank is now staff" in saved
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "赵敏 · 白石镇人民政府")
    await chat.press(ADMIN_ID, "cohort")
    confirm = text_of(await chat.press(ADMIN_ID, "🧹 Clear"))
    assert "cohort: 2026-03 县级批次 → —" in confirm
    await chat.press(ADMIN_ID, "Save")
    case = await Case.get(id=w.other_case.id)
    assert case.rank == "staff" and case.cohort == ""


async def test_admin_reassigns_the_mentor(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    await english_admin(chat)
    # The old mentor has the talk form's case picker open, from before the change.
    picker = await chat.send(MENTOR, "/talk")
    assert "张伟" in str(picker[-1].reply_markup)
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    ask = text_of(await chat.press(ADMIN_ID, "mentors"))
    assert "Mentors now: 李老师" in ask
    # A typo offers the close name, as /newcase does.
    close = await chat.send(ADMIN_ID, "陈老帅")
    assert "Did you mean" in text_of(close) and "Yes: 陈老师" in str(close[-1].reply_markup)
    confirm = text_of(await chat.press(ADMIN_ID, "Yes: 陈老师"))
    assert "mentors: 李老师 → 陈老师" in confirm and "New people" not in confirm
    saved = text_of(await chat.press(ADMIN_ID, "Save"))
    assert "mentors is now 陈老师" in saved
    mentors = await Person.filter(assignments__case_id=w.case.id, assignments__role=Role.MENTOR)
    assert [p.name for p in mentors] == ["陈老师"]
    event = await AuditEvent.get(action="case-edited")
    assert event.details["before"] == {"mentors": ["李老师"]}
    assert event.details["after"] == {"mentors": ["陈老师"]}
    await chat.app.sender.drain()
    # The new mentor is told (in their language) and can record a talk with 张伟.
    told = chat.emu.sent(OTHER_MENTOR)[-1].text or ""
    assert "召回管理由您负责" in told and "张伟（青山县农业农村局）" in told
    talk = await chat.send(OTHER_MENTOR, "/talk")
    assert "张伟" in str(talk[-1].reply_markup)
    # The cadre is told who the mentor is now; the other cadre hears nothing.
    assert "Your recall has a new mentor: 陈老师" in (chat.emu.sent(CADRE)[-1].text or "")
    assert "帮带人" not in (chat.emu.sent(OTHER_CADRE)[-1].text or "")
    # The old mentor is told (in English) they no longer follow 张伟, by name, no id.
    off = [m.text or "" for m in chat.emu.sent(MENTOR) if "no longer" in (m.text or "")]
    assert off == [
        "📂 You are no longer mentor of 张伟's recall (青山县农业农村局): an admin changed who"
        " follows it. Its records are no longer shown to you."
    ]
    # The old mentor's old button does nothing; /talk has no case for them now.
    refused = text_of(await chat.press(MENTOR, "张伟", picker[-1]))
    assert "Recall not found" in refused
    assert "no cadre" in text_of(await chat.send(MENTOR, "/talk"))


async def test_the_same_mentor_is_nothing_changed(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    await chat.press(ADMIN_ID, "帮带人")
    assert "与现在相同" in text_of(await chat.send(ADMIN_ID, "李老师"))
    assert await AuditEvent.filter(action="case-edited").count() == 0


async def test_a_non_admin_is_refused(chat: ChatHarness) -> None:
    w = await world(chat)
    before = await snapshot()
    for uid in (MENTOR, CADRE):
        assert "没有权限" in text_of(await chat.send(uid, "/editcase"))
        message = (await chat.send(uid, "/help"))[-1]
        forged = text_of(await chat.press_data(uid, f"ec:c:{w.case.id}", message.message_id))
        assert "没有权限" in forged or "已失效" in forged
    assert await snapshot() == before


async def test_forged_buttons_change_nothing(chat: ChatHarness) -> None:
    w = await world(chat)
    before = await snapshot()
    picker = (await chat.send(ADMIN_ID, "/editcase"))[-1]
    missing = text_of(await chat.press_data(ADMIN_ID, "ec:c:999", picker.message_id))
    assert "找不到" in missing
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    fields = chat.last_with_buttons(ADMIN_ID)
    for data in (f"ec:c:{w.other_case.id}", "ec:f:name", "ec:f:", "ec:r:staff", "ec:ok:save"):
        assert "已失效" in text_of(await chat.press_data(ADMIN_ID, data, fields.message_id))
    await chat.press(ADMIN_ID, "单位")
    assert "请发送文字" in text_of(await chat.send_document(ADMIN_ID, "a.pdf", b"%PDF"))
    assert "内容太长" in text_of(await chat.send(ADMIN_ID, "长" * 300))
    assert await snapshot() == before
    assert await AuditEvent.filter(action="case-edited").count() == 0
    assert (await Case.get(id=w.case.id).prefetch_related("unit")).unit.name == "青山县农业农村局"


async def test_a_concluded_recall_is_refused(chat: ChatHarness) -> None:
    w = await world(chat)
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    await chat.press(ADMIN_ID, "单位")
    await chat.send(ADMIN_ID, "青山县乡村振兴局")
    # Concluded while the form was open: Save says so and changes nothing.
    await Case.filter(id=w.case.id).update(status=CaseStatus.CLOSED)
    refused = text_of(await chat.press(ADMIN_ID, "确认保存"))
    assert "已办结，不能再修改" in refused
    assert (await Case.get(id=w.case.id).prefetch_related("unit")).unit.name == "青山县农业农村局"
    # The picker leaves it out; a forged button naming it is refused.
    picker = await chat.send(ADMIN_ID, "/editcase")
    assert "张伟" not in str(picker[-1].reply_markup)
    forged = await chat.press_data(ADMIN_ID, f"ec:c:{w.case.id}", picker[-1].message_id)
    assert "已办结" in text_of(forged)
    assert await AuditEvent.filter(action="case-edited").count() == 0
    assert await CaseAssignment.filter(case_id=w.case.id, role=Role.MENTOR).count() == 1


async def test_admin_adds_and_removes_supervisors(chat: ChatHarness) -> None:
    w = await world(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长")
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    assert "现在的督导：王部长" in text_of(await chat.press(ADMIN_ID, "督导"))
    confirm = text_of(await chat.send(ADMIN_ID, "王部长、孙部长"))
    assert "督导：王部长 → 王部长、孙部长" in confirm and "将登记为新人员：孙部长" in confirm
    # [back] asks the names again; the answer comes back to the confirm screen.
    again = text_of(await chat.press(ADMIN_ID, "◀ 返回上一步"))
    assert "现在的督导：王部长" in again
    confirm = text_of(await chat.send(ADMIN_ID, "孙部长"))
    assert "督导：王部长 → 孙部长" in confirm
    await chat.press(ADMIN_ID, "确认保存")
    supervisors = await Person.filter(
        assignments__case_id=w.case.id, assignments__role=Role.SUPERVISOR
    )
    assert [p.name for p in supervisors] == ["孙部长"]
    # 王部长, taken off, is told so once, and no longer sees the recall.
    await chat.app.sender.drain()
    off = [m.text or "" for m in chat.emu.sent(SUPERVISOR) if "不再担任" in (m.text or "")]
    assert off == [
        "📂 管理员已调整人员：您不再担任 张伟（青山县农业农村局）召回管理的督导，"
        "相关记录不再向您显示。"
    ]
    assert "没有找到" in text_of(await chat.send(SUPERVISOR, "/case 张伟"))
    # Clearing leaves none; the mentors cannot be cleared (no button, and none typed).
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    await chat.press(ADMIN_ID, "督导")
    assert "督导：孙部长 → —" in text_of(await chat.press(ADMIN_ID, "🧹 清空"))
    await chat.press(ADMIN_ID, "确认保存")
    assert not await CaseAssignment.filter(case_id=w.case.id, role=Role.SUPERVISOR).exists()
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    asked = await chat.press(ADMIN_ID, "帮带人")
    assert "清空" not in str(asked[-1].reply_markup)
    assert "请至少填写一位帮带人" in text_of(await chat.send(ADMIN_ID, "、"))


async def test_a_non_admin_is_refused_in_english(chat: ChatHarness) -> None:
    await world(chat, "en")
    assert "not allowed" in text_of(await chat.send(MENTOR, "/editcase"))
    assert "not allowed" in text_of(await chat.send(CADRE, "/editcase"))


async def test_admin_changes_principal_in_english(chat: ChatHarness) -> None:
    w = await world(chat)
    await english_admin(chat)
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    assert "Principal now: no" in text_of(await chat.press(ADMIN_ID, "principal"))
    assert "principal: no → yes" in text_of(await chat.press(ADMIN_ID, "yes"))
    await chat.press(ADMIN_ID, "Save")
    assert (await Case.get(id=w.case.id)).principal is True
    event = await AuditEvent.get(action="case-edited")
    assert event.details["before"] == {"principal": False}
    assert event.details["after"] == {"principal": True}


async def test_a_mentor_change_saved_twice_after_a_502_is_one_change(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(ADMIN_ID, "/editcase")
    await chat.press(ADMIN_ID, "张伟 · 青山县农业农村局")
    await chat.press(ADMIN_ID, "帮带人")
    await chat.send(ADMIN_ID, "陈老师")
    confirm = chat.last_with_buttons(ADMIN_ID)
    chat.emu.fail("answerCallbackQuery", status=502)
    await chat.press(ADMIN_ID, "确认保存", confirm)
    assert "已经保存过了" in text_of(await chat.press(ADMIN_ID, "确认保存", confirm))
    assert await AuditEvent.filter(action="case-edited").count() == 1
    assert await Notification.filter(message="case-mentor-changed").count() == 1
    assert await Notification.filter(message="case-assigned", person__name="陈老师").count() == 1
    assert await Notification.filter(message="case-unassigned", person__name="李老师").count() == 1


# The rule ------------------------------------------------------------------------------------

names = st.lists(
    st.sampled_from(["李老师", "陈老师", "周老师", " 李老师 ", "", "王部长"]), max_size=6
)


@given(before=names.map(lambda b: sorted({n.strip() for n in b if n.strip()})), typed=names)
def test_a_new_roster_takes_off_exactly_who_is_not_named_again(
    before: list[str], typed: list[str]
) -> None:
    roster = roster_change(before, typed)
    wanted = {n.strip() for n in typed if n.strip()}
    assert set(roster.after) == wanted and len(roster.after) == len(wanted)
    assert set(roster.gone) == set(before) - wanted
    assert set(roster.added) == wanted - set(before)
    assert roster.unchanged == (set(before) == wanted)
    kept = [n for n in before if n not in roster.gone]
    assert set(kept) | set(roster.added) == set(roster.after)
