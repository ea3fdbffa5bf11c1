"""/cases: a mentor's cases with their progress and overdue steps."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.chat.app import RecallApplication
from bot.chat.context import AppContext
from bot.services import mentoring, policy
from handlers.common import answer, requires


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


def register(app: RecallApplication) -> None:
    app.add_handler(CommandHandler("cases", cmd_cases))
