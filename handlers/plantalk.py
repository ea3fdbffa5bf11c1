"""/plan_talk: a mentor arranges a coming heart-to-heart talk (plantalk3).

    /plan_talk ─> CASE ─ptl:c:<id>─> DAY ─ptl:d:0|1|2 or a typed date─> TIME ─ptl:t:none or
    a typed time─> PLACE ─text─> CONFIRM ─save─> planned_talks.schedule ─> the cadre is told

A day before today (the mentor's today) or after the period is refused at DAY, and a time
already past at TIME; the form stays there to try again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum

from telegram import Update

from bot import i18n
from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim
from bot.chat.context import AppContext
from bot.services import access, planned_talks, policy
from bot.services.errors import DomainError
from handlers.forms import END, Button, Command, Form, Press, Text, confirm, step
from handlers.pickers import (
    CasePicker,
    ask_confirm,
    data_of,
    parse_day,
    query_of,
    reply,
    tell,
    typed_text,
)
from models import Case, CaseAssignment, PlannedTalk
from models.enums import CaseStatus, Role

BUTTONS = claim("ptl", "plan_talk")
ACTION = planned_talks.ACTION
PICKER = CasePicker(BUTTONS, ACTION, "plantalk-pick-case")
FROM_CASE = "o"  # ptl:o:<case id>, the button under the mentor's /case
DAY_CHOICES = (0, 1, 2)  # today, tomorrow, the day after
TIME = re.compile(r"(\d{1,2})(?:\s*[:：.点时]\s*(\d{1,2})?\s*分?)?\s*(am|pm)?", re.IGNORECASE)


class State(IntEnum):
    CASE = 1
    DAY = 2
    TIME = 3
    PLACE = 4
    CONFIRM = 5


@dataclass
class PlanTalkDraft:
    case_id: int = 0
    cadre: str = ""
    period_end: date | None = None
    on: date | None = None
    at: str = ""  # HH:MM, or "" for no set time
    place: str = ""


def parse_time(text: str) -> time | None:
    """14:30, 14：30, 14点30, 14点, 9.15, 2:30pm; None for anything else."""
    match = TIME.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").lower()
    if half and not 1 <= hour <= 12:
        return None
    if half == "pm" and hour != 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def planned_when(context: AppContext, talk: PlannedTalk) -> str:
    """Its day with the weekday, and its time in the reader's zone when one was set."""
    if talk.starts_at is not None:
        return i18n.format_occasion(talk.starts_at, context.locale, context.zone)
    return i18n.format_day_with_weekday(talk.day, context.locale)


def planned_talk_line(context: AppContext, talk: PlannedTalk) -> str:
    """下次谈话：… on the cadre's /plan (the answer to "下次谈话是什么时候？")."""
    return context.t("plantalk-next", when=planned_when(context, talk), place=talk.place)


def _draft_when(context: AppContext, draft: PlanTalkDraft) -> str:
    assert draft.on is not None
    day = i18n.format_day_with_weekday(draft.on, context.locale)
    return f"{day} {draft.at}" if draft.at else day


async def cmd_plan_talk(update: Update, context: AppContext, draft: PlanTalkDraft) -> int | None:
    return State.CASE if await PICKER.show(update, context) else None


async def on_case(update: Update, context: AppContext, draft: PlanTalkDraft) -> int:
    case: Case = await PICKER.picked(update, context)
    return await _ask_day(update, context, draft, case)


async def on_from_case(update: Update, context: AppContext, draft: PlanTalkDraft) -> int:
    """[📅 约定谈话] under the mentor's /case: the form opens on that recall, at the day."""
    case_id = BUTTONS.number(data_of(update), FROM_CASE)
    case = await access.case_for(context.require_person(), case_id, *policy.roles(ACTION))
    if case.status != CaseStatus.ACTIVE:
        raise DomainError("error-case-closed")
    await case.fetch_related("cadre")
    await query_of(update).answer()
    return await _ask_day(update, context, draft, case, new_message=True)


async def case_view_buttons(context: AppContext, case: Case) -> list[list[tuple[str, str]]]:
    """The button under /case for a mentor of this active recall (none for anyone else)."""
    person = context.person
    if person is None or not policy.allows(context.roles, ACTION):
        return []
    if case.status != CaseStatus.ACTIVE:
        return []
    mine = await CaseAssignment.exists(case_id=case.id, person_id=person.id, role=Role.MENTOR)
    return [[(context.t("plantalk-button"), BUTTONS.data(FROM_CASE, case.id))]] if mine else []


async def _ask_day(
    update: Update,
    context: AppContext,
    draft: PlanTalkDraft,
    case: Case,
    *,
    new_message: bool = False,
) -> int:
    draft.case_id, draft.cadre, draft.period_end = case.id, case.cadre.name, case.period_end
    rows = [
        [
            (context.t(f"plantalk-day-{offset}"), BUTTONS.data("d", offset))
            for offset in DAY_CHOICES
        ]
    ]
    text = context.t("plantalk-ask-day", name=draft.cadre)
    planned = await planned_talks.next_planned(case.id, context.today())
    if planned is not None:  # said, so that a second one is arranged knowingly
        text = planned_talk_line(context, planned) + "\n" + text
    await (tell if new_message else reply)(update, context, text, rows)
    return State.DAY


async def _take_day(update: Update, context: AppContext, draft: PlanTalkDraft, day: date) -> int:
    planned_talks.check_day(day, context.today(), draft.period_end)  # the service's rule
    draft.on = day
    rows = [[(context.t("plantalk-no-time"), BUTTONS.data("t", "none"))]]
    when = i18n.format_day_with_weekday(day, context.locale)
    await reply(update, context, context.t("plantalk-ask-time", day=when), rows)
    return State.TIME


async def on_day_button(update: Update, context: AppContext, draft: PlanTalkDraft) -> int:
    offset = BUTTONS.choice(data_of(update), "d", DAY_CHOICES)
    return await _take_day(update, context, draft, context.today() + timedelta(days=offset))


async def on_day_text(update: Update, context: AppContext, draft: PlanTalkDraft) -> int | None:
    message = update.effective_message
    day = parse_day(message.text or "", context, toward="future") if message else None
    if day is None:
        await reply(update, context, context.t("form-expects-date"))
        return None
    return await _take_day(update, context, draft, day)


async def _ask_place(update: Update, context: AppContext, draft: PlanTalkDraft) -> int:
    await reply(update, context, context.t("plantalk-ask-place", when=_draft_when(context, draft)))
    return State.PLACE


async def on_no_time(update: Update, context: AppContext, draft: PlanTalkDraft) -> int:
    BUTTONS.choice(data_of(update), "t", ("none",))
    draft.at = ""
    return await _ask_place(update, context, draft)


async def on_time_text(update: Update, context: AppContext, draft: PlanTalkDraft) -> int | None:
    message = update.effective_message
    at = parse_time(message.text or "") if message is not None else None
    if at is None:
        await reply(update, context, context.t("plantalk-expects-time"))
        return None
    assert draft.on is not None
    moment = datetime.combine(draft.on, at, context.zone)
    if moment < context.clock.now():
        raise DomainError("plantalk-error-past")
    draft.at = f"{at:%H:%M}"
    return await _ask_place(update, context, draft)


async def on_place(update: Update, context: AppContext, draft: PlanTalkDraft) -> int | None:
    place = await typed_text(update, context, limit=planned_talks.PLACE_LIMIT)
    if place is None:
        return None
    draft.place = place
    text = context.t(
        "plantalk-confirm", name=draft.cadre, when=_draft_when(context, draft), place=place
    )
    await ask_confirm(update, context, BUTTONS, text)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: PlanTalkDraft) -> int:
    assert draft.on is not None
    plan = planned_talks.TalkPlan(
        draft.on, time.fromisoformat(draft.at) if draft.at else None, draft.place
    )
    await planned_talks.schedule(
        draft.case_id,
        plan,
        by=context.require_person(),
        now=context.clock.now(),
        zone=context.settings.timezone,
    )
    text = context.t(
        "plantalk-saved", name=draft.cadre, when=_draft_when(context, draft), place=draft.place
    )
    await reply(update, context, text)
    return END


FORM = Form(
    "plan_talk",
    action=ACTION,
    draft=PlanTalkDraft,
    prefix=BUTTONS,
    entry=[
        Command(("plan_talk",), cmd_plan_talk),
        Button(BUTTONS.pattern(FROM_CASE), on_from_case),
    ],
    steps={
        State.CASE: step("button", *PICKER.answers(on_case)),
        State.DAY: step("date", Press("d", on_day_button), Text(on_day_text)),
        State.TIME: step("text", Press("t", on_no_time), Text(on_time_text)),
        State.PLACE: step("text", Text(on_place)),
        State.CONFIRM: confirm(on_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
