"""Which commands each role has, and each person's command menu in their language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonDefault,
    MenuButtonWebApp,
    Update,
    WebAppInfo,
)
from telegram.ext import TypeHandler

from bot.chat.context import AppContext
from bot.i18n import join_names, translate
from bot.services import policy
from models import Person
from models.enums import Role

if TYPE_CHECKING:
    from bot.chat.app import RecallApplication


def commands_for(roles: frozenset[Role] | set[Role]) -> list[str]:
    return policy.menu_for(roles)


def role_names(roles: frozenset[Role] | set[Role], locale: str) -> str:
    return join_names(
        (translate(locale, f"role-{r}") for r in policy.ROLE_ORDER if r in roles), locale
    )


MENU_GROUP = -1  # after bot.chat.app's groups, before the flows


# Who gets the dashboard (the Mini App at WEBAPP_URL) on the chat's menu button.
DASHBOARD_ROLES = policy.roles("dashboard")


def _menu_key(roles: frozenset[Role], locale: str, webapp_url: str = "") -> str:
    dashboard = "|" + webapp_url if webapp_url and roles & DASHBOARD_ROLES else ""
    return ",".join(sorted(roles)) + "|" + locale + dashboard


async def set_menu(context: AppContext, person: Person, roles: frozenset[Role]) -> None:
    """The chat's command menu lists this person's commands in their language."""
    if person.telegram_id is None:
        return
    commands = [
        BotCommand(name, translate(context.locale, f"cmd-{name}")) for name in commands_for(roles)
    ]
    await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(person.telegram_id))
    url = context.settings.webapp_url
    if url:
        # A supervisor's or an admin's menu button opens the dashboard; anyone else's (a role
        # taken away) lists the commands again.
        button = (
            MenuButtonWebApp(context.t("webapp-menu-button"), WebAppInfo(url))
            if roles & DASHBOARD_ROLES
            else MenuButtonDefault()
        )
        await context.bot.set_chat_menu_button(person.telegram_id, button)
    if context.user_data is not None:
        context.user_data["menu"] = _menu_key(roles, context.locale, url)


async def keep_menu_current(update: Update, context: AppContext) -> None:
    """Roles change outside the chat too (a new case, `recallbot revoke`): catch up."""
    person = context.person
    if person is None or context.user_data is None:
        return  # (a person whose last role was taken away gets the common commands)
    key = _menu_key(context.roles, context.locale, context.settings.webapp_url)
    if context.user_data.get("menu") != key:
        await set_menu(context, person, context.roles)


def register(app: RecallApplication) -> None:
    app.add_handler(TypeHandler(Update, keep_menu_current), group=MENU_GROUP)


def dashboard_button(context: AppContext) -> InlineKeyboardMarkup | None:
    """A button that opens the dashboard, for supervisors and admins, when there is one."""
    url = context.settings.webapp_url
    if not url or not context.roles & DASHBOARD_ROLES:
        return None
    button = InlineKeyboardButton(context.t("webapp-open"), web_app=WebAppInfo(url))
    return InlineKeyboardMarkup([[button]])


def help_text(context: AppContext) -> str:
    lines = [context.t("help-title")]
    lines += [f"/{name} — {context.t(f'cmd-{name}')}" for name in commands_for(context.roles)]
    lines += ["", context.t("help-footer")]
    return "\n".join(lines)
