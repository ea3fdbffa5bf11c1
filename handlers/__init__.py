"""Telegram flows, one module per flow; `register` adds them in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat import callbacks
from handlers import (
    assess,
    attendance,
    cadre,
    checkin,
    editcase,
    fallback,
    invite,
    leave,
    mentor,
    menu,
    newcase,
    oversight,
    period,
    plantalk,
    reflect,
    review,
    session,
    settle,
    start,
    status,
    steps,
    talk,
    upload,
)

if TYPE_CHECKING:
    from bot.chat.app import RecallApplication

# Group -1: keep each person's command menu current. Then, in group 0, order matters:
# forms first (they own the chat while open),
# then plain commands and buttons, and the catch-all replies last.
FLOWS = [reflect, talk, attendance, review, assess, cadre, mentor, checkin, settle]
FLOWS += [plantalk]  # plantalk3: the mentor arranges a talk (a form)
# The supervisor's and the admin's forms, then their plain commands.
FLOWS += [steps, period, newcase, invite, session, leave, oversight, status]
FLOWS += [editcase]  # editcase3: an admin edits a recall or reassigns its mentor
# Enrolment, /help and the /cancel for "no form open" after every form's own /cancel.
FLOWS += [start]
FLOWS += [upload]  # branch upload3: a cohort file, after the forms (they take files first)
LAST = [fallback]


def register(app: RecallApplication) -> None:
    menu.register(app)
    for flow in [*FLOWS, *LAST]:
        flow.register(app)
    # Start-up check: every button pattern names a claimed prefix (claims are unique).
    callbacks.check(callbacks.patterns_of(h for group in app.handlers.values() for h in group))
