"""/invite: an admin makes a single-use invite link for a person and a role.

/invite ─> ROLE ─> NAME ─> (namesake cadres: CASE) ─> CONFIRM ─> the link
buttons under a new case (/newcase) ─> the link, at once
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import is_id, pack, unpack, unpack_ints
from bot.chat.context import AppContext
from bot.services import oversight
from bot.services.activities import clean_text
from bot.services.errors import DomainError
from bot.services.policy import ROLE_ORDER
from handlers.choices import case_label
from handlers.common import answer, requires
from handlers.forms import begin, expect, finish, form, step
from handlers.pickers import ask_confirm, confirm_handlers, enum_choice, query_of, reply
from models import Case, Person
from models.enums import Role

NAME_LIMIT = 100


class State(IntEnum):
    ROLE = 1
    NAME = 2
    CASE = 3
    CONFIRM = 4


@requires(Role.ADMIN)
async def cmd_invite(update: Update, context: AppContext) -> int:
    begin(context, "invite", expect="button")
    rows = [[(context.t(f"role-{role}"), pack("ivr", role.value))] for role in ROLE_ORDER]
    await answer(update, context, context.t("invite-ask-role"), rows)
    return State.ROLE


@step
@requires(Role.ADMIN)
async def on_role(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "ivr", 1)
    context.draft["role"] = value = enum_choice(Role, value).value
    expect(context, "text")
    await reply(update, context, context.t("invite-ask-name", role=context.t(f"role-{value}")))
    return State.NAME


@step
@requires(Role.ADMIN)
async def on_name(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    name = clean_text(update.message.text, required=True, limit=NAME_LIMIT)
    context.draft["name"] = name
    if context.draft["role"] == Role.CADRE:
        cases = await oversight.cadre_cases_named(name)
        if len({case.cadre_id for case in cases}) > 1:
            expect(context, "button")
            rows = [[(case_label(case), pack("ivc", case.id))] for case in cases]
            await answer(update, context, context.t("invite-ask-case", name=name), rows)
            return State.CASE
    return await _confirm(update, context)


@step
@requires(Role.ADMIN)
async def on_case(update: Update, context: AppContext) -> int:
    (case_id,) = unpack_ints(query_of(update).data, "ivc", 1)
    cases = await oversight.cadre_cases_named(context.draft["name"])
    if case_id not in {case.id for case in cases}:
        raise DomainError("error-stale-button")
    context.draft["case_id"] = case_id
    return await _confirm(update, context)


async def _confirm(update: Update, context: AppContext) -> int:
    name, case_id = context.draft["name"], context.draft.get("case_id")
    case = await Case.get(id=case_id).prefetch_related("cadre", "unit") if case_id else None
    known = await Person.exists(name=name)
    summary = context.t(
        "invite-confirm",
        role=context.t(f"role-{context.draft['role']}"),
        name=name,
        case=case_label(case) if case else "—",
        new=context.t("invite-new-person") if not known else "",
    )
    await ask_confirm(update, context, "ivk", summary)
    return State.CONFIRM


@requires(Role.ADMIN)
async def on_save(update: Update, context: AppContext) -> int:
    role, name = Role(context.draft["role"]), context.draft["name"]
    await _send_link(update, context, role, name, context.draft.get("case_id"), replace=True)
    return finish(context)


async def _send_link(
    update: Update,
    context: AppContext,
    role: Role,
    name: str,
    case_id: int | None,
    *,
    replace: bool,
) -> None:
    """Make the invite and show its link (a pressed form button is replaced by it; under a
    new case the link comes as a message of its own, so that the other buttons stay)."""
    token, person = await context.services.people.create_invite(
        role, name, case_id=case_id, by=context.require_person()
    )
    expires: datetime = await oversight.invite_expiry(token)
    text = context.t(
        "invite-link",
        role=context.t(f"role-{role}"),
        name=person.name,
        link=f"https://t.me/{context.bot.username}?start={token}",
        expires=context.datetime(expires),
    )
    if replace:
        await reply(update, context, text)
    else:
        await answer(update, context, text)


# Buttons under a newly opened case ---------------------------------------------------------


async def invite_buttons(context: AppContext, case: Case) -> list[list[tuple[str, str]]]:
    """One button per person of the case: the cadre, the mentors, the supervisors."""
    return [
        [
            (
                context.t("invite-button", name=person.name, role=context.t(f"role-{role}")),
                pack("ivb", case.id, person.id, role.value),
            )
        ]
        for role, person in await oversight.case_people(case)
    ]


@requires(Role.ADMIN)
async def on_invite_button(update: Update, context: AppContext) -> None:
    query = query_of(update)
    case_id, person_id, role = unpack(query.data, "ivb", 3)
    if not is_id(case_id) or not is_id(person_id):
        raise DomainError("error-stale-button")
    case = await Case.get_or_none(id=int(case_id))
    if case is None:
        raise DomainError("error-case-not-found")
    people = {(r.value, p.id): p for r, p in await oversight.case_people(case)}
    person = people.get((role, int(person_id)))
    if person is None:
        raise DomainError("error-stale-button")
    await _send_link(update, context, Role(role), person.name, case.id, replace=False)


def register(app: RecallApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(
        form(
            "invite",
            entry_points=[CommandHandler("invite", cmd_invite)],
            states={
                State.ROLE: [CallbackQueryHandler(on_role, pattern=r"^ivr:")],
                State.NAME: [MessageHandler(text, on_name)],
                State.CASE: [CallbackQueryHandler(on_case, pattern=r"^ivc:")],
                State.CONFIRM: confirm_handlers("ivk", on_save),
            },
        )
    )
    app.add_handler(CallbackQueryHandler(on_invite_button, pattern=r"^ivb:"))
