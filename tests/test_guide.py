"""docs/user-guide.md's example chats are scenes the real bot plays (bot.devtools.demo.guide)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.devtools.demo import guide, transcripts

ROOT = Path(__file__).resolve().parent.parent


def test_the_guides_scenes_are_what_the_bot_does(tmp_path: Path) -> None:
    found = asyncio.run(guide.play_all(tmp_path))
    stale = transcripts.update_docs(
        ROOT, found, check=True, docs=(guide.DOC,), pattern=guide.SECTION
    )
    assert not stale, "\n".join(stale) + "\nRun: python -m bot.devtools.demo.guide"


def test_every_scene_is_in_the_guide_once() -> None:
    text = (ROOT / guide.DOC).read_text(encoding="utf-8")
    marked = [match["name"] for match in guide.SECTION.finditer(text)]
    assert sorted(marked) == sorted(scene.name for scene in guide.scenes())
