"""What a scorer produces: achievements, score lines, scorecards and the assessment itself.

These are plain frozen attrs classes with no behaviour beyond a few conveniences, so
that renderers can draw them and stores can keep them; :mod:`edu_plan.serialization`
turns them into JSON, YAML or TOML and back.  Every number is a ``Decimal``; every
line carries a sentence that explains its arithmetic, so an auditor can reproduce it.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

import attrs
import pendulum

from edu_plan._aggregation import Aggregation
from edu_plan._i18n import LazyText, format_date, format_decimal, format_percent, format_period, gettext
from edu_plan._i18n import lazy as N_  # noqa: N812 - the house name for messages marked at definition
from edu_plan._model import Plan, Role, Target, UnitKind
from edu_plan._numbers import ONE, ZERO
from edu_plan._periods import DEFAULT_CALENDAR, Period, SchoolCalendar
from edu_plan._progress import Observation
from edu_plan.errors import Problem

__all__ = [
    "ASSESSMENT_SCHEMA_VERSION",
    "CATEGORY_LABELS",
    "DEFAULT_GRADES",
    "DEFAULT_ORDINAL",
    "DEFAULT_PEER_GROUPS",
    "POINT_PLACES",
    "SHARE_PLACES",
    "STATUSES",
    "Achievement",
    "AchievementContext",
    "AchievementStatus",
    "Aggregation",
    "Assessment",
    "Bonus",
    "Deduction",
    "Finding",
    "Name",
    "PaceInput",
    "PaceSeries",
    "Percent",
    "Reading",
    "Rectification",
    "Scheme",
    "ScoreLine",
    "Scorecard",
    "Status",
    "Step",
    "Veto",
    "apportion",
    "clip_share",
    "counting_start",
    "display_name",
    "latest_observation",
    "percent",
    "plain",
    "progress_reading",
    "round_points",
    "sentence",
    "status_of",
    "step",
    "steps_of",
]

@attrs.frozen(kw_only=True)
class Status:
    """One word of the status vocabulary: its key, the label a reader sees, its traffic-light colour.

    ``rank`` orders statuses from worst (0) to best, for "worst first" lists.  The label is
    translated when read (完成 in Chinese, met in English).
    """

    key: str
    _label: str | LazyText = attrs.field(alias="label")
    colour: str
    rank: int

    @property
    def label(self) -> str:
        """The status in words, in the current language: 完成, 按期推进, 未报送…"""
        return str(self._label)


def _statuses(*rows: tuple[str, LazyText, str, int]) -> Mapping[str, Status]:
    return {key: Status(key=key, label=label, colour=colour, rank=rank) for key, label, colour, rank in rows}


STATUSES: Mapping[str, Status] = _statuses(
    # How far a target is reached (an AchievementStatus), and a target nobody reported on.
    ("met", N_("met"), "green", 4),
    ("partial", N_("partly met"), "yellow", 2),
    ("not_met", N_("not met"), "red", 0),
    ("no_data", N_("no data"), "grey", 3),
    ("not_due", N_("not due"), "grey", 3),
    ("not_reported", N_("not reported"), "grey", 3),
    # The pace categories (SDSN linear, Statistics Canada growth), as a pace scorer gives them.
    ("achieved", N_("achieved"), "green", 4),
    ("on_track", N_("on track"), "green", 4),
    ("moderately_improving", N_("moderately improving"), "yellow", 2),
    ("needs_acceleration", N_("needs acceleration"), "yellow", 2),
    ("stagnating", N_("stagnating"), "orange", 1),
    ("limited_progress", N_("limited progress"), "orange", 1),
    ("regressing", N_("regressing"), "red", 0),
    ("deterioration", N_("deterioration"), "red", 0),
    ("insufficient_data", N_("insufficient data"), "grey", 3),
)
"""The one status vocabulary of every view and scorer: key → label (translated when read), colour and rank."""

def status_of(key: str) -> Status:
    """The :data:`STATUSES` entry of ``key``; a key no table lists (a third-party scorer's) reads as itself, grey."""
    found = STATUSES.get(key)
    return found if found is not None else Status(key=key, label=key, colour="grey", rank=3)


class _Labels(Mapping[str, str]):
    """Status labels by key, read from :data:`STATUSES` when looked up (so in the current language)."""

    def __init__(self, keys: Sequence[str]) -> None:
        self._keys = tuple(keys)

    def __getitem__(self, key: str) -> str:
        if key not in self._keys:
            raise KeyError(key)
        return STATUSES[key].label

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


CATEGORY_LABELS: Mapping[str, str] = _Labels(
    ("achieved", "on_track", "moderately_improving", "stagnating", "regressing", "needs_acceleration",
     "limited_progress", "deterioration", "insufficient_data"))
"""The label of each pace category (a :attr:`ScoreLine.category`), taken from :data:`STATUSES` when read."""

ASSESSMENT_SCHEMA_VERSION = 1
"""The version of the stored assessment layout."""



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
        """完成, 部分完成, 未完成, 无数据, 未到期 (from :data:`STATUSES`)."""
        return status_of(self.value).label

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


DEFAULT_GRADES: Mapping[str, Decimal] = {"优秀": Decimal(90), "良好": Decimal(80), "合格": Decimal(60),
                                         "不合格": Decimal(0)}
"""优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below: each grade with the lowest total that earns it."""

DEFAULT_PEER_GROUPS: Mapping[str, tuple[UnitKind, ...]] = {
    "部门": (UnitKind.DEPARTMENT, UnitKind.SCHOOL, UnitKind.EXTERNAL),
    "街道乡镇": (UnitKind.SUBDISTRICT, UnitKind.TOWNSHIP, UnitKind.FARM),
}
"""Units are ranked among their peers: departments (部门) apart from streets and townships (街道乡镇)."""


def _problem(path: str, message: str, hint: str = "", code: str = "scheme") -> Problem:
    return Problem(message=message, path=path, hint=hint or None, code=code)


@attrs.frozen(kw_only=True)
class Scheme:
    """What every scorer's scheme sets; each scorer's scheme class (an attrs subclass) adds its own keys.

    A scheme file (TOML) is structured into its scorer's class by
    :func:`edu_plan.serialization.structure_scheme`: every key is a field, and every mistake is
    reported at once with its path and line.  ``ordinal`` maps the assessor's ratings of
    qualitative targets to shares (None: the default scale); with ``unproven_is_undone`` what
    cannot be proven counts as not done.  ``source`` is the file it was read from, if any.
    """

    scorer: str = ""
    """The scorer that reads this scheme (``scorer = "efficiency"`` in the file)."""
    name: str = "scheme"
    description: str = ""
    points: Decimal = Decimal(100)
    grades: Mapping[str, Decimal] = attrs.field(factory=lambda: dict(DEFAULT_GRADES))
    ordinal: Mapping[Decimal, Decimal] | None = None
    peer_groups: Mapping[str, tuple[UnitKind, ...]] = attrs.field(factory=lambda: dict(DEFAULT_PEER_GROUPS))
    unproven_is_undone: bool = False
    source: str | None = attrs.field(default=None, eq=False, repr=False, metadata={"structure": False})

    @property
    def maximum(self) -> Decimal:
        """The highest total a unit can reach (the points; a scheme with bonus points adds its cap)."""
        return self.points

    def problems(self) -> Iterator[Problem]:
        """Every rule of the scheme's own values that its types cannot say: ranges, order, totals."""
        if self.points < 1:
            yield _problem("$.points", gettext("must be >= 1 (got {value})").format(value=self.points))
        if self.grades:
            ordered = sorted(self.grades.items(), key=lambda item: -item[1])
            if ordered[-1][1] != 0:
                yield _problem("$.grades", gettext("the lowest grade must start at 0 (got {grade} = {minimum})").format(
                               grade=ordered[-1][0], minimum=ordered[-1][1]), gettext("add a grade such as 不合格 = 0"),
                               "grade-floor")
            for name, minimum in self.grades.items():
                if minimum < 0 or minimum > self.maximum:
                    yield _problem(f"$.grades.{name}", gettext(
                                   "must lie in [0, {maximum}], the totals a unit can reach (got {value})").format(
                                   maximum=self.maximum, value=minimum), code="grade-range")
            listed = list(self.grades.values())
            if listed != sorted(listed, reverse=True):
                grades = ", ".join(f"{k} = {v}" for k, v in self.grades.items())
                yield _problem("$.grades", gettext("grades must be listed from the highest cut-off down (got {grades})")
                               .format(grades=grades), gettext("write 优秀 first and the grade that starts at 0 last"),
                               "grade-order")
        for rating, share in (self.ordinal or {}).items():
            if not ZERO <= share <= ONE:
                yield _problem(f"$.ordinal.{rating}",
                               gettext("must be a share in [0, 1] (got {value})").format(value=share))

    def plan_problems(self, plan: Plan, kinds: Collection[str]) -> Iterator[Problem]:
        """Every key of the scheme that names what ``plan`` (and the installed ``kinds``) does not have."""
        return iter(())


class PaceSeries(str, enum.Enum):
    """What a pace method follows for a target."""

    TOTAL = "total"
    """The running total of the increments, toward the goal."""
    LEVEL = "level"
    """The reported level, from its baseline toward the goal (or away from it, for a ceiling)."""
    SHARE = "share"
    """The achievement share, from 0 at the start of counting to 1 at the deadline."""


@attrs.frozen(kw_only=True)
class PaceInput:
    """What a kind tells a pace method about one target: the series to follow, its goal and direction.

    ``direction`` is 1 when more is better and -1 for a ceiling (``<=``).
    """

    series: PaceSeries
    goal: Decimal | None = None
    direction: int = 1


@attrs.frozen(kw_only=True)
class Reading:
    """A target's progress as a ledger shows it: the figure, and how it reads (累计 120个; 92%（2024）)."""

    value: Decimal | None
    text: str


def progress_reading(target: Target, aggregation: Aggregation, observations: Sequence[Observation]) -> Reading:
    """The reading of the observations counted for ``target``, by how its kind adds them up.

    A sum reads ``累计 120个``; every other kind its latest value with its period,
    ``92%（2024）``, the latest chosen as the kinds choose it (see :func:`latest_observation`).
    """
    if not observations:
        return Reading(value=None, text="")
    uom = target.unit_of_measure or ""
    if aggregation is Aggregation.SUM:
        total = sum((o.total for o in observations), ZERO)
        return Reading(value=total, text=gettext("total {total}{uom}").format(total=format_decimal(total), uom=uom))
    last = latest_observation(observations)
    return Reading(value=last.latest, text=gettext("{value}{uom} ({period})").format(
        value=format_decimal(last.latest), uom=uom, period=format_period(last.period)))


def latest_observation(observations: Sequence[Observation]) -> Observation:
    """The latest observation: by report date; among one day's, the later period, then the unit id."""
    return max(observations, key=lambda o: (o.latest_date, o.period.sort_key, o.unit))


_NAMES = {
    # The default grades and peer groups (DEFAULT_GRADES, DEFAULT_PEER_GROUPS) are Chinese names a scheme may
    # also use; they are shown in the reader's language.  Names a scheme chose itself show as written.
    "优秀": N_("excellent"), "良好": N_("good"), "合格": N_("pass"), "不合格": N_("fail"),
    "部门": N_("departments"), "街道乡镇": N_("streets and townships"),
}


def display_name(name: str) -> str:
    """A default grade or peer-group name (优秀, 部门…) in the current language; any other name as written."""
    found = _NAMES.get(name)
    return str(found) if found is not None else name


@attrs.frozen
class Name:
    """A grade or peer-group name named in an explanation, shown by :func:`display_name`."""

    text: str


@attrs.frozen
class Percent:
    """A share named in an explanation, shown as a percentage (``0.4`` → ``40%``)."""

    share: Decimal


def _message_id(template: str | LazyText) -> str:
    return template.message if isinstance(template, LazyText) else template


@attrs.frozen(kw_only=True)
class Step:
    """One step of an explanation, as data: a template (an English message id) and the values it names.

    ``values`` are the numbers (Decimal), shares (:class:`Percent`), dates, periods, units and ids
    the template names.  :meth:`render` makes the sentence when it is shown, through ``gettext``
    in the current language; the English id is the ``en`` rendering.
    """

    template: str = attrs.field(converter=_message_id)
    values: Mapping[str, Any] = attrs.field(factory=dict)

    def render(self) -> str:
        """The step as a sentence in the current language."""
        return gettext(self.template).format(**{key: _shown(value) for key, value in self.values.items()})


def _shown(value: Any) -> str:
    if isinstance(value, Percent):
        return format_percent(value.share)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, pendulum.Date):
        return format_date(value)
    if isinstance(value, Period):
        return format_period(value)
    if isinstance(value, Step):
        return value.render()
    if isinstance(value, tuple | list):
        return gettext("; ").join(_shown(item) for item in value)
    if isinstance(value, Status):
        return value.label
    if isinstance(value, Name):
        return display_name(value.text)
    if isinstance(value, LazyText | enum.Enum):
        return str(getattr(value, "label", value))
    return str(value)


def sentence(steps: Sequence[Step]) -> str:
    """The steps of an explanation as one sentence, in the current language (joined by ``；`` in Chinese)."""
    return gettext("; ").join(step.render() for step in steps)


def step(template: str | LazyText, **values: Any) -> Step:
    """A :class:`Step` of ``template`` naming ``values``."""
    return Step(template=template, values=values)


def steps_of(achievement: Achievement) -> tuple[Step, ...]:
    """An achievement's explanation as steps: its own, or (a kind that gives text only) one step of that text."""
    return achievement.steps or (Step(template="{text}", values={"text": achievement.explanation}),)


class _Explained:
    """What an achievement and a score line share: an explanation kept as steps and as the text they gave."""

    steps: tuple[Step, ...]
    explanation: str

    def __attrs_post_init__(self) -> None:
        if self.steps and not self.explanation:
            object.__setattr__(self, "explanation", sentence(self.steps))

    @property
    def sentence(self) -> str:
        """The explanation in the current language: the steps rendered now, else the stored text."""
        return sentence(self.steps) if self.steps else self.explanation


@attrs.frozen(kw_only=True)
class Achievement(_Explained):
    """How far one target is reached: a share in [0, 1] and the sentence that explains it.

    ``value`` is the figure compared with the target (a sum, a latest level, a count of
    periods met); ``reference`` the figure it is compared with.
    """

    share: Decimal = attrs.field(validator=_share)
    explanation: str = ""
    status: AchievementStatus = attrs.field(converter=AchievementStatus)
    value: Decimal | None = None
    reference: Decimal | None = None
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_tuple, eq=False)
    """The explanation as data (when the kind gives it); ``explanation`` is its rendering when computed."""


@attrs.frozen(kw_only=True)
class ScoreLine(_Explained):
    """One target (or task) in one unit's scorecard: role, weight, share, points and why."""

    task: int
    target: str | None = None
    role: Role = attrs.field(converter=Role)
    weight: Decimal
    share: Decimal = attrs.field(validator=_share)
    points: Decimal
    max_points: Decimal
    explanation: str = ""
    status: AchievementStatus = attrs.field(default=AchievementStatus.PARTIAL, converter=AchievementStatus)
    category: str | None = None
    colour: str | None = None
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_tuple, eq=False, metadata={"store": False})
    """The explanation as data; stored assessments keep ``explanation``, the sentence as scored."""

    @property
    def status_key(self) -> str:
        """The line's status in :data:`STATUSES`: its pace category when it has one, else its achievement status."""
        return self.category or self.status.value


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
class Scorecard(_Explained):
    """One assessed unit's result: total, grade, rank in its peer group, and every line.

    ``steps`` explain the total as data (rendered in the language of the moment by
    :attr:`sentence`); ``explanation`` is the sentence as scored, which stored assessments keep.
    """

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
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_tuple, eq=False, metadata={"store": False})
    """The explanation of the total as data; stored assessments keep ``explanation``."""


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
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """What a reader must know before trusting the figures (a period nobody reported on)."""
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

plain = format_decimal
"""A decimal as people write it (``10``, ``0.25``): :func:`edu_plan._i18n.format_decimal`, by its old name."""
percent = format_percent
"""A share as a percentage (``0.4`` → ``40%``): :func:`edu_plan._i18n.format_percent`, by its old name."""
