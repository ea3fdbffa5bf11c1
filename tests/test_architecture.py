"""The rules of the layout: dependencies point one way; both catalogs say the same things."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast

from bot.i18n import LOCALES, LOCALES_DIR, message_ids
from tests.imports import cycles, imports_of, modules, reachable

ROOT = Path(__file__).resolve().parent.parent

# What each room may not reach, directly or through other modules. The domain (services,
# models) knows nothing of Telegram or the chat; the chat knows nothing of the handlers and
# the jobs that plug into it; only the composition root and the entry points see it all.
ENTRY_POINTS = ("bot.wiring", "bot.runner", "bot.__main__")
FORBIDDEN = {
    "models": ("telegram", "bot", "handlers", "schedules"),
    "bot.services": (
        "telegram",
        "handlers",
        "schedules",
        "bot.chat",
        "bot.web",
        "bot.devtools",
        *ENTRY_POINTS,
    ),
    "bot.chat": ("handlers", "schedules", "bot.web", "bot.devtools", *ENTRY_POINTS),
    "bot.web": ("handlers", "schedules", "bot.devtools", *ENTRY_POINTS),
    "handlers": ("schedules", "bot.web", "bot.devtools", *ENTRY_POINTS),
    "schedules": ("handlers", "bot.web", "bot.devtools", *ENTRY_POINTS),
}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_no_import_cycles() -> None:
    """Counting every import: inside functions and under TYPE_CHECKING too."""
    assert cycles() == []


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_dependencies_point_one_way(room: str) -> None:
    offences = []
    for name in sorted(m for m in modules() if _within(m, room)):
        for reached in sorted({name} | reachable(name)):
            for target in imports_of(reached):
                if any(_within(target, banned) for banned in FORBIDDEN[room]):
                    via = "" if reached == name else f" (through {reached})"
                    offences.append(f"{name} reaches {target}{via}")
    assert offences == []


def test_the_rules_see_indirect_imports() -> None:
    # bot.chat.app imports the services, which import models: the models count as reached.
    assert "models.case" in reachable("bot.chat.app")
    assert "handlers.talk" in reachable("bot.wiring")


def test_catalogs_have_the_same_messages() -> None:
    zh, en = (message_ids(locale) for locale in LOCALES)
    assert sorted(zh - en) == [] and sorted(en - zh) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_each_message_is_defined_once(locale: str) -> None:
    # Fluent keeps the last definition loaded, so a second one silently wins.
    files: dict[str, list[str]] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, fluent_ast.Message | fluent_ast.Term):
                files.setdefault(entry.id.name, []).append(path.name)
    assert {key: names for key, names in files.items() if len(names) > 1} == {}


KEY_IN_CODE = re.compile(r"""["']((?:error|cmd|form-expects|role)-[a-z0-9_-]+)["']""")
CALL_WITH_KEY = re.compile(
    r"""(?:\bt|translate\([^,]+,|notify\([^,]+,|DomainError\(|answer_key\()\s*\(?\s*["']([a-z][a-z0-9-]+)["']"""
)


def test_every_message_used_in_code_exists() -> None:
    known = message_ids("zh-CN")
    missing = set()
    for folder in ("bot", "handlers", "schedules"):
        for path in (ROOT / folder).rglob("*.py"):
            if "emulator" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            for pattern in (KEY_IN_CODE, CALL_WITH_KEY):
                for key in pattern.findall(source):
                    if key not in known and not key.endswith("-"):
                        missing.add(f"{path.relative_to(ROOT)}: {key}")
    assert sorted(missing) == []


def test_every_setting_is_in_env_example_and_the_readme() -> None:
    from bot.config import Settings

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [name.upper() for name in Settings.model_fields]
    assert [n for n in names if not re.search(rf"^{n}=", example, re.M)] == []
    assert [n for n in names if f"`{n}`" not in readme] == []


def test_starting_the_bot_does_not_load_the_chart_library() -> None:
    """matplotlib (40 MB, 0.4 s) loads with the first chart, not with `recallbot run`: a
    standby and the command line never draw one."""
    import subprocess
    import sys

    code = "import sys, bot.__main__, bot.runner, bot.wiring; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
