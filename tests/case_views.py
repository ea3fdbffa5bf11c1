"""/case as people read it now: a summary, and each part behind a button (issue 10 point 10).

`case_text` sends /case, opens every part (every history page too) and goes back to the
summary, so a test can look for a line wherever it is shown."""

from __future__ import annotations

from tests.chat import ChatHarness, text_of

PART_TAGS = ("s", "t", "r", "a", "q", "h")


def _part_buttons(message: object) -> list[str]:
    markup = getattr(message, "reply_markup", None) or {}
    found = []
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = str(button.get("callback_data", ""))
            if data.startswith("cvp:") and data.split(":")[1] in PART_TAGS:
                found.append(data)
    return found


async def open_parts(chat: ChatHarness, uid: int) -> str:
    """Every part of the case summary last shown to `uid`, then the summary again."""
    summary = chat.last_with_buttons(uid)
    texts = [summary.text or ""]
    for data in _part_buttons(summary):
        pages = [data]
        while pages:
            replies = await chat.press_data(uid, pages.pop(), summary.message_id)
            texts.append(text_of(replies))
            shown = chat.emu.sent(uid)
            message = next(m for m in shown if m.message_id == summary.message_id)
            markup = message.reply_markup or {}
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if button["text"] == "›":
                        pages.append(str(button["callback_data"]))
    if _part_buttons(summary):
        await chat.press_data(uid, summary_back(summary), summary.message_id)
    return "\n".join(texts)


def summary_back(message: object) -> str:
    (first, *_) = _part_buttons(message)
    case_id = first.split(":")[2]
    return f"cvp:b:{case_id}:0"


async def case_text(chat: ChatHarness, uid: int, query: str = "") -> str:
    """/case QUERY and everything behind its buttons, as one text."""
    replies = await chat.send(uid, f"/case {query}".strip())
    if not replies or not _part_buttons(replies[-1]):
        return text_of(replies)
    return text_of(replies[:-1]) + "\n" + await open_parts(chat, uid)
