"""Job options every job shares (APScheduler's defaults would skip runs silently)."""

from __future__ import annotations

from typing import Any


def job_options(name: str, interval: float) -> dict[str, Any]:
    """Fixed id, catch-up window, no piling up of runs."""
    return {
        "id": name,
        "replace_existing": True,
        "misfire_grace_time": max(30, int(interval * 5)),
        "coalesce": True,
        "max_instances": 1,
    }
