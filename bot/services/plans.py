"""Plan templates (data files under bot/data/plans) and the steps they generate."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from bot.services.errors import DomainError
from models.enums import Role, StepKind

PLANS_DIR = Path(__file__).resolve().parent.parent / "data" / "plans"
ANCHORS = ("start", "half", "end")


@dataclass(frozen=True)
class StepRule:
    kind: StepKind
    responsible: Role
    anchor: str
    days: int
    every: int | None = None
    until: int = 0
    label: str = ""


@dataclass(frozen=True)
class LadderStage:
    days: int
    to: tuple[str, ...]
    full_status: bool = False


@dataclass(frozen=True)
class PlannedStep:
    kind: StepKind
    responsible: Role
    anchor: str
    due_on: date
    label: str = ""


@dataclass(frozen=True)
class PlanTemplate:
    name: str
    rules: tuple[StepRule, ...]
    ladder: tuple[LadderStage, ...]

    def steps(self, start: date, end: date, *, after: date | None = None) -> list[PlannedStep]:
        """Every step of a period from start to end (only those due after `after`, if given)."""
        anchors = {"start": start, "half": start + (end - start) / 2, "end": end}
        planned: list[PlannedStep] = []
        for rule in self.rules:
            due = anchors[rule.anchor] + timedelta(days=rule.days)
            last = end + timedelta(days=rule.until) if rule.every else due
            while due <= last:
                if after is None or due > after:
                    planned.append(
                        PlannedStep(rule.kind, rule.responsible, rule.anchor, due, rule.label)
                    )
                if not rule.every:
                    break
                due += timedelta(days=rule.every)
        planned.sort(key=lambda step: step.due_on)
        return planned

    def repeating(self, kind: StepKind, label: str) -> StepRule | None:
        for rule in self.rules:
            if rule.kind == kind and rule.label == label and rule.every:
                return rule
        return None


@cache
def load_template(name: str = "default") -> PlanTemplate:
    path = PLANS_DIR / f"{name}.toml"
    if not path.is_file():
        raise DomainError("error-unknown-plan-template", name=name)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = []
    for entry in data.get("step", []):
        if entry.get("anchor", "start") not in ANCHORS:
            raise ValueError(f"{path.name}: unknown anchor {entry.get('anchor')!r}")
        rules.append(
            StepRule(
                kind=StepKind(entry["kind"]),
                responsible=Role(entry["responsible"]),
                anchor=entry.get("anchor", "start"),
                days=int(entry.get("days", 0)),
                every=entry.get("every"),
                until=int(entry.get("until", 0)),
                label=entry.get("label", ""),
            )
        )
    ladder = tuple(
        LadderStage(int(s["days"]), tuple(s["to"]), bool(s.get("full_status", False)))
        for s in data.get("ladder", [])
    )
    return PlanTemplate(name=data.get("name", name), rules=tuple(rules), ladder=ladder)
