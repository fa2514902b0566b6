"""Scoring an imported plan against an answer key: task recall, unit-with-role recall, unit precision, calibration.

An answer key is a JSON file ``{"title": …, "issuer": …, "tasks": [{"title": …, "units": [[name, role], …]}]}``.
A task of the key is found when an imported task has the same title, or one holds the other, or
their wording shares at least 60% of its character pairs (each imported task is used once).
A unit of the key is found when the found task names that unit (by its name or one of its
spellings) in that role.  Every responsibility the importer claims is right when its task was
found and the key gives that unit that role there; its confidence is kept to measure calibration.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from edu_plan import Plan
from edu_plan.plugins.importers import FindingKind, ImportResult


@attrs.define
class Score:
    """Counts over one or more documents."""

    tasks: int = 0
    tasks_found: int = 0
    units: int = 0
    units_found: int = 0
    claims: int = 0
    claims_right: int = 0
    confidences: list[tuple[Decimal, bool]] = attrs.field(factory=list)
    missing: list[str] = attrs.field(factory=list)
    wrong: list[str] = attrs.field(factory=list)

    def add(self, other: Score) -> None:
        """Add ``other``'s counts to these."""
        for field in ("tasks", "tasks_found", "units", "units_found", "claims", "claims_right"):
            setattr(self, field, getattr(self, field) + getattr(other, field))
        self.confidences += other.confidences
        self.missing += other.missing
        self.wrong += other.wrong

    @property
    def task_recall(self) -> float:
        return self.tasks_found / self.tasks if self.tasks else 1.0

    @property
    def unit_recall(self) -> float:
        return self.units_found / self.units if self.units else 1.0

    @property
    def unit_precision(self) -> float:
        return self.claims_right / self.claims if self.claims else 1.0

    def calibration(self, bands: Iterable[Decimal] = (Decimal("0.9"), Decimal("0.8"), Decimal("0.7"), Decimal(0))
                    ) -> list[tuple[Decimal, int, int]]:
        """For each band (confidence ≥ the band's floor and below the band above): (floor, claims, right)."""
        floors = sorted(bands, reverse=True)
        result = []
        ceiling = Decimal(2)
        for floor in floors:
            inside = [right for c, right in self.confidences if floor <= c < ceiling]
            result.append((floor, len(inside), sum(inside)))
            ceiling = floor
        return result

    def line(self) -> str:
        return (f"tasks {self.tasks_found}/{self.tasks} ({100 * self.task_recall:.0f}%), "
                f"units with role {self.units_found}/{self.units} ({100 * self.unit_recall:.0f}%), "
                f"precision {self.claims_right}/{self.claims} ({100 * self.unit_precision:.0f}%)")


def load_key(path: Path) -> dict[str, Any]:
    """The answer key in ``path``."""
    key: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return key


def _pairs(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff0-9A-Za-z+]", "", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1)} or {chars}


def _same(expected: str, imported: str) -> bool:
    a, b = re.sub(r"\s", "", expected), re.sub(r"\s", "", imported)
    if a == b or (a and b and (a in b or b in a) and min(len(a), len(b)) >= 4):
        return True
    pa = _pairs(a)
    return len(pa & _pairs(b)) / len(pa) >= 0.6 if pa else False


def score(result: ImportResult, key: dict[str, Any], *, name: str = "") -> Score:
    """The counts of ``result`` against ``key``."""
    plan = result.plan
    assert plan is not None
    out = Score()
    tasks = [(si, ti, t) for si, s in enumerate(plan.sections) for ti, t in enumerate(s.tasks)]
    used: set[int] = set()
    found: dict[tuple[int, int], set[tuple[str, str]]] = {}
    for expected in key["tasks"]:
        out.tasks += 1
        pairs = {(u, r) for u, r in expected["units"]}
        out.units += len(pairs)
        match = next((k for k, (_si, _ti, t) in enumerate(tasks) if k not in used and t.title == expected["title"]),
                     None)
        if match is None:
            match = next((k for k, (_si, _ti, t) in enumerate(tasks)
                          if k not in used and _same(expected["title"], t.title)), None)
        if match is None:
            out.missing.append(f"{name}: task {expected['title']}")
            continue
        used.add(match)
        out.tasks_found += 1
        si, ti, task = tasks[match]
        found[(si, ti)] = pairs
        mine = {(s, r.role.value) for r in task.responsibilities for s in plan.unit(r.unit).spellings}
        for unit, role in sorted(pairs):
            if (unit, role) in mine:
                out.units_found += 1
            else:
                out.missing.append(f"{name}: {expected['title']}: {unit} {role}")
    for finding in result.report.of(FindingKind.RESPONSIBILITY):
        where = re.match(r"\$\.sections\[(\d+)\]\.tasks\[(\d+)\]", finding.where)
        unit_role = re.match(r"^(.+?) — .+ \((\w+)\)$", finding.message)
        if where is None or unit_role is None:
            continue
        at = (int(where.group(1)), int(where.group(2)))
        unit = plan.find_unit(unit_role.group(1))
        spellings = unit.spellings if unit is not None else (unit_role.group(1),)
        right = at in found and any((s, unit_role.group(2)) in found[at] for s in spellings)
        out.claims += 1
        out.claims_right += right
        out.confidences.append((finding.confidence, right))
        if not right:
            out.wrong.append(f"{name}: {plan.sections[at[0]].tasks[at[1]].title}: {unit_role.group(1)} "
                             f"{unit_role.group(2)}")
    return out


def metadata(plan: Plan, key: dict[str, Any]) -> list[str]:
    """The metadata the key gives that the plan does not have (title, issuer)."""
    return [f"{field}: {getattr(plan, field)!r} != {key[field]!r}" for field in ("title", "issuer")
            if field in key and getattr(plan, field) != key[field]]
