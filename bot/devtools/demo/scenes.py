"""The user guide's example chats as scenes (see bot.devtools.demo.guide for the notation)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scene:
    """One example chat: the lines it shows, and what happened before."""

    name: str
    script: str
    given: str = ""
    also: tuple[str, ...] = ()  # people whose messages from the bot show as "🤖 → name"
    readers: tuple[str, ...] = ()  # people whose chats show, besides the script's actors


SCENES = (
    Scene(
        "talk",
        """
        李老师: /talk
        李老师: ⟨张伟 · 青山县农业农村局⟩
        李老师: 2026年3月20日|20 March 2026
        李老师: ⟨今天|Today⟩
        李老师: 局党组会议室|Bureau meeting room
        李老师: [voice]
        李老师: ⟨4⟩
        李老师: 每周五书面汇报工作进展|A written report every Friday
        李老师: ⟨✅ 确认保存|✅ Save⟩
        """,
    ),
)
