"""The built-in target kinds: cumulative, level, range, recurring, milestone, qualitative."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import attrs

from edu_plan._model import Comparator, Target
from edu_plan.errors import Problem

__all__ = ["CUMULATIVE", "LEVEL", "MILESTONE", "QUALITATIVE", "RANGE", "RECURRING", "BuiltinKind"]

Check = Callable[[Target, str], Iterable[Problem]]


@attrs.frozen(kw_only=True)
class BuiltinKind:
    """A target kind defined by its fields and a check of its own rules."""

    name: str
    label: str
    description: str
    requires: frozenset[str] = frozenset()
    uses: frozenset[str] = frozenset()
    params_type: type | None = None
    check: Check | None = None

    def validate(self, target: Target, *, path: str) -> Iterable[Problem]:
        """The rules of this kind beyond which fields it needs."""
        return self.check(target, path) if self.check is not None else ()


def _comparators(allowed: frozenset[Comparator]) -> Check:
    def check(target: Target, path: str) -> Iterator[Problem]:
        if target.comparator is not None and target.comparator not in allowed:
            names = ", ".join(repr(c.value) for c in sorted(allowed, key=lambda c: c.value))
            yield Problem(
                message=f"'comparator' of a {target.kind} target must be one of {names} (got {target.comparator.value!r})",
                path=f"{path}.comparator",
                hint="a cumulative target counts up to its quantity; for a ceiling use a level target with '<='",
                code="bad-comparator",
            )

    return check


def _check_level(target: Target, path: str) -> Iterator[Problem]:
    if target.quantity is None and target.relative_to is None:
        yield Problem(
            message="a level target needs 'quantity' (e.g. 92 for 92%以上) or 'relative_to' (不低于…)",
            path=f"{path}.quantity",
            hint="give the level to reach, or name what it must not fall below in 'relative_to'",
            code="missing-field",
        )


def _check_range(target: Target, path: str) -> Iterator[Problem]:
    low, high = target.minimum, target.maximum
    if low is not None and high is not None and low > high:
        yield Problem(
            message=f"'minimum' must be <= 'maximum' (got {low} > {high})",
            path=f"{path}.minimum",
            hint="swap the two ends: 2—3名 is minimum 2, maximum 3",
            code="range-order",
        )


_COMMON = frozenset({"unit_of_measure", "deadline", "baseline"})

CUMULATIVE = BuiltinKind(
    name="cumulative",
    label="累计",
    description="the increments reported since the baseline add up to the quantity by the deadline (新增幼儿园10所)",
    requires=frozenset({"quantity"}),
    uses=_COMMON | {"comparator"},
    check=_comparators(frozenset({Comparator.GE, Comparator.GT, Comparator.EQ})),
)
LEVEL = BuiltinKind(
    name="level",
    label="水平",
    description="the latest reported value satisfies the comparator by the deadline (覆盖率达到92%以上)",
    requires=frozenset({"comparator"}),
    uses=_COMMON | {"quantity", "relative_to"},
    check=_check_level,
)
RANGE = BuiltinKind(
    name="range",
    label="区间",
    description="the value lies within [minimum, maximum]; below the minimum is partial (2—3名)",
    requires=frozenset({"minimum", "maximum"}),
    uses=_COMMON,
    check=_check_range,
)
RECURRING = BuiltinKind(
    name="recurring",
    label="周期",
    description="in each period of the window the count reaches the quantity (每学期一次, 每3年调整一次)",
    requires=frozenset({"recurrence"}),
    uses=frozenset({"quantity", "comparator", "unit_of_measure", "baseline"}),
    check=_comparators(frozenset({Comparator.GE, Comparator.GT, Comparator.EQ})),
)
MILESTONE = BuiltinKind(
    name="milestone",
    label="里程碑",
    description="done, with evidence, by the deadline (挂牌成立职业教育中心)",
    uses=frozenset({"deadline"}),
)
QUALITATIVE = BuiltinKind(
    name="qualitative",
    label="定性",
    description="an ordinal rating given by the assessor, mapped to a share by the scheme (一校一特色)",
    uses=frozenset({"deadline"}),
)
