"""The progress chart of a digest: a PNG with one horizontal bar per case."""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path

from bot.i18n import translate
from bot.services.fonts import CJK_FONT_FILES, FONT_ENV

COLOURS = {"done": "#4caf50", "open": "#90a4ae", "overdue": "#e53935"}
# Bars in one chart: a supervisor of hundreds of cases gets those most behind (a taller
# picture would be unreadable, and Telegram refuses photos over 10,000 pixels high and wide).
MAX_BARS = 30


def most_behind(
    cases: list[tuple[str, int, int, int]], limit: int = MAX_BARS
) -> list[tuple[str, int, int, int]]:
    """The cases with the most overdue steps, then the least done, in their first order."""
    if len(cases) <= limit:
        return cases
    ranked = sorted(
        range(len(cases)),
        key=lambda i: (-cases[i][3], cases[i][1] / max(1, cases[i][1] + cases[i][2]), i),
    )
    return [cases[i] for i in sorted(ranked[:limit])]


# matplotlib ships no CJK font, and its font cache may predate the font's installation, so
# the file is found and registered at run time.
@cache
def cjk_font() -> str | None:
    """The family name of a CJK font registered with matplotlib, or None if none is found."""
    from matplotlib import font_manager

    wanted = os.environ.get(FONT_ENV)
    paths = [Path(wanted)] if wanted else []
    found = {Path(path).name: Path(path) for path in font_manager.findSystemFonts()}
    paths += [found[name] for name in CJK_FONT_FILES if name in found]
    for path in paths:
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
            return font_manager.FontProperties(fname=str(path)).get_name()
    return None


def render_progress_chart(cases: list[tuple[str, int, int, int]], locale: str) -> bytes:
    """PNG of (name, done, open, overdue) per case; `open` counts the overdue steps too.
    Of more than MAX_BARS cases, those most behind (the title says how many of all)."""
    # Imported on first use: matplotlib is 40 MB of memory and 0.4 s of start-up that a
    # standby, the command line and an instance between digests do without.
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    family = cjk_font()
    total = len(cases)
    cases = most_behind(cases)
    names = [name for name, *_ in cases][::-1]
    done = [row[1] for row in cases][::-1]
    overdue = [row[3] for row in cases][::-1]
    waiting = [max(0, row[2] - row[3]) for row in cases][::-1]
    height = 1.6 + 0.35 * max(1, len(cases))
    figure = Figure(figsize=(7, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    families = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    text = font_manager.FontProperties(family=families)
    small = font_manager.FontProperties(family=families, size="small")
    axes.barh(names, done, color=COLOURS["done"], label=translate(locale, "chart-done"))
    axes.barh(
        names,
        waiting,
        left=done,
        color=COLOURS["open"],
        label=translate(locale, "chart-open"),
    )
    axes.barh(
        names,
        overdue,
        left=[d + w for d, w in zip(done, waiting, strict=True)],
        color=COLOURS["overdue"],
        label=translate(locale, "chart-overdue"),
    )
    title = (
        translate(locale, "chart-title")
        if total == len(cases)
        else translate(locale, "chart-title-most-behind", shown=len(cases), total=total)
    )
    axes.set_title(title, fontproperties=text)
    for label in axes.get_yticklabels():
        label.set_fontproperties(text)
    figure.legend(loc="lower center", ncols=3, frameon=False, prop=small)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    # Fixed margins instead of tight_layout(), which lays every label out twice more (a
    # quarter of the chart's time): the left one fits the longest name.
    longest = max((sum(2 if ord(c) > 0x2E7F else 1 for c in name) for name in names), default=4)
    left = min(0.5, (0.25 + 0.075 * longest) / 7)
    figure.subplots_adjust(left=left, right=0.97, top=1 - 0.45 / height, bottom=0.8 / height)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
