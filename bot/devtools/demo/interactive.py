"""`recallbot demo --interactive`: be any demo person, in the terminal, against the real bot."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bot.devtools.demo.scenario import Cast
from bot.devtools.demo.world import Actor, DemoWorld, Line
from bot.i18n import translate

HELP = {
    "zh-CN": (
        "输入文字发给机器人；输入 #数字 点击按钮；\n"
        ":who 切换身份 · :wait 天数 让时间前进 · :file 路径 发送文件 · :quit 退出"
    ),
    "en": (
        "Type text to send it; #N presses button N;\n"
        ":who switches person · :wait DAYS moves time on · :file PATH sends a file · :quit"
    ),
}


class Console:
    """A small read-eval loop: choose who you are, type, press buttons by number."""

    def __init__(self, world: DemoWorld, cast: Cast, read: Callable[[str], str] = input) -> None:
        self.world = world
        self.people = [cast.admin, cast.supervisor, *cast.mentors, *(c.cadre for c in cast.cases)]
        self.read = read
        self.me: Actor = cast.admin

    async def ask(self, prompt: str) -> str:
        return (await asyncio.to_thread(self.read, prompt)).strip()

    async def loop(self) -> None:
        print(HELP[self.world.locale])
        await self.choose()
        while True:
            try:
                entry = await self.ask(f"{self.me.name} › ")
            except EOFError:
                return
            if entry in (":quit", ":q"):
                return
            await self.handle(entry)

    async def handle(self, entry: str) -> None:
        if not entry:
            return
        if entry == ":who":
            await self.choose()
        elif entry.startswith(":wait"):
            days = int(entry.split()[1]) if len(entry.split()) > 1 else 1
            await self.world.advance(timedelta(days=days))
            self.show(self.world.collect())
            print(f"⏩ {self.world.clock.now():%Y-%m-%d %H:%M} UTC")
        elif entry.startswith(":file "):
            path = Path(entry.removeprefix(":file ").strip())
            content = await asyncio.to_thread(path.read_bytes)
            self.show(await self.world.send_file(self.me, "document", content, path.name))
        elif entry.startswith("#") and entry[1:].isdigit():
            await self.press(int(entry[1:]))
        else:
            self.show(await self.world.say(self.me, entry))

    async def choose(self) -> None:
        for number, actor in enumerate(self.people, 1):
            role = translate(self.world.locale, f"role-{actor.role}")
            print(f"  {number}) {actor.name} · {role}")
        answer = await self.ask("? ")
        if answer.isdigit() and 1 <= int(answer) <= len(self.people):
            self.me = self.people[int(answer) - 1]

    async def press(self, number: int) -> None:
        try:
            message = next(
                m
                for m in reversed(self.world.emu.sent(self.me.telegram_id))
                if m.reply_markup and not m.deleted
            )
        except StopIteration:
            print("(no buttons)")
            return
        buttons = [
            (str(b["text"]), str(b["callback_data"]))
            for row in (message.reply_markup or {}).get("inline_keyboard", [])
            for b in row
        ]
        if not 1 <= number <= len(buttons):
            print("(no such button)")
            return
        self.show(await self.world.press(self.me, re.escape(buttons[number - 1][1])))

    def show(self, lines: list[Line]) -> None:
        """Print what the bot sent to me; say who else got something."""
        others: set[str] = set()
        for line in lines:
            if line.chat_id != self.me.telegram_id:
                actor = self.world.actors.get(line.chat_id)
                others.add(actor.name if actor else str(line.chat_id))
                continue
            if line.picture:
                print("  🖼")
            for text in line.text.splitlines():
                print(f"  {text}")
            for number, label in enumerate(line.buttons, 1):
                print(f"    #{number} {label}")
        if others:
            print(f"  (✉ {', '.join(sorted(others))})")
