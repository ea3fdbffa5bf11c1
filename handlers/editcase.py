"""/editcase: an admin changes one detail of a recall, or its mentors or supervisors.

CASE ─> FIELD ─> TEXT | RANK | PRINCIPAL ─> (NAMES) ─> CONFIRM ─> saved
The case picker (ec:c:<case id>) lists the active recalls; the field buttons are ec:f:<field>;
a mentor's or supervisor's name that means nobody yet goes to NAMES (ec:x:1.. a close match,
ec:x:0 a new person), as in /newcase. The confirm screen shows before -> after; the service
(CaseService.edit) checks everything again when it saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, stale
from bot.chat.context import AppContext
from bot.services import people
from bot.services.activities import clean_text
from bot.services.cases import EDIT_LIMITS, EDIT_ROLES, EDITABLE, Edit, EditValue
from handlers.choices import ask_close_name, join_names, parse_names
from handlers.forms import END, Command, Form, Press, Step, Text, confirm, step
from handlers.pickers import CasePicker, ask_confirm, data_of, reply
from models.enums import Rank

BUTTONS = claim("ec", "editcase")
PICKER = CasePicker(BUTTONS, "editcase", "editcase-pick")
TEXT_FIELDS = ("unit", "position", "cohort", "mentors", "supervisors")
CLEARABLE = ("position", "cohort", "supervisors")
NAME_LIMIT = 500


class State(IntEnum):
    CASE = 1
    FIELD = 2
    TEXT = 3
    RANK = 4
    PRINCIPAL = 5
    NAMES = 6
    CONFIRM = 7


@dataclass
class EditCaseDraft:
    case_id: int = 0
    item: str = ""  # the field being changed (EDITABLE)
    text: str = ""  # unit, position, cohort; a rank's code; "1" or "0" for principal
    names: list[str] = field(default_factory=list)  # mentors or supervisors
    asking: list[list[str]] = field(default_factory=list)  # [typed name, *close names]


async def cmd_editcase(update: Update, context: AppContext, draft: EditCaseDraft) -> int | None:
    return State.CASE if await PICKER.show(update, context) else END


async def on_case(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    case = await PICKER.picked(update, context)
    await case.fetch_related("unit")
    draft.case_id = case.id
    t = context.t
    rows = [[(t(f"editcase-field-{f}"), BUTTONS.data("f", f))] for f in EDITABLE]
    label = f"{case.cadre.name} · {case.unit.name}"
    await reply(update, context, t("editcase-ask-field", case=label), rows)
    return State.FIELD


async def on_field(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    draft.item = BUTTONS.choice(data_of(update), "f", EDITABLE)
    t = context.t
    current = await _current(context, draft)
    ask = t(f"editcase-ask-{draft.item}", current=current)
    rows: list[list[tuple[str, str]]] = []
    if draft.item == "rank":
        rows = [[(t(f"rank-{r}"), BUTTONS.data("r", r.value))] for r in Rank]
        state = State.RANK
    elif draft.item == "principal":
        rows = [[(t("export-yes"), BUTTONS.data("p", 1)), (t("export-no"), BUTTONS.data("p", 0))]]
        state = State.PRINCIPAL
    else:
        if draft.item in CLEARABLE:
            rows = [[(t("editcase-clear"), BUTTONS.data("z", draft.item))]]
        state = State.TEXT
    await reply(update, context, ask, rows or None)
    return state


async def _current(context: AppContext, draft: EditCaseDraft) -> str:
    by = context.require_person()
    value = await context.services.cases.edit_current(draft.case_id, draft.item, by=by)
    return _shown(context, draft.item, value)


def _shown(context: AppContext, name: str, value: EditValue) -> str:
    t = context.t
    if isinstance(value, list):
        return join_names(context, value)
    if name == "principal":
        return t("export-yes") if value else t("export-no")
    if name == "rank":
        return t(f"rank-{value}")
    return str(value) or "—"


async def on_text(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    assert update.message is not None and update.message.text is not None
    if draft.item not in TEXT_FIELDS:
        raise stale()
    if draft.item in EDIT_ROLES:
        text = clean_text(update.message.text, required=True, limit=NAME_LIMIT)
        draft.names = parse_names(text)
        draft.asking = []
        for typed in draft.names:
            close = await people.close_names(typed, EDIT_ROLES[draft.item])
            if close:
                draft.asking.append([typed, *close])
        if draft.asking:
            return await _ask_name(update, context, draft)
    else:
        limit = EDIT_LIMITS[draft.item]
        draft.text = clean_text(update.message.text, required=True, limit=limit)
    return await _confirm(update, context, draft)


async def on_clear(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    BUTTONS.choice(data_of(update), "z", [f for f in CLEARABLE if f == draft.item])
    draft.text, draft.names = "", []
    return await _confirm(update, context, draft)


async def _ask_name(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    typed, *close = draft.asking[0]
    await ask_close_name(update, context, BUTTONS, typed, close, EDIT_ROLES[draft.item].value)
    return State.NAMES


async def on_name_choice(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    if not draft.asking:
        raise stale()
    typed, *close = draft.asking[0]
    choice = BUTTONS.choice(data_of(update), "x", range(len(close) + 1))
    if choice:
        chosen = close[choice - 1]
        draft.names = list(dict.fromkeys(chosen if n == typed else n for n in draft.names))
    draft.asking = draft.asking[1:]
    if draft.asking:
        return await _ask_name(update, context, draft)
    return await _confirm(update, context, draft)


async def on_rank(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    draft.text = BUTTONS.member(data_of(update), "r", Rank).value
    return await _confirm(update, context, draft)


async def on_principal(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    draft.text = str(BUTTONS.choice(data_of(update), "p", [0, 1]))
    return await _confirm(update, context, draft)


def _value(draft: EditCaseDraft) -> object:
    if draft.item in EDIT_ROLES:
        return draft.names
    if draft.item == "principal":
        return draft.text == "1"
    return draft.text


async def _preview(context: AppContext, draft: EditCaseDraft) -> Edit:
    if not draft.case_id or draft.item not in EDITABLE:
        raise stale()
    by = context.require_person()
    return await context.services.cases.edit_preview(
        draft.case_id, draft.item, _value(draft), by=by
    )


async def _confirm(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    change = await _preview(context, draft)  # "nothing changed" and the rest: said here
    t = context.t
    lines = [
        t("editcase-confirm", case=change.label),
        t(
            "editcase-change",
            field=t(f"editcase-field-{change.field}"),
            before=_shown(context, change.field, change.before),
            after=_shown(context, change.field, change.after),
        ),
    ]
    if change.field in EDIT_ROLES and isinstance(change.after, list):
        role = EDIT_ROLES[change.field]
        new = [n for n in change.after if await people.namesake_for_quietly(n, role) is None]
        if new:
            lines.append(t("newcase-new-people", names=join_names(context, new)))
    await ask_confirm(update, context, BUTTONS, "\n".join(lines))
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: EditCaseDraft) -> int:
    if not draft.case_id or draft.item not in EDITABLE:
        raise stale()
    change = await context.services.cases.edit(
        draft.case_id, draft.item, _value(draft), by=context.require_person()
    )
    t = context.t
    text = t(
        "editcase-saved",
        case=change.label,
        field=t(f"editcase-field-{change.field}"),
        after=_shown(context, change.field, change.after),
    )
    await reply(update, context, text)
    return END


def _steps() -> dict[int, Step[EditCaseDraft]]:
    return {
        State.CASE: step("button", *PICKER.answers(on_case)),
        State.FIELD: step("button", Press("f", on_field)),
        State.TEXT: step("text", Text(on_text), Press("z", on_clear)),
        State.RANK: step("button", Press("r", on_rank)),
        State.PRINCIPAL: step("button", Press("p", on_principal)),
        State.NAMES: step("button", Press("x", on_name_choice)),
        State.CONFIRM: confirm(on_save),
    }


FORM = Form(
    "editcase",
    action="editcase",
    draft=EditCaseDraft,
    prefix=BUTTONS,
    entry=[Command(("editcase",), cmd_editcase)],
    steps=_steps(),
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
