"""/invite: an admin makes a single-use invite link for a person and a role.

/invite ─> ROLE ─> NAME ─> (namesake cadres: CASE) ─> CONFIRM ─> the link
buttons under a new case (/newcase) ─> the link, at once
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.chat.app import RecallApplication
from bot.chat.callbacks import SEP, claim, is_id, stale
from bot.chat.context import AppContext
from bot.services import oversight
from bot.services.activities import clean_text
from bot.services.errors import DomainError
from bot.services.policy import ROLE_ORDER
from handlers.choices import case_label
from handlers.common import answer, requires
from handlers.forms import END, Command, Form, Press, Text, confirm, step
from handlers.pickers import ask_confirm, data_of, reply
from models import Case, Person
from models.enums import CaseStatus, Role

BUTTONS = claim("iv", "invite")

NAME_LIMIT = 100


class State(IntEnum):
    ROLE = 1
    NAME = 2
    CASE = 3
    CONFIRM = 4


@dataclass
class InviteDraft:
    role: str = ""
    name: str = ""
    case_id: int | None = None  # the case of a cadre whose name others share


async def cmd_invite(update: Update, context: AppContext, draft: InviteDraft) -> int:
    rows = [[(context.t(f"role-{role}"), BUTTONS.data("r", role.value))] for role in ROLE_ORDER]
    await answer(update, context, context.t("invite-ask-role"), rows)
    return State.ROLE


async def on_role(update: Update, context: AppContext, draft: InviteDraft) -> int:
    draft.role = value = BUTTONS.member(data_of(update), "r", Role).value
    await reply(update, context, context.t("invite-ask-name", role=context.t(f"role-{value}")))
    return State.NAME


async def on_name(update: Update, context: AppContext, draft: InviteDraft) -> int:
    assert update.message is not None and update.message.text is not None
    name = clean_text(update.message.text, required=True, limit=NAME_LIMIT)
    draft.name = name
    if draft.role == Role.CADRE:
        cases = await oversight.cadre_cases_named(name)
        if len({case.cadre_id for case in cases}) > 1:
            rows = [[(case_label(case), BUTTONS.data("c", case.id))] for case in cases]
            await answer(update, context, context.t("invite-ask-case", name=name), rows)
            return State.CASE
    return await _confirm(update, context, draft)


async def on_case(update: Update, context: AppContext, draft: InviteDraft) -> int:
    case_id = BUTTONS.number(data_of(update), "c")
    cases = await oversight.cadre_cases_named(draft.name)
    if case_id not in {case.id for case in cases}:
        raise stale()
    draft.case_id = case_id
    return await _confirm(update, context, draft)


async def _confirm(update: Update, context: AppContext, draft: InviteDraft) -> int:
    name, case_id = draft.name, draft.case_id
    case = await Case.get(id=case_id).prefetch_related("cadre", "unit") if case_id else None
    if case is None and draft.role == Role.CADRE:
        # An existing cadre's management: the active one, else the latest (not "—").
        cases = await oversight.cadre_cases_named(name)
        case = next((c for c in cases if c.status == CaseStatus.ACTIVE), None) or (
            cases[0] if cases else None
        )
    known = await Person.exists(name=name)
    summary = context.t(
        "invite-confirm",
        role=context.t(f"role-{draft.role}"),
        name=name,
        case=_management(context, case) if case else "—",
        new=context.t("invite-new-person") if not known else "",
    )
    await ask_confirm(update, context, BUTTONS, summary)
    return State.CONFIRM


def _management(context: AppContext, case: Case) -> str:
    """The cadre's management by name and unit, and its state (no internal number)."""
    active = case.status == CaseStatus.ACTIVE
    state = context.t("invite-case-active" if active else "invite-case-concluded")
    return context.t("invite-case", name=case.cadre.name, unit=case.unit.name, state=state)


async def on_save(update: Update, context: AppContext, draft: InviteDraft) -> int:
    role, name = Role(draft.role), draft.name
    await _send_link(update, context, role, name, draft.case_id, replace=True)
    return END


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
                BUTTONS.data("b", SEP.join([str(case.id), str(person.id), role.value])),
            )
        ]
        for role, person in await oversight.case_people(case)
    ]


@requires("invite")
async def on_invite_button(update: Update, context: AppContext) -> None:
    case_id, person_id, role = [*BUTTONS.value(data_of(update), "b").split(SEP), "", ""][:3]
    if not is_id(case_id) or not is_id(person_id):
        raise stale()
    case = await Case.get_or_none(id=int(case_id))
    if case is None:
        raise DomainError("error-case-not-found")
    people = {(r.value, p.id): p for r, p in await oversight.case_people(case)}
    person = people.get((role, int(person_id)))
    if person is None:
        raise DomainError("error-stale-button")
    await _send_link(update, context, Role(role), person.name, case.id, replace=False)


FORM = Form(
    "invite",
    action="invite",
    draft=InviteDraft,
    prefix=BUTTONS,
    entry=[Command(("invite",), cmd_invite)],
    steps={
        State.ROLE: step("button", Press("r", on_role)),
        State.NAME: step("text", Text(on_name)),
        State.CASE: step("button", Press("c", on_case)),
        State.CONFIRM: confirm(on_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
    app.add_handler(CallbackQueryHandler(on_invite_button, pattern=BUTTONS.pattern("b")))
