"""The cadre's own plan and its acknowledgement; confirming or disputing a recorded talk.

Button data (a contract with the notification sender: keep these prefixes):
    ack:<case id>      acknowledge the plan (under /plan and under the reminder)
    tc:<talk id>:y     confirm the talk record
    tc:<talk id>:n     dispute it, which opens the small form below

    tc:<id>:n ─> COMMENT ─text─> CONFIRM ─save─> confirm_talk(agree=False) ─> saved
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, is_id, stale
from bot.chat.context import AppContext
from bot.services import access, mentoring, policy
from bot.services.notices import ACKNOWLEDGE_PREFIX, TALK_ANSWER_PREFIX
from handlers.choices import STEP_ICONS, session_note, step_name
from handlers.common import answer, edit_or_send, requires
from handlers.forms import END, Button, Form, Text, confirm, step
from handlers.leave import leave_line
from handlers.pickers import (
    ask_confirm,
    data_of,
    drop_buttons,
    query_of,
    tell,
    typed_text,
)
from models.enums import StepStatus

ACKNOWLEDGE = claim(ACKNOWLEDGE_PREFIX, "cadre")
TALK_ANSWER = claim(TALK_ANSWER_PREFIX, "cadre")
DISPUTE = claim("td", "talk_dispute")

COMMENT_LIMIT = 1000


def _when(context: AppContext, line: mentoring.StepLine) -> str:
    if line.status in (StepStatus.DONE, StepStatus.DONE_LATE) and line.done_on is not None:
        return context.t("plan-done-on", day=context.date(line.done_on))
    if line.status in (StepStatus.REVISION, StepStatus.DISPUTED):
        return context.t(f"plan-hint-{line.status.value}")
    if line.status == StepStatus.WAIVED:
        return ""
    days = (line.due_on - context.today()).days
    if days < 0:
        return context.t("plan-days-overdue", days=-days)
    return context.t("plan-days-left", days=days) if days else context.t("plan-due-today")


def plan_text(context: AppContext, view: mentoring.PlanView) -> str:
    case, progress = view.case, view.progress
    lines = [
        context.t(
            "plan-title",
            unit=case.unit.name,
            start=context.date(case.recalled_on),
            end=context.date(case.period_end),
        ),
        context.t(
            "plan-progress",
            done=progress.done,
            total=progress.total,
            overdue=progress.overdue,
        ),
    ]
    if case.acknowledged_at is None:
        lines.append(context.t("plan-not-acknowledged"))
    else:
        lines.append(context.t("plan-acknowledged", time=context.datetime(case.acknowledged_at)))
    today = context.today()
    for leave in view.leaves:
        if leave.starts_on <= today <= leave.ends_on:
            lines.append(context.t("leave-on-now", line=leave_line(context, leave)))
        elif leave.ends_on > today:
            lines.append(f"🏖 {leave_line(context, leave)}")
    lines.append("")
    for line in view.steps:
        when = _when(context, line)
        text = context.t(
            "plan-step",
            icon=STEP_ICONS[line.status],
            due=context.date(line.due_on),
            step=step_name(context, line),
            status=context.t(f"step-status-{line.status.value}"),
            when=f" · {when}" if when else "",
        )
        if line.planned_on is not None:
            text += context.t("plan-moved", day=context.date(line.planned_on))
        if line.session is not None:
            text += session_note(context, line.session)
        lines.append(text)
    if view.extra:  # kept and shown, though no step of their kind was open for them
        lines += ["", context.t("plan-extra-title")]
        for record in view.extra:
            kind = context.t(f"step-kind-{record.kind.value}")
            lines.append(context.t("plan-extra-line", day=context.date(record.on), kind=kind))
    return "\n".join(lines)


@requires("plan")
async def cmd_plan(update: Update, context: AppContext) -> None:
    view = await mentoring.plan_of(context.require_person(), context.today())
    if view is None:
        await answer(update, context, context.t("error-no-active-case"))
        return
    buttons = None
    if view.case.acknowledged_at is None:
        label = context.t("plan-acknowledge-button")
        buttons = [[(label, ACKNOWLEDGE.args(view.case.id))]]
    await answer(update, context, plan_text(context, view), buttons)


@requires("plan")
async def on_acknowledge(update: Update, context: AppContext) -> None:
    query = query_of(update)
    (case_id,) = ACKNOWLEDGE.ids(query.data, 1)
    person = context.require_person()
    case = await access.case_for(person, case_id, *policy.roles("plan"))
    case = await context.services.cases.acknowledge(case, person)
    assert case.acknowledged_at is not None
    await drop_buttons(query)
    await tell(
        update,
        context,
        context.t("plan-acknowledge-done", time=context.datetime(case.acknowledged_at)),
    )


def _talk_answer(update: Update) -> tuple[int, bool]:
    talk_id, choice = TALK_ANSWER.parts(data_of(update), 2)
    if not is_id(talk_id) or choice not in ("y", "n"):
        raise stale()
    return int(talk_id), choice == "y"


@requires("confirm_talk")
async def on_talk_confirmed(update: Update, context: AppContext) -> None:
    talk_id, _ = _talk_answer(update)
    talk = await context.services.activities.confirm_talk(
        talk_id, cadre=context.require_person(), agree=True
    )
    await drop_buttons(query_of(update))
    await tell(update, context, context.t("talk-confirmed", day=context.date(talk.held_on)))


class Dispute(IntEnum):
    COMMENT = 1
    CONFIRM = 2


@dataclass
class DisputeDraft:
    talk_id: int = 0
    held_on: date | None = None
    mentor: str = ""
    comment: str = ""


async def on_talk_disputed(update: Update, context: AppContext, draft: DisputeDraft) -> int:
    talk_id, _ = _talk_answer(update)
    talk = await mentoring.talk_to_answer(context.require_person(), talk_id)
    draft.talk_id, draft.held_on, draft.mentor = talk.id, talk.held_on, talk.mentor
    await drop_buttons(query_of(update))
    text = context.t("talk-dispute-ask", day=context.date(talk.held_on), mentor=talk.mentor)
    await tell(update, context, text)
    return Dispute.COMMENT


async def on_dispute_comment(
    update: Update, context: AppContext, draft: DisputeDraft
) -> int | None:
    comment = await typed_text(update, context, limit=COMMENT_LIMIT)
    if comment is None:
        return None
    draft.comment = comment
    await ask_confirm(update, context, DISPUTE, context.t("talk-dispute-confirm", comment=comment))
    return Dispute.CONFIRM


async def on_dispute_save(update: Update, context: AppContext, draft: DisputeDraft) -> int:
    await context.services.activities.confirm_talk(
        draft.talk_id, cadre=context.require_person(), agree=False, comment=draft.comment
    )
    text = context.t("talk-dispute-saved", mentor=draft.mentor)
    await edit_or_send(query_of(update), context, text)
    return END


DISPUTE_FORM = Form(
    "talk_dispute",
    action="confirm_talk",
    draft=DisputeDraft,
    prefix=DISPUTE,
    entry=[Button(rf"^{TALK_ANSWER_PREFIX}:[^:]*:n$", on_talk_disputed)],
    steps={
        Dispute.COMMENT: step("text", Text(on_dispute_comment)),
        Dispute.CONFIRM: confirm(on_dispute_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(DISPUTE_FORM.handler(app))
    app.add_handler(CommandHandler("plan", cmd_plan))
    app.add_handler(CallbackQueryHandler(on_acknowledge, pattern=ACKNOWLEDGE.pattern()))
    pattern = rf"^{TALK_ANSWER_PREFIX}:[^:]*:y$"
    app.add_handler(CallbackQueryHandler(on_talk_confirmed, pattern=pattern))
