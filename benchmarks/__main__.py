"""Run every benchmark module of this folder (bench_*.py), or those named: `python -m benchmarks
[import tick ...]`."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> None:
    names = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
    wanted = sys.argv[1:]
    if wanted:
        names = [name for name in names if name.removeprefix("bench_") in wanted]
    for name in names:
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        # Each module's main() reads its own arguments: give it none.
        sys.argv = [name]
        module.main()


if __name__ == "__main__":
    main()
