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
    # Days before its due date that a record fulfils an occurrence (None: the ladder's lead);
    # the first occurrence may have a window of its own ("within 7 days of the recall").
    window: int | None = None
    first_window: int | None = None


@dataclass(frozen=True)
class LadderStage:
    days: int
    to: tuple[str, ...]
    full_status: bool = False


def lead_days(ladder: tuple[LadderStage, ...]) -> int:
    """Days before its due date that a step counts as due: from its first reminder on."""
    return max(0, -min((stage.days for stage in ladder), default=0))


@dataclass(frozen=True)
class PlannedStep:
    kind: StepKind
    responsible: Role
    anchor: str
    due_on: date
    label: str = ""
    window: int = 0


@dataclass(frozen=True)
class PlanTemplate:
    name: str
    rules: tuple[StepRule, ...]
    ladder: tuple[LadderStage, ...]

    @property
    def lead_days(self) -> int:
        return lead_days(self.ladder)

    def window_of(self, rule: StepRule, first: bool) -> int:
        if first and rule.first_window is not None:
            return rule.first_window
        return self.lead_days if rule.window is None else rule.window

    def steps(self, start: date, end: date, *, after: date | None = None) -> list[PlannedStep]:
        """Every step of a period from start to end (only those due after `after`, if given)."""
        anchors = {"start": start, "half": start + (end - start) / 2, "end": end}
        planned: list[PlannedStep] = []
        for rule in self.rules:
            due = anchors[rule.anchor] + timedelta(days=rule.days)
            last = end + timedelta(days=rule.until) if rule.every else due
            first = True
            while due <= last:
                if after is None or due > after:
                    window = self.window_of(rule, first)
                    planned.append(
                        PlannedStep(
                            rule.kind, rule.responsible, rule.anchor, due, rule.label, window
                        )
                    )
                first = False
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
                window=entry.get("window"),
                first_window=entry.get("first_window"),
            )
        )
    ladder = tuple(
        LadderStage(int(s["days"]), tuple(s["to"]), bool(s.get("full_status", False)))
        for s in data.get("ladder", [])
    )
    return PlanTemplate(name=data.get("name", name), rules=tuple(rules), ladder=ladder)
