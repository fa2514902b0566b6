"""What the built-in scorers share: reading schemes, gathering observations, grading and ranking."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum

from edu_plan._assessment import (
    DEFAULT_ORDINAL,
    Achievement,
    AchievementContext,
    Scorecard,
    counting_start,
)
from edu_plan._model import Plan, Role, Target, Task, UnitKind
from edu_plan._periods import Period
from edu_plan._progress import Observation, ProgressSource
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import ScoringError

__all__ = [
    "DEFAULT_GRADES",
    "DEFAULT_PEER_GROUPS",
    "Grade",
    "SchemeReader",
    "TargetResult",
    "achievements",
    "answering_units",
    "assign_ranks",
    "grade_of",
    "load_scheme",
    "owner_roles",
    "peer_group_of",
    "read_scheme_file",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@attrs.frozen(kw_only=True)
class Grade:
    """A grade (等次) and the lowest total that earns it."""

    name: str
    minimum: Decimal


DEFAULT_GRADES: tuple[Grade, ...] = (
    Grade(name="优秀", minimum=Decimal(90)),
    Grade(name="良好", minimum=Decimal(80)),
    Grade(name="合格", minimum=Decimal(60)),
    Grade(name="不合格", minimum=ZERO),
)
"""优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below."""

DEFAULT_PEER_GROUPS: Mapping[str, tuple[UnitKind, ...]] = {
    "部门": (UnitKind.DEPARTMENT, UnitKind.SCHOOL, UnitKind.EXTERNAL),
    "街道乡镇": (UnitKind.SUBDISTRICT, UnitKind.TOWNSHIP, UnitKind.FARM),
}
"""Units are ranked among their peers: departments (部门) apart from streets and townships (街道乡镇)."""


class SchemeReader:
    """Reads values out of a scheme table, each mistake an error naming the file and the key."""

    def __init__(self, source: str | None) -> None:
        self.source = source or "scheme"

    def fail(self, path: str, message: str, hint: str = "") -> ScoringError:
        """A :class:`ScoringError` located at ``path`` in the scheme."""
        tail = f" — {hint}" if hint else ""
        return ScoringError(f"{self.source}: {path}: {message}{tail}")

    def table(self, data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        """The sub-table ``key`` (empty when absent)."""
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.fail(f"{path}.{key}", f"must be a table (got {value!r})")
        return value

    def tables(self, data: Mapping[str, Any], key: str, path: str) -> list[Mapping[str, Any]]:
        """The array of tables ``key`` (``[[key]]``; empty when absent)."""
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(f"{path}.{key}", f"must be an array of tables [[{key}]] (got {value!r})")
        return value

    def number(self, data: Mapping[str, Any], key: str, path: str, default: Decimal | None = None, *,
               minimum: Decimal | None = ZERO, maximum: Decimal | None = None) -> Decimal:
        """A number, checked against ``minimum`` and ``maximum``; ``default`` when absent (None: required)."""
        if key not in data:
            if default is None:
                raise self.fail(f"{path}.{key}", "is required")
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise self.fail(f"{path}.{key}", f"must be a number (got {value!r})")
        number = Decimal(value)
        if minimum is not None and number < minimum:
            raise self.fail(f"{path}.{key}", f"must be >= {minimum} (got {number})")
        if maximum is not None and number > maximum:
            raise self.fail(f"{path}.{key}", f"must be <= {maximum} (got {number})")
        return number

    def text(self, data: Mapping[str, Any], key: str, path: str, default: str | None = None,
             choices: Sequence[str] | None = None) -> str:
        """A string, one of ``choices`` when given; ``default`` when absent (None: required)."""
        if key not in data:
            if default is None:
                raise self.fail(f"{path}.{key}", "is required")
            return default
        value = data[key]
        if not isinstance(value, str):
            raise self.fail(f"{path}.{key}", f"must be a string (got {value!r})")
        if choices is not None and value not in choices:
            raise self.fail(f"{path}.{key}", f"must be one of {', '.join(choices)} (got {value!r})")
        return value

    def flag(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        """A boolean; ``default`` when absent."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{path}.{key}", f"must be true or false (got {value!r})")
        return value

    def strings(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        """A list of strings (empty when absent)."""
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{path}.{key}", f"must be a list of strings (got {value!r})")
        return tuple(value)

    def grades(self, data: Mapping[str, Any]) -> tuple[Grade, ...]:
        """``[grades]`` as ``name = minimum`` pairs, highest first; the default when absent."""
        table = self.table(data, "grades", "$")
        if not table:
            return DEFAULT_GRADES
        grades = sorted(
            (Grade(name=name, minimum=self.number(table, name, "$.grades")) for name in table),
            key=lambda g: -g.minimum,
        )
        if grades[-1].minimum != ZERO:
            raise self.fail("$.grades", f"the lowest grade must start at 0 (got {grades[-1].name} = "
                            f"{grades[-1].minimum})", "add a grade such as 不合格 = 0")
        return tuple(grades)

    def ordinal(self, data: Mapping[str, Any]) -> Mapping[Decimal, Decimal]:
        """``[ordinal]`` as ``"rating" = share`` pairs; the default scale when absent."""
        table = self.table(data, "ordinal", "$")
        if not table:
            return DEFAULT_ORDINAL
        scale = {}
        for key in table:
            try:
                rating = Decimal(key)
            except ArithmeticError:
                raise self.fail(f"$.ordinal.{key}", "a rating must be a number such as \"4\"") from None
            scale[rating] = self.number(table, key, "$.ordinal", maximum=ONE)
        return scale

    def peer_groups(self, data: Mapping[str, Any]) -> Mapping[str, tuple[UnitKind, ...]]:
        """``[peer_groups]`` as ``name = [unit kinds]``; the default when absent."""
        table = self.table(data, "peer_groups", "$")
        if not table:
            return DEFAULT_PEER_GROUPS
        groups = {}
        kinds = [k.value for k in UnitKind]
        for name in table:
            values = self.strings(table, name, "$.peer_groups")
            for value in values:
                if value not in kinds:
                    raise self.fail(f"$.peer_groups.{name}", f"unit kinds must be among {', '.join(kinds)} "
                                    f"(got {value!r})")
            groups[name] = tuple(UnitKind(v) for v in values)
        return groups


def read_scheme_file(path: str | Path) -> tuple[str, dict[str, Any]]:
    """The scorer a scheme file names (``scorer = "efficiency"``) and its whole table."""
    from edu_plan import serialization
    from edu_plan._reading import read_text

    text = read_text(Path(path))
    data = serialization.loads(text, "toml", source=str(path))
    scorer = data.get("scorer")
    if not isinstance(scorer, str):
        raise ScoringError(f"{path}: $.scorer: is required: name the scorer, e.g. scorer = \"efficiency\"")
    return scorer, data


def load_scheme(path: str | Path, registry: Registry | None = None) -> tuple[Any, Any]:
    """The scorer named by the scheme file ``path`` and the scheme it reads from it."""
    name, data = read_scheme_file(path)
    scorer = (registry or default_registry()).scorer(name)
    return scorer, scorer.load_scheme(data, source=str(path))


# -- observations and achievements --------------------------------------------------------------


def answering_units(plan: Plan, task: Task, target: Target) -> frozenset[str]:
    """Every unit whose reports count for ``target``: the task's units and the target's owners, collectives expanded."""
    ids: set[str] = set()
    for unit in (*task.units(), *target.owners):
        ids.add(unit)
        try:
            ids.update(plan.expand(unit))
        except KeyError:
            continue
    return frozenset(ids)


def owner_roles(plan: Plan, task: Task, target: Target | None = None) -> dict[str, Role]:
    """Each unit answering for a task, or owning a target (its owners, else the task's leads), with its role.

    Collectives are expanded into their members.
    """
    roles: dict[str, Role] = {}
    if target is not None and target.owners:
        pairs = [(unit, _role_in(task, unit)) for unit in target.owners]
    elif target is not None:
        pairs = [(r.unit, r.role) for r in task.responsibilities if r.role.owns_targets]
    else:
        pairs = [(r.unit, r.role) for r in task.responsibilities]
    for unit, role in pairs:
        try:
            members = plan.expand(unit)
        except KeyError:
            members = (unit,)
        for member in members:
            roles.setdefault(member, role)
    return roles


def _role_in(task: Task, unit: str) -> Role:
    for responsibility in task.responsibilities:
        if responsibility.unit == unit:
            return responsibility.role
    return Role.LEAD


@attrs.frozen(kw_only=True)
class TargetResult:
    """A target, its task, its achievement and the observations it was computed from."""

    task: Task
    target: Target
    achievement: Achievement
    observations: tuple[Observation, ...]
    start: pendulum.Date


def achievements(
    plan: Plan,
    progress: ProgressSource,
    *,
    period: Period,
    as_of: pendulum.Date,
    ordinal: Mapping[Decimal, Decimal] | None = None,
    require_evidence: bool = False,
    registry: Registry | None = None,
) -> list[TargetResult]:
    """Every target's achievement as of ``as_of``, asked of its kind's plugin, in plan order."""
    registry = registry or default_registry()
    by_target: dict[str, list[Observation]] = {}
    # Under "what cannot be proven counts as not done", unproven reports are left out before summing;
    # the keyword is passed only then, so a source written before it existed still serves other schemes.
    found = (progress.observations(plan.id, until=as_of, evidenced_only=True) if require_evidence
             else progress.observations(plan.id, until=as_of))
    for observation in found:
        by_target.setdefault(observation.target, []).append(observation)
    window = period.span()
    results = []
    for task, target in plan.iter_targets():
        units = answering_units(plan, task, target)
        seen = tuple(o for o in by_target.get(target.id, ()) if o.unit in units)
        start = counting_start(plan, target, window[0])
        context = AchievementContext(start=start, window=window, as_of=as_of, ordinal=ordinal,
                                     require_evidence=require_evidence)
        kind = registry.target_kind(target.kind)
        results.append(TargetResult(task=task, target=target, achievement=kind.achievement(target, seen, context),
                                    observations=seen, start=start))
    return results


# -- grades and ranks --------------------------------------------------------------------------


def grade_of(total: Decimal, grades: Sequence[Grade], *, vetoed: bool = False) -> str:
    """The grade a total earns; the lowest grade when vetoed (一票否决)."""
    ordered = sorted(grades, key=lambda g: -g.minimum)
    if vetoed:
        return ordered[-1].name
    for grade in ordered:
        if total >= grade.minimum:
            return grade.name
    return ordered[-1].name


def peer_group_of(kind: UnitKind, groups: Mapping[str, tuple[UnitKind, ...]]) -> str:
    """The peer group a unit kind belongs to (its own kind's name when no group lists it)."""
    for name, kinds in groups.items():
        if kind in kinds:
            return name
    return kind.value


def assign_ranks(cards: Iterable[Scorecard], *, vetoed: frozenset[str] = frozenset()) -> list[Scorecard]:
    """Rank within each peer group by total, highest first (ties share a rank: 1, 2, 2, 4).

    A vetoed unit ranks after every unit that is not vetoed.  Cards come back sorted by
    peer group, rank, then unit id.
    """
    by_group: dict[str, list[Scorecard]] = {}
    for card in cards:
        by_group.setdefault(card.peer_group, []).append(card)
    ranked: list[Scorecard] = []
    for group in sorted(by_group):
        members = sorted(by_group[group], key=lambda c: (c.unit in vetoed, -c.total, c.unit))
        previous: tuple[bool, Decimal] | None = None
        rank = 0
        for position, card in enumerate(members, start=1):
            key = (card.unit in vetoed, card.total)
            if key != previous:
                rank = position
                previous = key
            ranked.append(attrs.evolve(card, rank=rank))
    return ranked
