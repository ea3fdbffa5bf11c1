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
from bot.chat.callbacks import claim, is_id, pack, stale
from bot.chat.context import AppContext
from bot.services import access, mentoring, policy
from bot.services.cases import Progress
from bot.services.notices import (
    ACKNOWLEDGE_PREFIX,
    OPEN_REVIEW_PREFIX,
    REVISE_PREFIX,
    SETTLE_PREFIX,
    TALK_ANSWER_PREFIX,
)
from handlers.choices import STEP_ICONS, join_names, session_note, step_name
from handlers.common import answer, edit_or_send, requires
from handlers.forms import END, Button, Form, Text, confirm, step
from handlers.leave import leave_line
from handlers.pickers import (
    ask_confirm,
    data_of,
    drop_buttons,
    excerpt,
    query_of,
    tell,
    typed_text,
)
from handlers.plantalk import planned_talk_line
from models.enums import CaseStatus, Role, StepKind, StepStatus

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


def _step_text(context: AppContext, line: mentoring.StepLine) -> str:
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
    return text


def _who(context: AppContext, view: mentoring.PlanView, role: Role) -> str:
    names = join_names(context, view.team.get(role, []))
    return context.t("plan-responsible", role=context.t(f"role-{role}"), who=names)


def plan_text(context: AppContext, view: mentoring.PlanView) -> str:
    """The plan in two parts: the cadre's own tasks, then those others are responsible for
    (a mentor's overdue talk is not counted against the cadre)."""
    case, progress = view.case, view.progress
    today = context.today()
    mine = [line for line in view.steps if line.responsible == Role.CADRE]
    others = [line for line in view.steps if line.responsible != Role.CADRE]

    def overdue(lines: list[mentoring.StepLine]) -> int:
        return Progress.of(((s.status, s.due_on) for s in lines), today).overdue

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
            overdue=overdue(mine),
        ),
    ]
    if overdue(others):
        lines.append(context.t("plan-others-overdue", count=overdue(others)))
    if case.status == CaseStatus.CLOSED:
        day = context.date(case.closed_on) if case.closed_on else "—"
        lines.append(context.t("plan-concluded", day=day))
    elif case.acknowledged_at is None:
        lines.append(context.t("plan-not-acknowledged"))
    else:
        lines.append(context.t("plan-acknowledged", time=context.datetime(case.acknowledged_at)))
    if view.next_talk is not None:  # plantalk3: "下次谈话是什么时候？"
        lines.append(planned_talk_line(context, view.next_talk))
    for leave in view.leaves:
        if leave.starts_on <= today <= leave.ends_on:
            lines.append(context.t("leave-on-now", line=leave_line(context, leave)))
        elif leave.ends_on > today:
            lines.append(f"🏖 {leave_line(context, leave)}")
    lines += ["", context.t("plan-mine-title")]
    lines += [_step_text(context, line) for line in mine]
    if others:
        lines += ["", context.t("plan-others-title")]
        for line in others:
            lines.append(_step_text(context, line) + _who(context, view, line.responsible))
    if view.extra:  # kept and shown, though no step of their kind was open for them
        lines += ["", context.t("plan-extra-title")]
        for record in view.extra:
            kind = context.t(f"step-kind-{record.kind.value}")
            lines.append(context.t("plan-extra-line", day=context.date(record.on), kind=kind))
    return "\n".join(lines)


# What waits for this person: on /start's home card and under /plan ------------------------

MAX_WAITING = 6


def _waiting_line(context: AppContext, item: mentoring.WaitingItem) -> str:
    day = context.date(item.on)
    if item.kind == mentoring.Waiting.CONFIRM_TALK:
        summary = excerpt(" ".join(item.summary.split()), 80) if item.summary else "—"
        return context.t(
            "home-confirm-talk",
            day=day,
            mentor=item.mentor,
            place=item.place or "—",
            summary=summary,
        )
    return context.t(f"home-{item.kind.value}", day=day, cadre=item.cadre, unit=item.unit)


def _waiting_buttons(context: AppContext, item: mentoring.WaitingItem) -> list[tuple[str, str]]:
    short = context.date(item.on)
    match item.kind:
        case mentoring.Waiting.ACKNOWLEDGE:
            return [(context.t("plan-acknowledge-button"), ACKNOWLEDGE.args(item.ref))]
        case mentoring.Waiting.CONFIRM_TALK:
            return [
                (context.t("home-talk-confirm", day=short), TALK_ANSWER.args(item.ref, "y")),
                (context.t("home-talk-dispute", day=short), TALK_ANSWER.args(item.ref, "n")),
            ]
        case mentoring.Waiting.REVISE:
            return [(context.t("home-revise-button", day=short), pack(REVISE_PREFIX, item.ref))]
        case mentoring.Waiting.REVIEW:
            label = context.t("home-review-button", cadre=item.cadre)
            return [(label, pack(OPEN_REVIEW_PREFIX, item.ref))]
        case mentoring.Waiting.SETTLE:
            label = context.t("home-settle-button", cadre=item.cadre, day=short)
            return [(label, pack(SETTLE_PREFIX, item.ref))]


async def waiting_card(context: AppContext) -> tuple[list[str], list[list[tuple[str, str]]]]:
    """Lines and buttons for what waits for the reader (nothing: no lines, no buttons)."""
    items = await mentoring.waiting_for(context.require_person(), context.roles, str(context.zone))
    if not items:
        return [], []
    lines = [context.t("home-waiting-title", count=len(items))]
    rows: list[list[tuple[str, str]]] = []
    for item in items[:MAX_WAITING]:
        lines.append(_waiting_line(context, item))
        rows.append(_waiting_buttons(context, item))
    if len(items) > MAX_WAITING:
        lines.append(context.t("home-waiting-more", count=len(items) - MAX_WAITING))
    return lines, rows


def _home_plan(context: AppContext, view: mentoring.PlanView) -> list[str]:
    """The cadre's plan in three lines: the period, the progress, the next own task."""
    case = view.case
    lines = [
        context.t(
            "home-plan",
            unit=case.unit.name,
            start=context.date(case.recalled_on),
            end=context.date(case.period_end),
            done=view.progress.done,
            total=view.progress.total,
        )
    ]
    upcoming = [
        s
        for s in view.steps
        if s.responsible == Role.CADRE
        and s.status in (StepStatus.PLANNED, StepStatus.DUE, StepStatus.OVERDUE)
        and s.kind != StepKind.ACKNOWLEDGE
    ]
    if upcoming:
        step = upcoming[0]
        due, when = context.date(step.due_on), _when(context, step)
        lines.append(
            context.t("home-next-task", step=step_name(context, step), due=due, when=when)
        )
    return lines


async def home_card(context: AppContext) -> tuple[list[str], list[list[tuple[str, str]]]]:
    """/start's card: a cadre's plan in brief, then whatever waits for the reader."""
    lines: list[str] = []
    if Role.CADRE in context.roles:
        view = await mentoring.plan_of(context.require_person(), context.today())
        if view is not None:
            lines += _home_plan(context, view)
    waiting, rows = await waiting_card(context)
    if waiting:
        lines += ["", *waiting] if lines else waiting
    else:
        lines.append(context.t("home-nothing-waiting"))
    return lines, rows


@requires("plan")
async def cmd_plan(update: Update, context: AppContext) -> None:
    """The plan, and below it whatever waits for the cadre, with its buttons (a notice whose
    buttons are gone is no dead end: the acknowledgement, talks to confirm, reflections to
    revise are all here). A concluded management stays viewable."""
    view = await mentoring.plan_of(context.require_person(), context.today(), concluded=True)
    if view is None:
        await answer(update, context, context.t("error-no-active-case"))
        return
    text = plan_text(context, view)
    waiting, rows = await waiting_card(context)
    if waiting:
        text += "\n\n" + "\n".join(waiting)
    await answer(update, context, text, rows or None)


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
