"""The rules of the layout: dependencies point one way; both catalogs say the same things."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast

from bot.i18n import LOCALES, LOCALES_DIR, message_ids

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "bot/services": ("telegram", "handlers", "schedules"),
    "models": ("telegram", "handlers", "schedules", "bot"),
    "handlers": ("schedules",),
    "schedules": ("handlers",),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_dependencies_point_one_way(folder: str) -> None:
    offences = []
    for path in (ROOT / folder).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for name in imported_modules(path):
            if name.split(".")[0] in FORBIDDEN[folder] or any(
                name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[folder]
            ):
                offences.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offences == []


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
