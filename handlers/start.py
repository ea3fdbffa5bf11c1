"""Enrolment through invite links, /help, /lang, /tz, and /cancel outside forms."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim
from bot.chat.context import AppContext
from bot.i18n import LOCALES, zone_name
from bot.services.access import roles_of
from bot.services.dates import OFFERED_ZONES
from handlers.cadre import home_card
from handlers.checkin import CHECKIN_PAYLOAD
from handlers.common import answer, edit_or_send, permitted, requires
from handlers.menu import help_text, role_names, set_menu
from models import Person, TrainingSession
from models.enums import AttendanceStatus

LANG = claim("lang", "lang")
ZONE = claim("tz", "tz")


async def cmd_start(update: Update, context: AppContext) -> None:
    user = update.effective_user
    assert user is not None
    payload = context.args[0] if context.args else ""
    if payload.startswith(CHECKIN_PAYLOAD):
        await check_in(update, context, payload.removeprefix(CHECKIN_PAYLOAD))
        return
    if payload:
        person = await context.services.people.redeem(payload, user.id, context.locale)
        await _welcome(update, context, person.id, "start-welcome")
        return
    if context.person is None:
        await answer(update, context, context.t("start-no-invite"))
        return
    if not context.person.reachable:
        await context.services.people.mark_reachable(context.person, context.clock.now())
        await answer(update, context, context.t("start-resumed"))
    await _welcome(update, context, context.person.id, "start-welcome-back")


async def _welcome(update: Update, context: AppContext, person_id: int, key: str) -> None:
    person = await Person.get(id=person_id)
    context.person = person
    context.roles = frozenset(await roles_of(person))
    await set_menu(context, person, context.roles)
    roles = role_names(context.roles, context.locale)
    # The home card: a cadre's plan in brief and whatever waits for this person, with its
    # buttons, so nothing that waits depends on a notice still being in the chat.
    lines, rows = await home_card(context)
    text = "\n\n".join([context.t(key, name=person.name, roles=roles), "\n".join(lines)])
    await answer(update, context, text, rows or None)


async def check_in(update: Update, context: AppContext, code: str) -> None:
    if not await permitted(update, context, "check_in"):
        return
    line = await context.services.activities.check_in(code, cadre=context.require_person())
    assert line.checked_in_at is not None
    session = await TrainingSession.get(id=line.session_id)
    key = "checkin-late-named" if line.status == AttendanceStatus.LATE else "checkin-done-named"
    when = context.datetime(line.checked_in_at)
    place = session.place or "—"
    await answer(update, context, context.t(key, time=when, title=session.title, place=place))


@requires("help")
async def cmd_help(update: Update, context: AppContext) -> None:
    await answer(update, context, help_text(context))


@requires("lang")
async def cmd_lang(update: Update, context: AppContext) -> None:
    buttons = [[("中文", LANG.data("l", "zh-CN")), ("English", LANG.data("l", "en"))]]
    await answer(update, context, context.t("lang-choose"), buttons)


@requires("lang")
async def on_lang(update: Update, context: AppContext) -> None:
    assert update.callback_query is not None
    locale = LANG.value(update.callback_query.data, "l")
    if locale not in LOCALES:
        await edit_or_send(update.callback_query, context, context.t("error-stale-button"))
        return
    person = context.require_person()
    await context.services.people.set_locale(person, locale)
    await set_menu(context, person, context.roles)
    await edit_or_send(update.callback_query, context, context.t("lang-set"))


@requires("tz")
async def cmd_tz(update: Update, context: AppContext) -> None:
    person = context.require_person()
    if context.args:  # what they typed: 北京, Beijing, UTC+8, asia/shanghai, "Hong Kong"
        zone = await context.services.people.set_timezone(person, " ".join(context.args))
        await answer(update, context, context.t("tz-set", zone=zone_name(zone, context.locale)))
        return
    buttons = [[(zone_name(zone, context.locale), ZONE.data("z", zone))] for zone in OFFERED_ZONES]
    shown = zone_name(str(context.zone), context.locale)
    await answer(update, context, context.t("tz-current", zone=shown), buttons)


@requires("tz")
async def on_tz(update: Update, context: AppContext) -> None:
    assert update.callback_query is not None
    typed = ZONE.value(update.callback_query.data, "z")
    zone = await context.services.people.set_timezone(context.require_person(), typed)
    shown = zone_name(zone, context.locale)
    await edit_or_send(update.callback_query, context, context.t("tz-set", zone=shown))


async def cmd_cancel_outside_form(update: Update, context: AppContext) -> None:
    await answer(update, context, context.t("nothing-to-cancel"))


def register(app: RecallApplication) -> None:
    app.add_handler(CommandHandler("start", cmd_start))
    app.add_handler(CommandHandler("help", cmd_help))
    app.add_handler(CommandHandler("lang", cmd_lang))
    app.add_handler(CallbackQueryHandler(on_lang, pattern=LANG.pattern("l")))
    app.add_handler(CommandHandler("tz", cmd_tz))
    app.add_handler(CallbackQueryHandler(on_tz, pattern=ZONE.pattern("z")))
    app.add_handler(CommandHandler("cancel", cmd_cancel_outside_form))
