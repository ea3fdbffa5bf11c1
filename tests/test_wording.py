"""The department's words (docs/glossary.md) in every message of both catalogues.

A recalled cadre's management is not a judicial case: no 案例 or 结案, no "case" in English;
the report is 思想汇报 / a self-reflection report; reassignment is 交流任职; training is
special training; and people are named, never numbered: no message shows an internal id
(a variable `id` or `*_id`), except the operator's console lines, where the id is what the
operator types back (`recallbot dossier CASE_ID`, `audit --case ID`, `outbox`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast

from bot.i18n import LOCALES_DIR

# Terms that read as a judicial or disciplinary case, or are not the department's own.
BANNED = {
    "zh-CN": {
        "案例": "召回管理 (查看管理情况, 启动召回管理)",
        "结案": "办结",
        "反思": "思想汇报",
        "调整到其他单位": "交流任职",
        "新建案例": "启动召回管理",
    },
    "en": {
        r"(?<![/\w-])cases?\b": "recall (Start a recall, Zhang San's recall)",
        r"closed training": "special training",
        r"(?<!self-)\breflections?\b": "self-reflection report",
        r"\bclos(e|ed|ing) (the|a|this) (case|recall)\b": "conclude the recall",
    },
}
# Console lines for the operator: the ids there are the handles typed back on the command line.
OPERATOR_MESSAGES = re.compile(r"^(cli-|dossier-case-not-found$)")
ID_VARIABLE = re.compile(r"^(id|.+_id)$")


def _walk(node: object) -> Iterator[tuple[str, str]]:
    """("text", …) and ("var", name) pieces of a pattern, every select variant included."""
    if isinstance(node, fluent_ast.Pattern):
        for element in node.elements:
            yield from _walk(element)
    elif isinstance(node, fluent_ast.TextElement):
        yield "text", node.value
    elif isinstance(node, fluent_ast.Placeable):
        yield from _walk(node.expression)
    elif isinstance(node, fluent_ast.VariableReference):
        yield "var", node.id.name
    elif isinstance(node, fluent_ast.StringLiteral):
        yield "text", node.value
    elif isinstance(node, fluent_ast.SelectExpression):
        yield from _walk(node.selector)
        for variant in node.variants:
            yield from _walk(variant.value)


def messages(locale: str) -> Iterator[tuple[str, str, list[str]]]:
    """(message id, its text with every variant, the variables it shows) of one catalogue."""
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if not isinstance(entry, fluent_ast.Message):
                continue
            patterns = [entry.value, *(a.value for a in entry.attributes)]
            pieces = [piece for p in patterns if p is not None for piece in _walk(p)]
            text = "".join(value for kind, value in pieces if kind == "text")
            variables = [value for kind, value in pieces if kind == "var"]
            yield f"{path.name}:{entry.id.name}", text, variables


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_no_banned_term_in_any_message(locale: str) -> None:
    found = [
        f"{where}: {match.group(0)!r} (use {instead})"
        for where, text, _ in messages(locale)
        for term, instead in BANNED[locale].items()
        for match in [re.search(term, text, re.IGNORECASE)]
        if match
    ]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_no_message_shows_an_internal_id(locale: str) -> None:
    leaks = [
        f"{where}: {{ ${name} }}"
        for where, _, variables in messages(locale)
        if not OPERATOR_MESSAGES.match(where.split(":", 1)[1])
        for name in variables
        if ID_VARIABLE.match(name)
    ]
    assert leaks == [], "name the person (and unit) or the record's date:\n" + "\n".join(leaks)


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_no_number_sign_before_a_variable(locale: str) -> None:
    # "#{ $n }" numbers a thing for the reader; outside the operator's console nothing is.
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or OPERATOR_MESSAGES.match(line):
                continue
            assert "#{" not in line and "编号 {" not in line, f"{path.name}: {line}"


def test_the_checks_catch_the_old_words() -> None:
    # The checks themselves: the strings the issue quoted would fail them.
    old = {"zh-CN": "案例 #1 已结案；思想汇报（#5）；调整到其他单位；反思", "en": "Case closed"}
    for locale, text in old.items():
        assert any(re.search(term, text, re.IGNORECASE) for term in BANNED[locale])
    assert ID_VARIABLE.match("case_id") and ID_VARIABLE.match("id")
    assert not ID_VARIABLE.match("cadre") and not ID_VARIABLE.match("idle")


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_every_command_of_every_menu_is_described(locale: str) -> None:
    """/help and the command menu show each command with its text, never its message id."""
    from bot.i18n import translate
    from bot.services.policy import RULES

    listed = [name for name, rule in RULES.items() if rule.menu]
    missing = [name for name in listed if translate(locale, f"cmd-{name}") == f"cmd-{name}"]
    assert missing == []
