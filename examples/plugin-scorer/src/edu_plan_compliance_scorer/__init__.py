"""A third-party scorer for edu_plan: 达标率, the share of a unit's due targets that are fully met.

It implements :class:`edu_plan.protocols.Scorer`, asks each target's kind for its
achievement (so it scores any kind, ours or a county's), and is found through the
``edu_plan.scorers`` entry point once installed.  A scheme file names it::

    scorer = "compliance"
    points = 100
    met_at = 1.0        # a target counts as met from this share
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from edu_plan import (
    Achievements,
    AchievementStatus,
    Assessment,
    Period,
    Plan,
    Problem,
    ProgressSource,
    Registry,
    Scheme,
    Scorecard,
    ScoreLine,
    evaluate,
    serialization,
)
from edu_plan.plugins.scoring import (
    assign_ranks,
    grade_of,
    owner_roles,
    peer_group_of,
)

__all__ = ["COMPLIANCE", "ComplianceScheme", "ComplianceScorer"]

ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class ComplianceScheme(Scheme):
    """The scorer's settings: total points and the share from which a target counts as met."""

    scorer: str = "compliance"
    name: str = "compliance"
    met_at: Decimal = Decimal(1)

    def problems(self) -> Iterator[Problem]:
        """Beyond every scheme's rules: ``met_at`` is a share."""
        yield from super().problems()
        if not Decimal(0) <= self.met_at <= Decimal(1):
            yield Problem(message=f"must be a share in [0, 1] (got {self.met_at})", path="$.met_at", code="scheme")


class ComplianceScorer:
    """达标率: points × (targets met / targets due) for each unit owning targets."""

    name = "compliance"
    scheme_type = ComplianceScheme

    def load_scheme(self, data: Mapping[str, Any], *, source: str | None = None) -> ComplianceScheme:
        """Read ``points`` and ``met_at``: every mistake at once, each with its key and line."""
        return serialization.structure_scheme(data, ComplianceScheme, source=source)

    def score(self, plan: Plan, progress: ProgressSource, scheme: ComplianceScheme | Mapping[str, Any], *,
              period: Period, as_of: pendulum.Date | None = None, registry: Registry | None = None,
              achievements: Achievements | None = None) -> Assessment:
        """One scorecard per owning unit: each due target is worth the same, all or nothing."""
        scheme = scheme if isinstance(scheme, ComplianceScheme) else self.load_scheme(scheme or {})
        day = as_of or period.span()[1]
        lines: dict[str, list[ScoreLine]] = {}
        found = achievements if achievements is not None else evaluate(
            plan, progress, period=period, as_of=day, scheme=scheme, registry=registry)
        for result in found:
            due = result.achievement.status is not AchievementStatus.NOT_DUE
            met = due and result.achievement.share >= scheme.met_at
            for unit, role in owner_roles(plan, result.task, result.target).items():
                lines.setdefault(unit, []).append(ScoreLine(
                    task=result.task.number, target=result.target.id, role=role, weight=Decimal(1 if due else 0),
                    share=Decimal(1 if met else 0), points=ZERO, max_points=ZERO, status=result.achievement.status,
                    explanation=f"{result.achievement.explanation} → {'达标' if met else '未达标'}"))
        cards = []
        for unit_id in sorted(lines):
            unit_lines = lines[unit_id]
            due = sum((line.weight for line in unit_lines), ZERO)
            met = sum((line.share * line.weight for line in unit_lines), ZERO)
            each = scheme.points / due if due else ZERO
            total = (scheme.points * met / due).quantize(Decimal("0.01")) if due else ZERO
            unit = plan.unit(unit_id)
            cards.append(Scorecard(
                unit=unit_id, unit_name=unit.name, peer_group=peer_group_of(unit.kind, scheme.peer_groups),
                total=total, max_points=scheme.points, grade=grade_of(total, scheme.grades),
                lines=[attrs.evolve(line, max_points=(each * line.weight).quantize(Decimal("0.01")),
                                    points=(each * line.weight * line.share).quantize(Decimal("0.01")))
                       for line in unit_lines],
                explanation=f"达标率 {met}/{due} × {scheme.points} = {total}",
            ))
        return Assessment(plan_id=plan.id, scorer=self.name, scheme="compliance", period=period, as_of=day,
                          max_points=scheme.points, scorecards=assign_ranks(cards))


COMPLIANCE = ComplianceScorer()
"""The scorer the ``compliance`` entry point names."""
