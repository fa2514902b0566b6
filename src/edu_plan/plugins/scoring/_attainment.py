"""The ``attainment`` scorer: the OKR convention, a weighted mean of target shares.

Each target's share is its kind's achievement — for a level target
``(current − baseline) / (target − baseline)`` clipped to [0, 1], for a cumulative one the
increments over the quantity — and a unit's total is ``points × Σ(weight × share) / Σ weight``
over the targets it owns.  Targets not yet due are left out of both sums.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from edu_plan._achievements import Achievements, evaluate
from edu_plan._assessment import (
    AchievementStatus,
    Assessment,
    Finding,
    Percent,
    Scheme,
    Scorecard,
    ScoreLine,
    apportion,
    round_points,
    step,
    steps_of,
)
from edu_plan._i18n import format_date
from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the house name for messages marked at definition
from edu_plan._model import Plan, UnitKind
from edu_plan._numbers import ZERO
from edu_plan._periods import Period
from edu_plan._progress import ProgressSource
from edu_plan._registry import Registry
from edu_plan.plugins.scoring._common import (
    assign_ranks,
    grade_of,
    owner_roles,
    peer_group_of,
)

__all__ = ["ATTAINMENT", "AttainmentScheme", "AttainmentScorer", "okr_colour"]



@attrs.frozen(kw_only=True)
class AttainmentScheme(Scheme):
    """The settings of the attainment scorer: those every scheme has (all optional in the file)."""

    scorer: str = "attainment"
    name: str = "attainment"


def okr_colour(share: Decimal) -> str:
    """OKR grading colours: green from 0.7, yellow from 0.4, red below."""
    if share >= Decimal("0.7"):
        return "green"
    if share >= Decimal("0.4"):
        return "yellow"
    return "red"


class AttainmentScorer:
    """Weighted mean of target shares per owning unit (OKR grading)."""

    name = "attainment"
    label = N_("attainment")
    """The scorer's name for people (达成度考核), shown as the scoring method of a scorecard."""
    scheme_type = AttainmentScheme

    def load_scheme(self, data: Mapping[str, Any], *, source: str | None = None) -> AttainmentScheme:
        """Read ``name``, ``points``, ``unproven_is_undone``, ``[grades]``, ``[ordinal]``, ``[peer_groups]``."""
        from edu_plan.serialization import structure_scheme

        return structure_scheme(data, AttainmentScheme, source=source)

    def score(
        self,
        plan: Plan,
        progress: ProgressSource,
        scheme: AttainmentScheme | Mapping[str, Any],
        *,
        period: Period,
        as_of: pendulum.Date | None = None,
        registry: Registry | None = None,
        achievements: Achievements | None = None,
    ) -> Assessment:
        """One scorecard per unit owning a target: the weighted mean of its targets' shares."""
        scheme = scheme if isinstance(scheme, AttainmentScheme) else self.load_scheme(scheme or {})
        day = as_of or period.span()[1]
        results = achievements if achievements is not None else evaluate(
            plan, progress, period=period, as_of=day, scheme=scheme, registry=registry)
        lines: dict[str, list[ScoreLine]] = {}
        findings = []
        for result in results:
            achievement = result.achievement
            for unit, role in owner_roles(plan, result.task, result.target).items():
                due = achievement.status is not AchievementStatus.NOT_DUE
                lines.setdefault(unit, []).append(ScoreLine(
                    task=result.task.number, target=result.target.id, role=role,
                    weight=result.target.weight if due else ZERO, share=achievement.share,
                    points=ZERO, max_points=ZERO, steps=steps_of(achievement),
                    status=achievement.status, colour=okr_colour(achievement.share) if due else None,
                ))
                if achievement.status is AchievementStatus.NO_DATA:
                    findings.append(Finding(unit=unit, task=result.task.number, target=result.target.id,
                                            message=_("no report for {target} by {day}").format(
                                                target=result.target.id, day=format_date(day)), severity="minor"))
        cards = []
        for unit_id in sorted(lines):
            unit_lines = lines[unit_id]
            total_weight = sum((line.weight for line in unit_lines), ZERO)
            maxima = apportion(scheme.points, [line.weight for line in unit_lines])
            finished = [attrs.evolve(line, max_points=maximum, points=round_points(maximum * line.share))
                        for line, maximum in zip(unit_lines, maxima, strict=True)]
            weighted = sum((line.weight * line.share for line in unit_lines), ZERO)
            mean = weighted / total_weight if total_weight else ZERO
            # The total is the sum of the lines as printed, so that adding them up gives the card's figure.
            total = sum((line.points for line in finished), ZERO)
            found = plan.find_unit(unit_id)
            cards.append(Scorecard(
                unit=unit_id, unit_name=found.name if found else unit_id,
                peer_group=peer_group_of(found.kind if found else UnitKind.DEPARTMENT, scheme.peer_groups),
                total=total, max_points=scheme.points, grade=grade_of(total, scheme.grades), lines=finished,
                steps=(step(N_("{points} × Σ(weight × share) / Σ weight = {points} × {weighted} / {weights} (mean "
                               "share {mean})"), points=scheme.points, weighted=weighted, weights=total_weight,
                            mean=Percent(mean)),
                       step(N_("the sum of the {lines} lines' points = {total}"), lines=len(finished), total=total)),
            ))
        return Assessment(plan_id=plan.id, scorer=self.name, scheme=scheme.name, period=period, as_of=day,
                          max_points=scheme.points, scorecards=assign_ranks(cards), findings=findings,
                          peer_groups=tuple(scheme.peer_groups))


ATTAINMENT = AttainmentScorer()
"""The ``attainment`` scorer, registered under ``edu_plan.scorers``."""
