"""What the built-in scorers share: the units answering for a target, grading and ranking."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from edu_plan._achievements import resolve_scheme
from edu_plan._assessment import DEFAULT_GRADES, DEFAULT_PEER_GROUPS, Scheme, Scorecard
from edu_plan._model import Plan, Role, Target, Task, UnitKind
from edu_plan._registry import Registry

if TYPE_CHECKING:
    from edu_plan.protocols import Scorer

__all__ = [
    "DEFAULT_GRADES",
    "DEFAULT_PEER_GROUPS",
    "assign_ranks",
    "grade_of",
    "load_scheme",
    "owner_roles",
    "peer_group_of",
]


def load_scheme(path: str | Path, registry: Registry | None = None) -> tuple[Scorer[Any], Scheme]:
    """The scorer named by the scheme file ``path`` and the scheme it reads from it (see :func:`edu_plan.assess`)."""
    return resolve_scheme(path, registry=registry)


# -- observations and achievements --------------------------------------------------------------


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


# -- grades and ranks --------------------------------------------------------------------------


def grade_of(total: Decimal, grades: Mapping[str, Decimal], *, vetoed: bool = False) -> str:
    """The grade a total earns (``grades``: each grade's lowest total); the lowest grade when vetoed (一票否决)."""
    ordered = sorted(grades.items(), key=lambda item: -item[1])
    if vetoed:
        return ordered[-1][0]
    for name, minimum in ordered:
        if total >= minimum:
            return name
    return ordered[-1][0]


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
