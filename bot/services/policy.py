"""Who may do what: the one table that the command menus, the chat's guards and the services read.

Each action is a command (its name is the command's) or a button-only action. `roles` may
do it; `menu` lists it in the command menu of those roles (by default, all of `roles`).
Scope (which cases) is a separate rule, in `access`: a role here says what a person may do
at all, the assignment says on which cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.enums import Role

CADRE, MENTOR, SUPERVISOR, ADMIN = Role.CADRE, Role.MENTOR, Role.SUPERVISOR, Role.ADMIN
EVERYONE = frozenset(Role)
ROLE_ORDER = (CADRE, MENTOR, SUPERVISOR, ADMIN)


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    menu: frozenset[Role]


def _rule(*roles: Role, menu: tuple[Role, ...] | None = None) -> Rule:
    return Rule(frozenset(roles), frozenset(roles if menu is None else menu))


# The order is the order of the command menus and /help.
RULES: dict[str, Rule] = {
    # the cadre's own case
    "plan": _rule(CADRE),
    "reflect": _rule(CADRE),
    "confirm_talk": _rule(CADRE, menu=()),  # buttons under a talk record
    "check_in": _rule(CADRE, menu=()),  # the session's QR link: /start ci-<code>
    # the mentor's casework
    "cases": _rule(MENTOR),
    "talk": _rule(MENTOR),
    # Reviewing a reflection is the mentor's part of the guidance (design: "mentor ... review
    # reflections"); a supervisor or admin who sent one back would bypass the person who
    # talks it through with the cadre. The service refuses others too.
    "review": _rule(MENTOR),
    "attendance": _rule(MENTOR, ADMIN),
    "checkin": _rule(MENTOR, ADMIN),
    "assess": _rule(MENTOR, SUPERVISOR, ADMIN),
    "settle": _rule(MENTOR, SUPERVISOR, ADMIN, menu=()),  # buttons under a disputed talk
    # notices2: "remind them" under an alert; a mentor corrects a talk record they made
    "nudge": _rule(SUPERVISOR, ADMIN, menu=()),
    "correct_talk": _rule(MENTOR, menu=()),
    # plantalk3: a mentor arranges a coming talk with a cadre (/plan_talk)
    "plan_talk": _rule(MENTOR),
    # oversight
    "case": _rule(MENTOR, SUPERVISOR, ADMIN),
    "overdue": _rule(SUPERVISOR, ADMIN),
    "digest": _rule(SUPERVISOR, ADMIN),  # an admin's: the whole programme (perf2)
    "digest_settings": _rule(SUPERVISOR),
    "stats": _rule(SUPERVISOR, ADMIN),
    "export": _rule(SUPERVISOR, ADMIN),
    "dossier": _rule(SUPERVISOR, ADMIN, menu=()),  # a button under /case
    "dashboard": _rule(SUPERVISOR, ADMIN, menu=()),  # the Mini App, on the menu button
    "waive": _rule(SUPERVISOR, ADMIN),
    "reschedule": _rule(SUPERVISOR, ADMIN),
    "leave": _rule(SUPERVISOR, ADMIN),
    # An admin closes a case with /close, the same form as /outcome.
    "outcome": _rule(SUPERVISOR, ADMIN, menu=(SUPERVISOR,)),
    # administration
    "newcase": _rule(ADMIN),
    "invite": _rule(ADMIN),
    "session": _rule(ADMIN),
    "sessions": _rule(ADMIN),  # notices2: move or cancel a coming session
    "extend": _rule(ADMIN),
    "close": _rule(ADMIN),
    # editcase3: change a case's details, its mentors or supervisors (the command's name)
    "editcase": _rule(ADMIN),
    # Only an admin may record a final assessment or an outcome before its window opens.
    "record_early": _rule(ADMIN, menu=()),
    "status": _rule(ADMIN),
    # branch upload3: a cohort file (.csv/.xlsx) sent to the bot; a document, not a command
    "import": _rule(ADMIN, menu=()),
    # everyone enrolled
    "help": _rule(*EVERYONE),
    "lang": _rule(*EVERYONE),
    "tz": _rule(*EVERYONE),
    "cancel": _rule(*EVERYONE),
}


def roles(action: str) -> frozenset[Role]:
    """The roles that may take the action (a KeyError for an action the table lacks)."""
    return RULES[action].roles


def allows(held: frozenset[Role] | set[Role], action: str) -> bool:
    return bool(RULES[action].roles & held)


def menu_for(held: frozenset[Role] | set[Role]) -> list[str]:
    """The commands in the menu of someone holding these roles, in the table's order (someone
    whose last role was taken away keeps the commands everyone has)."""
    if not held:
        return [name for name, rule in RULES.items() if rule.menu == EVERYONE]
    return [name for name, rule in RULES.items() if rule.menu & held]
