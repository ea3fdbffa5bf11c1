"""Finding a CJK font on the machine, for the digest chart and the dossier PDF."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

# CJK fonts that may be on the machine, best first.
CJK_FONT_FILES = (
    "wqy-microhei.ttc",  # Debian/Ubuntu: fonts-wqy-microhei (what the Makefile installs)
    "NotoSansCJK-Regular.ttc",  # fonts-noto-cjk
    "NotoSansCJKsc-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "wqy-zenhei.ttc",
    "msyh.ttc",  # Windows
    "PingFang.ttc",  # macOS
    "Hiragino Sans GB.ttc",
    "DroidSansFallbackFull.ttf",
)
FONT_ENV = "RECALLBOT_CJK_FONT"
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)


@cache
def cjk_font_file() -> Path | None:
    """The file of a CJK font: RECALLBOT_CJK_FONT if set, else the first known one found."""
    wanted = os.environ.get(FONT_ENV)
    if wanted:
        return Path(wanted) if Path(wanted).is_file() else None
    found: dict[str, Path] = {}
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if root.is_dir():
            for path in root.rglob("*"):
                found.setdefault(path.name, path)
    return next((found[name] for name in CJK_FONT_FILES if name in found), None)
