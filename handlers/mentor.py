"""/cases: a mentor's cases with their progress and overdue steps.

Also two buttons under reminders and alerts (notices2; the data is a contract with the
notification sender):
    npl:<case id>   the cadre's plan (under a reminder of a step he does not record here)
    nud:<step id>   提醒本人: a supervisor reminds whoever is responsible (once a day)
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, stale
from bot.chat.context import AppContext
from bot.services import mentoring, policy, reminders
from bot.services.notices import MY_PLAN_PREFIX, NUDGE_PREFIX
from handlers.cadre import plan_text
from handlers.common import answer, requires
from handlers.pickers import data_of

MY_PLAN = claim(MY_PLAN_PREFIX, "mentor")
NUDGE = claim(NUDGE_PREFIX, "mentor")


@requires("cases")
async def cmd_cases(update: Update, context: AppContext) -> None:
    cases = await mentoring.cases_in_scope(
        context.require_person(), policy.roles("cases"), context.today()
    )
    if not cases:
        await answer(update, context, context.t("cases-none"))
        return
    lines = [context.t("cases-title", count=len(cases))]
    for case in cases:
        progress = case.progress
        lines.append(
            context.t(
                "cases-line",
                icon="🔴" if progress.overdue else "🟢",
                id=case.id,
                name=case.cadre,
                unit=case.unit,
                done=progress.done,
                total=progress.total,
                overdue=progress.overdue,
                end=context.date(case.period_end),
            )
        )
        if not case.acknowledged:
            lines.append(context.t("cases-not-acknowledged"))
    await answer(update, context, "\n".join(lines))


@requires("plan")
async def on_my_plan(update: Update, context: AppContext) -> None:
    """The cadre's plan, from a reminder: what is his to do and who records the rest."""
    (case_id,) = MY_PLAN.ids(data_of(update), 1)
    view = await mentoring.plan_of(context.require_person(), context.today())
    if view is None or view.case.id != case_id:
        raise stale()
    await answer(
        update, context, plan_text(context, view) + "\n\n" + context.t("plan-who-records")
    )


@requires("nudge")
async def on_nudge(update: Update, context: AppContext) -> None:
    (step_id,) = NUDGE.ids(data_of(update), 1)
    told = await reminders.nudge(
        step_id, by=context.require_person(), now=context.clock.now(), zone=str(context.zone)
    )
    key = "nudge-sent" if told else "nudge-already-today"
    await answer(update, context, context.t(key, count=told))


def register(app: RecallApplication) -> None:
    app.add_handler(CommandHandler("cases", cmd_cases))
    app.add_handler(CallbackQueryHandler(on_my_plan, pattern=MY_PLAN.pattern()))
    app.add_handler(CallbackQueryHandler(on_nudge, pattern=NUDGE.pattern()))
