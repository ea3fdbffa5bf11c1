"""A name alone never joins two people: not across roles, not across cases; an ambiguous name
is put back to the admin, and two cadres are never merged."""

from __future__ import annotations

import pytest

from bot.services.importer import CohortImporter, ImportRejected, describe_rejection
from models import Case, CaseAssignment, Person, RoleGrant
from models.enums import Role
from tests.casework import enrol, new_case
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.data.cohorts import row, to_csv

CADRE_WANG, SUPERVISOR_WANG, CADRE_ZHAO, CADRE_OTHER = 5101, 5102, 5103, 5104


async def roles(person: Person) -> set[Role]:
    return {Role(g.role) for g in await RoleGrant.filter(person=person)}


async def test_a_supervisor_invite_never_binds_to_a_cadre_of_the_same_name(
    chat: ChatHarness,
) -> None:
    case = await chat.app.services.cases.open(new_case("王芳"))  # 王芳 the cadre, not enrolled
    supervisor = await enrol(chat, SUPERVISOR_WANG, Role.SUPERVISOR, "王芳", "en")
    assert supervisor.id != case.cadre_id  # type: ignore[attr-defined]
    assert await roles(supervisor) == {Role.SUPERVISOR}
    # The supervisor sees no cadre's plan; the cadre 王芳 joins with her own invite.
    assert "您的管理计划" not in text_of(await chat.send(SUPERVISOR_WANG, "/plan"))
    assert "My management plan" not in text_of(await chat.send(SUPERVISOR_WANG, "/plan"))
    cadre = await enrol(chat, CADRE_WANG, Role.CADRE, "王芳", case_id=case.id)
    assert cadre.id == case.cadre_id  # type: ignore[attr-defined]
    assert "我的管理计划" in text_of(await chat.send(CADRE_WANG, "/plan"))
    assert await Person.filter(name="王芳").count() == 2


async def test_a_new_case_naming_a_mentor_never_makes_a_cadre_of_that_name_mentor(
    chat: ChatHarness,
) -> None:
    own = await chat.app.services.cases.open(new_case("赵敏", unit="白石镇人民政府"))
    cadre = await enrol(chat, CADRE_ZHAO, Role.CADRE, "赵敏", case_id=own.id)
    # In the chat: /newcase with 赵敏 as the mentor.
    await chat.send(ADMIN_ID, "/newcase")
    answers = [
        "刘洋", "东山区住房和城乡建设局", "科长", "@乡科级", "@否", "@重点任务",
        "@生态环保工作不力", "2026-03 区级批次", "@今天", "@3 个月", "赵敏", "王部长",
    ]  # fmt: skip
    for answer in answers:
        if answer.startswith("@"):
            await chat.press(ADMIN_ID, answer[1:])
        else:
            await chat.send(ADMIN_ID, answer)
    assert "已启动召回管理" in text_of(await chat.press(ADMIN_ID, "确认保存"))
    # And an import naming 赵敏 as a mentor.
    await CohortImporter(chat.clock).import_bytes("c.csv", to_csv([row(mentor="赵敏")]))
    assert await roles(cadre) == {Role.CADRE}
    assert not await CaseAssignment.exists(person=cadre)
    mentors = await Person.filter(name="赵敏", roles__role=Role.MENTOR)
    assert len(mentors) == 1 and mentors[0].id != cadre.id
    assert await CaseAssignment.filter(person=mentors[0], role=Role.MENTOR).count() == 2
    assert "待办" not in text_of(await chat.send(CADRE_ZHAO, "/talk"))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
async def test_an_enrolled_cadre_cannot_take_another_cadres_case(
    chat: ChatHarness, language: str
) -> None:
    mine = await chat.app.services.cases.open(new_case("张伟"))
    theirs = await chat.app.services.cases.open(new_case("陈静", unit="白河镇政府"))
    await enrol(chat, CADRE_OTHER, Role.CADRE, "张伟", language, case_id=mine.id)
    token, _ = await chat.app.services.people.create_invite(Role.CADRE, "陈静", case_id=theirs.id)
    people_before = await Person.all().count()
    replies = await chat.send(CADRE_OTHER, f"/start {token}")
    expected = "发给其他人" if language == "zh-hans" else "for someone else"
    assert expected in text_of(replies)
    theirs_now = await Case.get(id=theirs.id).prefetch_related("cadre")
    assert theirs_now.cadre.name == "陈静" and theirs_now.cadre.telegram_id is None
    assert await Person.all().count() == people_before  # no row deleted
    # The link still works for 陈静 herself.
    chat.user(5105, "陈静")
    await chat.send(5105, f"/start {token}")
    assert (await Case.get(id=theirs.id).prefetch_related("cadre")).cadre.telegram_id == 5105


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
async def test_an_ambiguous_staff_name_is_put_back_to_the_admin(
    chat: ChatHarness, locale: str
) -> None:
    for uid in (5201, 5202):
        await enrol(chat, uid, Role.MENTOR, "李老师")
        # Two mentors called 李老师 (the second invite made a new record: the name was taken).
    assert await Person.filter(name="李老师", roles__role=Role.MENTOR).count() == 2
    before = await Case.all().count()
    with pytest.raises(ImportRejected) as rejected:
        await CohortImporter(chat.clock).import_bytes("c.csv", to_csv([row(), row(name="王五")]))
    text = describe_rejection(rejected.value, locale)
    assert "李老师" in text and (
        "第 2 行" in text if locale == "zh-CN" else "Row 2, column mentor" in text
    )
    assert await Case.all().count() == before
    # The same in the chat: the case is not opened, the admin is told why.
    from bot.services.errors import DomainError

    with pytest.raises(DomainError) as refused:
        await chat.app.services.cases.open(new_case("王五"))
    assert refused.value.key == "error-name-ambiguous-role"
    assert await Case.all().count() == before
