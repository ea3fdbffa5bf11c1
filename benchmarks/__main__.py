"""Run every benchmark module of this folder (bench_*.py), or those named: `python -m benchmarks
[import tick ...] [--scale N ...]` (`make bench SCALE=100000`): --scale gives bench_scale its
case counts (default 10,000), with the export timed at 10,000."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> None:
    names = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
    wanted = sys.argv[1:]
    scale: list[str] = []
    if "--scale" in wanted:
        at = wanted.index("--scale")
        scale = [arg for arg in wanted[at + 1 :] if arg.isdigit()]
        wanted = wanted[:at]
    if wanted:
        names = [name for name in names if name.removeprefix("bench_") in wanted]
    for name in names:
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        # Each module's main() reads its own arguments: give it none (bench_scale its sizes).
        sys.argv = [name]
        if name == "bench_scale" and scale:
            sys.argv += ["--sizes", *scale, "--export"]
        module.main()


if __name__ == "__main__":
    main()
