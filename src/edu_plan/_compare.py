"""Two scorings side by side: per unit the total, grade and rank before and after, and the lines that changed.

An auditor who changes a scheme (or a report) must show what the change did; this compares two
:class:`~edu_plan._assessment.Assessment` objects of the same plan, line by line, exactly.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

from edu_plan._assessment import Assessment, Scorecard, ScoreLine
from edu_plan._i18n import gettext as _
from edu_plan._model import Role
from edu_plan.errors import EduPlanError

__all__ = ["Comparison", "LineChange", "UnitChange", "compare_assessments", "read_assessment"]


@attrs.frozen(kw_only=True)
class LineChange:
    """One score line (task, target, role) whose share, maximum or points differ; ``None`` where it is absent."""

    task: int
    target: str | None
    role: Role
    share_before: Decimal | None
    share_after: Decimal | None
    max_before: Decimal | None
    max_after: Decimal | None
    points_before: Decimal | None
    points_after: Decimal | None


@attrs.frozen(kw_only=True)
class UnitChange:
    """One unit's total, grade and rank before and after (``None`` where it was not scored), and its changed lines."""

    unit: str
    unit_name: str
    total_before: Decimal | None
    total_after: Decimal | None
    grade_before: str | None
    grade_after: str | None
    rank_before: int | None
    rank_after: int | None
    lines: tuple[LineChange, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything of this unit differs."""
        return bool(self.lines) or (self.total_before, self.grade_before, self.rank_before) != (
            self.total_after, self.grade_after, self.rank_after)

    @property
    def difference(self) -> Decimal | None:
        """After minus before, when the unit is in both."""
        if self.total_before is None or self.total_after is None:
            return None
        return self.total_after - self.total_before


@attrs.frozen(kw_only=True)
class Comparison:
    """Two assessments of one plan compared; ``units`` in the order of the later ranking, then the dropped ones."""

    before: Assessment
    after: Assessment
    units: tuple[UnitChange, ...]

    @property
    def changed(self) -> tuple[UnitChange, ...]:
        """Only the units where something differs."""
        return tuple(u for u in self.units if u.changed)


def _key(line: ScoreLine) -> tuple[int, str, str]:
    return (line.task, line.target or "", line.role.value)


def _lines(before: Scorecard | None, after: Scorecard | None) -> tuple[LineChange, ...]:
    old = {_key(line): line for line in (before.lines if before is not None else ())}
    new = {_key(line): line for line in (after.lines if after is not None else ())}
    changes = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and (a.share, a.max_points, a.points) == (b.share, b.max_points, b.points):
            continue
        line = b or a
        if line is None:  # pragma: no cover - the key came from one of the two
            continue
        changes.append(LineChange(
            task=line.task, target=line.target, role=line.role,
            share_before=a.share if a else None, share_after=b.share if b else None,
            max_before=a.max_points if a else None, max_after=b.max_points if b else None,
            points_before=a.points if a else None, points_after=b.points if b else None))
    return tuple(changes)


def compare_assessments(before: Assessment, after: Assessment) -> Comparison:
    """Per unit, ``before`` against ``after``: total, grade, rank, and every line that changed.

    Raise :class:`~edu_plan.errors.EduPlanError` when the two are of different plans.
    """
    if before.plan_id != after.plan_id:
        raise EduPlanError(_("the two assessments are of different plans ({plan_id!r} and {plan_id2!r}); compare "
                             "scorings of one plan").format(plan_id=before.plan_id, plan_id2=after.plan_id))
    old = {card.unit: card for card in before.scorecards}
    new = {card.unit: card for card in after.scorecards}
    order = [card.unit for card in after.ranking()] + [card.unit for card in before.ranking() if card.unit not in new]
    units = []
    for unit in order:
        a, b = old.get(unit), new.get(unit)
        card = b or a
        if card is None:  # pragma: no cover - the unit came from one of the two
            continue
        units.append(UnitChange(
            unit=unit, unit_name=card.unit_name,
            total_before=a.total if a else None, total_after=b.total if b else None,
            grade_before=a.grade if a else None, grade_after=b.grade if b else None,
            rank_before=a.rank if a else None, rank_after=b.rank if b else None,
            lines=_lines(a, b)))
    return Comparison(before=before, after=after, units=tuple(units))


def read_assessment(path: str | Path) -> Assessment:
    """An assessment saved as JSON (``edu-plan score --format json``), every problem naming the file."""
    from edu_plan import serialization
    from edu_plan._reading import read_text

    data = serialization.loads(read_text(path), "json", source=str(path))
    try:
        return serialization.structure(data, Assessment, "json")
    except EduPlanError:
        raise
    except Exception as exc:  # noqa: BLE001 - cattrs raises several kinds; all mean "not an assessment"
        raise EduPlanError(_("{path}: not an assessment ({exc}); write one with edu-plan score --format json").format(
                               path=path, exc=exc)) from None
