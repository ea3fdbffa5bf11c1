"""Enrolment through invite links, /help, /lang, /tz, through the real Application."""

from bot.services.people import hash_token
from models import Invite, Person, RoleGrant
from models.enums import Role
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID


async def invite(chat: ChatHarness, role: Role, name: str) -> str:
    token, _ = await chat.app.services.people.create_invite(role, name)
    return token


async def test_invite_link_enrols_and_sets_menu(chat: ChatHarness) -> None:
    token = await invite(chat, Role.MENTOR, "李老师")
    uid = chat.user(2001, "Li")
    replies = await chat.send(uid, f"/start {token}")
    assert "欢迎，李老师" in text_of(replies)
    assert "帮带人" in text_of(replies)
    person = await Person.get(telegram_id=uid)
    assert await RoleGrant.exists(person=person, role=Role.MENTOR)
    invite_row = await Invite.get(token_hash=hash_token(token))
    assert invite_row.used_at is not None
    commands = [c["command"] for c in chat.emu.commands_for(uid)]
    assert "talk" in commands and "newcase" not in commands


async def test_invite_cannot_be_used_twice(chat: ChatHarness) -> None:
    token = await invite(chat, Role.CADRE, "张伟")
    await chat.send(chat.user(2002, "Zhang"), f"/start {token}")
    replies = await chat.send(chat.user(2003, "Someone", "en"), f"/start {token}")
    assert "already been used" in text_of(replies)
    assert await Person.get_or_none(telegram_id=2003) is None


async def test_unknown_token_and_unknown_user(chat: ChatHarness) -> None:
    uid = chat.user(2004, "Stranger", "en")
    assert "not valid" in text_of(await chat.send(uid, "/start not-a-real-token"))
    assert "invite link" in text_of(await chat.send(uid, "/start"))
    assert "not enrolled" in text_of(await chat.send(uid, "/help"))
    assert "invite link" in text_of(await chat.send(uid, "hello"))


async def test_first_admin_from_settings_gets_help(chat: ChatHarness) -> None:
    replies = await chat.send(ADMIN_ID, "/help")
    assert "/newcase" in text_of(replies)
    assert "/reflect" not in text_of(replies)


async def test_language_switch(chat: ChatHarness) -> None:
    await chat.send(ADMIN_ID, "/lang")
    replies = await chat.press(ADMIN_ID, "English")
    assert "English" in text_of(replies)
    assert (await Person.get(telegram_id=ADMIN_ID)).locale == "en"
    assert "What you can do" in text_of(await chat.send(ADMIN_ID, "/help"))


async def test_time_zone(chat: ChatHarness) -> None:
    assert "Asia/Shanghai" in text_of(await chat.send(ADMIN_ID, "/tz"))
    await chat.send(ADMIN_ID, "/tz Europe/Berlin")
    assert (await Person.get(telegram_id=ADMIN_ID)).timezone == "Europe/Berlin"
    replies = await chat.send(ADMIN_ID, "/tz Mars/Olympus")
    assert "Mars/Olympus" in text_of(replies)
    assert (await Person.get(telegram_id=ADMIN_ID)).timezone == "Europe/Berlin"


async def test_unknown_command_and_duplicate_update(chat: ChatHarness) -> None:
    assert "没有这个命令" in text_of(await chat.send(ADMIN_ID, "/nonsense"))
    update = chat.emu.message(ADMIN_ID, "/help", now=chat.clock.now())
    first = await chat.deliver(update, ADMIN_ID)
    again = await chat.deliver(update, ADMIN_ID)
    assert first and not again


async def test_forged_button_changes_nothing(chat: ChatHarness) -> None:
    await chat.send(ADMIN_ID, "/lang")
    message = chat.last_with_buttons(ADMIN_ID)
    replies = await chat.press_data(ADMIN_ID, "lang:l:fr", message.message_id)
    assert "已失效" in text_of(replies)
    assert (await Person.get(telegram_id=ADMIN_ID)).locale is None


async def test_seen_update_ids_are_forgotten_after_two_days(chat: ChatHarness) -> None:
    from models import ProcessedUpdate
    from schedules import tick

    await chat.send(ADMIN_ID, "/help")
    await tick.run(chat.app)
    assert await ProcessedUpdate.all().count() == 1
    chat.clock.advance(days=3)
    await tick.run(chat.app)
    assert await ProcessedUpdate.all().count() == 0


async def test_a_second_invite_adds_a_role_to_the_same_account(chat: ChatHarness) -> None:
    """An account that already belongs to someone gets the new role, not a second person."""
    mentor_token = await invite(chat, Role.MENTOR, "李老师")
    uid = chat.user(2010, "Li")
    await chat.send(uid, f"/start {mentor_token}")
    supervisor_token = await invite(chat, Role.SUPERVISOR, "Li Laoshi")
    replies = await chat.send(uid, f"/start {supervisor_token}")
    person = await Person.get(telegram_id=uid)
    assert {r.role for r in await RoleGrant.filter(person=person)} == {
        Role.MENTOR,
        Role.SUPERVISOR,
    }
    assert await Person.filter(name="Li Laoshi").count() == 0
    assert "督导" in text_of(replies)


async def test_the_bot_shows_nothing_in_a_group(chat: ChatHarness) -> None:
    group = -100200300
    update = chat.emu.message(ADMIN_ID, "/overdue", chat_id=group, now=chat.clock.now())
    replies = await chat.deliver(update, group)
    assert [m.text for m in replies] == ["为保护人事信息，请在与本机器人的私聊中使用。"]
    update = chat.emu.message(ADMIN_ID, "张伟的情况怎么样", chat_id=group, now=chat.clock.now())
    assert await chat.deliver(update, group) == []
    assert chat.emu.sent(ADMIN_ID) == []


async def test_the_command_menu_follows_role_changes_made_elsewhere(chat: ChatHarness) -> None:
    token = await invite(chat, Role.MENTOR, "李老师")
    uid = chat.user(2020, "Li")
    await chat.send(uid, f"/start {token}")
    assert "talk" in [c["command"] for c in chat.emu.commands_for(uid)]
    await chat.app.services.people.revoke(Role.MENTOR, "李老师")
    await chat.app.services.people.grant(await Person.get(telegram_id=uid), Role.SUPERVISOR)
    await chat.send(uid, "/help")
    commands = [c["command"] for c in chat.emu.commands_for(uid)]
    assert "talk" not in commands and "overdue" in commands
    calls = len(chat.emu.calls("setMyCommands"))
    await chat.send(uid, "/help")
    assert len(chat.emu.calls("setMyCommands")) == calls  # set once, not on every message


async def test_an_invite_for_a_namesake_never_takes_over_an_account(chat: ChatHarness) -> None:
    """Two people called 李明: the cadre has joined; the mentor's invite is the mentor's."""
    from datetime import date

    from bot.services.cases import NewCase
    from models import Case
    from models.enums import Rank

    case = await chat.app.services.cases.open(
        NewCase("李明", "青山县", Rank.STAFF, "inaction", date(2026, 3, 2), 3)
    )
    cadre_token, _ = await chat.app.services.people.create_invite(
        Role.CADRE, "李明", case_id=case.id
    )
    await chat.send(chat.user(3100, "Li Ming"), f"/start {cadre_token}")
    mentor_token = await invite(chat, Role.MENTOR, "李明")
    await chat.send(chat.user(2100, "Li Ming (mentor)"), f"/start {mentor_token}")
    cadre = await Person.get(telegram_id=3100)
    mentor = await Person.get(telegram_id=2100)
    assert cadre.id != mentor.id
    assert (await Case.get(id=case.id)).cadre_id == cadre.id  # type: ignore[attr-defined]
    assert {r.role for r in await RoleGrant.filter(person=mentor)} == {Role.MENTOR}
    # A link for the cadre's own record opened by someone else changes nothing.
    again, _ = await chat.app.services.people.create_invite(Role.CADRE, "李明", case_id=case.id)
    replies = await chat.send(chat.user(3999, "Stranger", "en"), f"/start {again}")
    assert "joined with another Telegram account" in text_of(replies)
    assert await Person.get_or_none(telegram_id=3999) is None
    assert (await Case.get(id=case.id)).cadre_id == cadre.id  # type: ignore[attr-defined]
