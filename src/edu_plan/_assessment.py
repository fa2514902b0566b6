"""What a scorer produces: achievements, score lines, scorecards and the assessment itself.

These are plain frozen attrs classes with no behaviour beyond a few conveniences, so
that renderers can draw them and stores can keep them; :mod:`edu_plan.serialization`
turns them into JSON, YAML or TOML and back.  Every number is a ``Decimal``; every
line carries a sentence that explains its arithmetic, so an auditor can reproduce it.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping, Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

import attrs
import pendulum

from edu_plan._model import Plan, Role, Target
from edu_plan._periods import DEFAULT_CALENDAR, Period, SchoolCalendar

__all__ = [
    "ASSESSMENT_SCHEMA_VERSION",
    "CATEGORY_LABELS",
    "DEFAULT_ORDINAL",
    "POINT_PLACES",
    "SHARE_PLACES",
    "Achievement",
    "AchievementContext",
    "AchievementStatus",
    "Assessment",
    "Bonus",
    "Deduction",
    "Finding",
    "Rectification",
    "ScoreLine",
    "Scorecard",
    "Veto",
    "apportion",
    "clip_share",
    "counting_start",
    "percent",
    "plain",
    "round_points",
]

# The pace categories of DESIGN §5 (SDSN linear, Statistics Canada growth) in the words of a bulletin.
# Kept in the core because both the pace scorer and the views need them and neither may import the other.
CATEGORY_LABELS: Mapping[str, str] = {
    "achieved": "已实现",
    "on_track": "按期推进",
    "moderately_improving": "温和改善",
    "stagnating": "停滞",
    "regressing": "倒退",
    "needs_acceleration": "需加速",
    "limited_progress": "进展有限",
    "deterioration": "恶化",
    "insufficient_data": "数据不足",
}
"""The Chinese label of each pace category (a :attr:`ScoreLine.category`)."""

ASSESSMENT_SCHEMA_VERSION = 1
"""The version of the stored assessment layout."""

ZERO = Decimal(0)
ONE = Decimal(1)


def _share(_instance: Any, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not isinstance(value, Decimal) or not ZERO <= value <= ONE:
        raise ValueError(f"'{attribute.name}' must be a Decimal in [0, 1] (got {value!r})")


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


class AchievementStatus(str, enum.Enum):
    """How a target stands: met, partly met, not met, no data yet, or not yet due."""

    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    NO_DATA = "no_data"
    NOT_DUE = "not_due"

    @property
    def label(self) -> str:
        """完成, 部分完成, 未完成, 无数据, 未到期."""
        return {"met": "完成", "partial": "部分完成", "not_met": "未完成", "no_data": "无数据",
                "not_due": "未到期"}[self.value]

    @classmethod
    def of(cls, share: Decimal) -> AchievementStatus:
        """MET for 1, NOT_MET for 0, PARTIAL between."""
        if share >= ONE:
            return cls.MET
        if share <= ZERO:
            return cls.NOT_MET
        return cls.PARTIAL


@attrs.frozen(kw_only=True)
class AchievementContext:
    """What a target kind needs besides the observations to compute an achievement.

    ``start`` is when counting starts (the baseline's date, else the plan's start);
    ``window`` the first and last day of the period being assessed; ``as_of`` the day
    the assessment looks from (reports dated later are not seen).  ``ordinal`` maps the
    assessor's ratings of qualitative targets to shares (the scheme's ordinal map).
    """

    start: pendulum.Date
    window: tuple[pendulum.Date, pendulum.Date]
    as_of: pendulum.Date
    ordinal: Mapping[Decimal, Decimal] | None = None
    calendar: SchoolCalendar = DEFAULT_CALENDAR
    require_evidence: bool = False


@attrs.frozen(kw_only=True)
class Achievement:
    """How far one target is reached: a share in [0, 1] and the sentence that explains it.

    ``value`` is the figure compared with the target (a sum, a latest level, a count of
    periods met); ``reference`` the figure it is compared with.
    """

    share: Decimal = attrs.field(validator=_share)
    explanation: str
    status: AchievementStatus = attrs.field(converter=AchievementStatus)
    value: Decimal | None = None
    reference: Decimal | None = None


@attrs.frozen(kw_only=True)
class ScoreLine:
    """One target (or task) in one unit's scorecard: role, weight, share, points and why."""

    task: int
    target: str | None = None
    role: Role = attrs.field(converter=Role)
    weight: Decimal
    share: Decimal = attrs.field(validator=_share)
    points: Decimal
    max_points: Decimal
    explanation: str
    status: AchievementStatus = attrs.field(default=AchievementStatus.PARTIAL, converter=AchievementStatus)
    category: str | None = None
    colour: str | None = None


@attrs.frozen(kw_only=True)
class Deduction:
    """Points taken off (扣分) under a scheme rule; ``chosen`` notes a value picked from a range."""

    rule: str
    reason: str
    points: Decimal
    occurrences: int = 1
    chosen: str | None = None
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class Bonus:
    """Points added (加分) under a scheme rule; ``paid`` is False when evidence was missing or a cap cut it."""

    rule: str
    reason: str
    points: Decimal
    paid: bool = True
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class Veto:
    """A veto item (一票否决) that forces the lowest grade."""

    rule: str
    reason: str
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class Scorecard:
    """One assessed unit's result: total, grade, rank in its peer group, and every line."""

    unit: str
    unit_name: str
    peer_group: str
    total: Decimal
    max_points: Decimal
    grade: str
    rank: int | None = None
    lines: tuple[ScoreLine, ...] = attrs.field(default=(), converter=_tuple)
    deductions: tuple[Deduction, ...] = attrs.field(default=(), converter=_tuple)
    bonuses: tuple[Bonus, ...] = attrs.field(default=(), converter=_tuple)
    vetoes: tuple[Veto, ...] = attrs.field(default=(), converter=_tuple)
    explanation: str = ""


@attrs.frozen(kw_only=True)
class Finding:
    """Something the assessment found that a unit must put right (督导发现的问题)."""

    unit: str
    message: str
    task: int | None = None
    target: str | None = None
    severity: str = "major"


@attrs.frozen(kw_only=True)
class Rectification:
    """An order to put a finding right (限期整改) within ``working_days`` working days of ``issued``."""

    unit: str
    finding: str
    issued: pendulum.Date
    working_days: int
    due: pendulum.Date


@attrs.frozen(kw_only=True)
class Assessment:
    """The result of scoring one plan for one period with one scheme."""

    plan_id: str
    scorer: str
    scheme: str
    period: Period
    as_of: pendulum.Date
    max_points: Decimal
    scorecards: tuple[Scorecard, ...] = attrs.field(default=(), converter=_tuple)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_tuple)
    rectifications: tuple[Rectification, ...] = attrs.field(default=(), converter=_tuple)
    peer_groups: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """The peer groups in the order the scheme lists them (部门 before 街道乡镇 by default)."""
    schema_version: int = ASSESSMENT_SCHEMA_VERSION

    def scorecard(self, unit: str) -> Scorecard:
        """The scorecard of unit ``unit``; ``KeyError`` naming the assessed units."""
        for card in self.scorecards:
            if card.unit == unit:
                return card
        raise KeyError(f"no scorecard for {unit!r} (assessed: {[c.unit for c in self.scorecards]})")

    def ranking(self) -> list[Scorecard]:
        """The scorecards by peer group (in the scheme's order, others after by name), then rank, then unit id."""
        order = {name: i for i, name in enumerate(self.peer_groups)}
        return sorted(self.scorecards, key=lambda c: (
            order.get(c.peer_group, len(order)), c.peer_group, c.rank if c.rank is not None else 10**9, c.unit))


# -- arithmetic shared by the kinds and the scorers ----------------------------------------------

SHARE_PLACES = Decimal("0.0001")
"""Shares are kept to four decimal places (0.3333), rounded half up."""
POINT_PLACES = Decimal("0.01")
"""Points are kept to two decimal places, rounded half up, as official score sheets write them."""

DEFAULT_ORDINAL: Mapping[Decimal, Decimal] = {
    Decimal(4): Decimal(1),
    Decimal(3): Decimal("0.8"),
    Decimal(2): Decimal("0.6"),
    Decimal(1): Decimal("0.3"),
    Decimal(0): Decimal(0),
}
"""The assessor's ratings of a qualitative target: 4 好, 3 较好, 2 一般, 1 较差, 0 差."""


def counting_start(plan: Plan, target: Target, window_start: pendulum.Date) -> pendulum.Date:
    """Where counting a target's progress starts (for scorers and views alike).

    The baseline's date, else the plan's start, else the start of the window assessed.
    """
    if target.baseline is not None and target.baseline.as_of is not None:
        return target.baseline.as_of
    if plan.horizon is not None:
        return plan.horizon.start
    return window_start


def clip_share(value: Decimal) -> Decimal:
    """``value`` clipped to [0, 1] and rounded to :data:`SHARE_PLACES`."""
    clipped = min(ONE, max(ZERO, value))
    return clipped.quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


def round_points(value: Decimal) -> Decimal:
    """``value`` rounded half up to :data:`POINT_PLACES`."""
    return value.quantize(POINT_PLACES, rounding=ROUND_HALF_UP)


def apportion(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, in :data:`POINT_PLACES`, adding up to ``total`` exactly.

    Each part is rounded down, then the cents left over go one by one to the parts that lost the
    most (largest remainder; ties to the earlier part), so that a card's line maxima add up to its
    points: six lines of 100 are 16.67 × 4 and 16.66 × 2, not 16.67 × 6 = 100.02.
    """
    whole = sum(weights, ZERO)
    if whole <= 0:
        return [ZERO for _ in weights]
    exact = [total * w / whole for w in weights]
    parts = [e.quantize(POINT_PLACES, rounding=ROUND_FLOOR) for e in exact]
    left = int((total.quantize(POINT_PLACES) - sum(parts, ZERO)) / POINT_PLACES)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:max(left, 0)]:
        parts[i] += POINT_PLACES
    return parts


# -- formatting ------------------------------------------------------------------------------------


# plain() and percent() write every explanation of every score line; their output depends only on the
# value (1.50 and 1.5 both give "1.5"), so each distinct value is formatted once.
@functools.lru_cache(maxsize=16384)
def plain(value: Decimal | None) -> str:
    """A decimal as people write it: ``10``, ``0.25``, ``92.5`` (no exponent, no trailing zeros)."""
    if value is None:
        return "?"
    if not value:
        value = abs(value)  # -0 and 0 must print alike: the cache keys them as one
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@functools.lru_cache(maxsize=16384)
def percent(share: Decimal) -> str:
    """A share as a percentage: ``0.4`` → ``40%``."""
    return f"{plain((share * 100).quantize(_CENT, rounding=ROUND_HALF_UP))}%"


_CENT = Decimal("0.01")
