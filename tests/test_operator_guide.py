"""docs/operator-guide.md shows what the commands print (bot/devtools/opguide.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.devtools.opguide import CALENDAR, DOC, FILES, SECTIONS, main, rewrite

ROOT = Path(__file__).resolve().parent.parent


def test_the_guide_shows_what_a_fresh_run_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """Out of date: run `python -m bot.devtools.opguide` (or `make transcripts`)."""
    assert main(["--check", "--root", str(ROOT)]) == 0, capsys.readouterr().out


def test_every_section_is_in_the_guide_once() -> None:
    marked = re.findall(r"<!-- cli:([a-z0-9-]+)", (ROOT / DOC).read_text(encoding="utf-8"))
    assert sorted(marked) == sorted([*FILES, *SECTIONS])


def test_an_unknown_section_is_an_error() -> None:
    with pytest.raises(KeyError, match="nope"):
        rewrite("<!-- cli:nope -->\n```text\n```\n<!-- /cli:nope -->\n", {})


def test_an_indented_section_keeps_its_indent() -> None:
    doc = "1. Run:\n\n   <!-- cli:x -->\n   ```text\n   old\n   ```\n   <!-- /cli:x -->\n"
    assert rewrite(doc, {"x": "$ a\n\nb"}) == (
        "1. Run:\n\n   <!-- cli:x -->\n   ```text\n   $ a\n\n   b\n   ```\n   <!-- /cli:x -->\n"
    )


def test_the_status_example_reads_the_calendar_file_the_guide_shows() -> None:
    assert f"```toml\n{CALENDAR}```" in (ROOT / DOC).read_text(encoding="utf-8")
