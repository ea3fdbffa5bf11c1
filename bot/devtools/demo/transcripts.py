"""The guides' example chats, cut from a real demo run and written into the docs.

`recallbot demo` saves the excerpts it played as `transcripts.json` in its output folder.
`python -m bot.devtools.demo.transcripts` plays the demo in both languages and rewrites the
marked sections of docs/user-guide.md and docs/operator-guide.md:

    <!-- demo:NAME -->            the excerpt in Chinese, then in English
    <!-- demo:NAME zh-CN -->      the excerpt in one language
    ...
    <!-- /demo:NAME -->

`--check` rewrites nothing and exits 1 when a section is out of date. The run is the same
every time: the clock is the demo's, ids come in the order things happen, and the random
tokens of invite links and check-in codes are replaced by fixed stand-ins.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import difflib
import io
import json
import re
import sys
import tempfile
from pathlib import Path

from bot.devtools.demo import DemoOptions, run_demo
from bot.devtools.demo.excerpts import FILE

LOCALES = ("zh-CN", "en")
DOCS = (Path("docs/user-guide.md"), Path("docs/operator-guide.md"))


def section_pattern(marker: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- {marker}:(?P<name>[a-z0-9-]+)(?: (?P<locale>[a-zA-Z-]+))? -->\n)(?P<body>.*?)"
        rf"(<!-- /{marker}:(?P=name) -->)",
        re.S,
    )


SECTION = section_pattern("demo")

# The docs -------------------------------------------------------------------------------


def rewrite(
    doc: str,
    excerpts: dict[str, dict[str, str]],
    pattern: re.Pattern[str] = SECTION,
    *,
    strict: bool = True,
) -> str:
    """The document with each marked section replaced by its excerpts (locale -> name ->
    text); an unknown name is an error, so that a renamed excerpt is not silently stale
    (unless not `strict`: then the section stays as it is)."""

    def section(match: re.Match[str]) -> str:
        name, only = match["name"], match["locale"]
        blocks = []
        for locale in (only,) if only else LOCALES:
            if name not in excerpts[locale]:
                if not strict:
                    return match.group(0)
                raise KeyError(f"no excerpt named {name!r}")
            blocks.append(f"```text\n{excerpts[locale][name]}\n```\n")
        return match.group(1) + "\n".join(blocks) + match.group(5)

    return pattern.sub(section, doc)


async def play(out: Path, locale: str) -> dict[str, str]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = await run_demo(DemoOptions(locale=locale, out=out, quiet=True))
    if code != 0:
        raise RuntimeError(f"the demo failed in {locale}:\n{printed.getvalue()}")
    return json.loads((out / FILE).read_text(encoding="utf-8"))


def update_docs(
    root: Path,
    excerpts: dict[str, dict[str, str]],
    *,
    check: bool,
    docs: tuple[Path, ...] = DOCS,
    pattern: re.Pattern[str] = SECTION,
    strict: bool = True,
) -> list[str]:
    """Rewrite (or, with `check`, compare) the docs; the diffs of the sections out of date."""
    stale = []
    for doc in docs:
        path = root / doc
        before = path.read_text(encoding="utf-8")
        after = rewrite(before, excerpts, pattern, strict=strict)
        if after != before:
            diff = difflib.unified_diff(
                before.splitlines(), after.splitlines(), str(doc), str(doc), lineterm=""
            )
            stale.append("\n".join(diff))
            if not check:
                path.write_text(after, encoding="utf-8")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository")
    args = parser.parse_args(argv)
    excerpts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for locale in LOCALES:
            excerpts[locale] = asyncio.run(play(Path(tmp) / locale, locale))
    stale = update_docs(args.root, excerpts, check=args.check)
    for diff in stale:
        print(diff)
    if args.check and stale:
        print(
            "the docs' demo sections are out of date: run python -m bot.devtools.demo.transcripts"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
