"""Achievements, computed once: every target's share, status and reading for one plan, progress, day and scheme.

:func:`evaluate` is the one place where observations are gathered for a target (from the
units that answer for it), counted from where its counting starts, and handed to its kind's
plugin.  Scorers, the work ledger, the bulletin, the lagging-units view and the report all
read its result, so a target has one status everywhere.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from decimal import Decimal
from os import PathLike
from typing import TYPE_CHECKING, Any, Union

import attrs
import pendulum

from edu_plan._assessment import Achievement, AchievementContext, Reading, Scheme, counting_start
from edu_plan._i18n import format_period
from edu_plan._i18n import gettext as _
from edu_plan._model import Plan, Target, Task
from edu_plan._periods import Period
from edu_plan._progress import Observation, ProgressSource
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import SchemeError, ScoringError

if TYPE_CHECKING:
    from edu_plan._assessment import Assessment
    from edu_plan.protocols import Scorer, TargetKind

SchemeLike = Union[Scheme, Mapping[str, Any], str, PathLike[str], None]  # noqa: UP007 - a runtime alias on 3.10
"""What :func:`assess` takes as a scheme: a scorer's scheme, a scheme table, a scheme file, or None (pace)."""

__all__ = [
    "Achievements",
    "TargetResult",
    "answering_units",
    "assess",
    "check_scheme",
    "evaluate",
    "no_reports_warning",
    "reported_in",
    "resolve_scheme",
]


@attrs.frozen(kw_only=True)
class TargetResult:
    """One target's result: its task, its kind, its achievement, its reading and what they came from.

    ``observations`` are those of the units answering for the target, up to the as-of day
    (and only evidenced ones when the scheme counts what cannot be proven as not done);
    ``start`` is where counting starts.
    """

    task: Task
    target: Target
    kind: TargetKind
    achievement: Achievement
    reading: Reading
    observations: tuple[Observation, ...]
    start: pendulum.Date

    @property
    def reported(self) -> bool:
        """Whether any counted report exists for the target."""
        return bool(self.observations)


@attrs.frozen(kw_only=True)
class Achievements:
    """Every target's :class:`TargetResult` for one (plan, progress, as-of day, scheme), in plan order."""

    plan_id: str
    period: Period
    as_of: pendulum.Date
    results: tuple[TargetResult, ...]
    _by_id: Mapping[str, TargetResult] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.target.id: r for r in self.results})

    def __getitem__(self, target_id: str) -> TargetResult:
        return self._by_id[target_id]

    def __contains__(self, target_id: object) -> bool:
        return target_id in self._by_id

    def __iter__(self) -> Iterator[TargetResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


def answering_units(plan: Plan, task: Task, target: Target) -> frozenset[str]:
    """Every unit whose reports count for ``target``: the task's units and the target's owners, collectives expanded."""
    ids: set[str] = set()
    for unit in (*task.units(), *target.owners):
        ids.add(unit)
        if plan.find_unit(unit) is not None:
            ids.update(plan.expand(unit))
    return frozenset(ids)


def evaluate(
    plan: Plan,
    progress: ProgressSource,
    *,
    period: Period,
    as_of: pendulum.Date | None = None,
    scheme: Scheme | None = None,
    registry: Registry | None = None,
) -> Achievements:
    """Every target's achievement in ``period`` as seen on ``as_of`` (default: the period's last day).

    The scheme's ``ordinal`` maps the ratings of qualitative targets, and its
    ``unproven_is_undone`` leaves reports without evidence out before they are summed.
    """
    registry = registry or default_registry()
    day = as_of or period.span()[1]
    ordinal: Mapping[Decimal, Decimal] | None = scheme.ordinal if scheme is not None else None
    require_evidence = scheme.unproven_is_undone if scheme is not None else False
    by_target: dict[str, list[Observation]] = {}
    # The keyword is passed only when it is needed, so a source written before it existed serves other schemes.
    found = (progress.observations(plan.id, until=day, evidenced_only=True) if require_evidence
             else progress.observations(plan.id, until=day))
    for observation in found:
        by_target.setdefault(observation.target, []).append(observation)
    window = period.span()
    results = []
    for task, target in plan.iter_targets():
        units = answering_units(plan, task, target)
        seen = tuple(o for o in by_target.get(target.id, ()) if o.unit in units)
        start = counting_start(plan, target, window[0])
        context = AchievementContext(start=start, window=window, as_of=day, ordinal=ordinal,
                                     require_evidence=require_evidence)
        kind = registry.target_kind(target.kind)
        results.append(TargetResult(task=task, target=target, kind=kind,
                                    achievement=kind.achievement(target, seen, context),
                                    reading=kind.reading(target, seen, context), observations=seen, start=start))
    return Achievements(plan_id=plan.id, period=period, as_of=day, results=tuple(results))


def resolve_scheme(scheme: SchemeLike = None, *, registry: Registry | None = None) -> tuple[Scorer[Any], Scheme]:
    """The scorer a scheme names and the scheme read for it.

    ``scheme`` is a scorer's scheme object, a scheme table (``{"scorer": "efficiency", …}``),
    the path of a scheme file (TOML), or None for the ``pace`` scorer's defaults.
    """
    reg = registry or default_registry()
    if isinstance(scheme, Scheme):
        return reg.scorer(scheme.scorer), scheme
    source: str | None = None
    if isinstance(scheme, (str, PathLike)):
        from edu_plan import serialization

        source = str(scheme)
        data: Mapping[str, Any] = serialization.read_scheme(scheme)
    else:
        data = scheme or {}
    name = data.get("scorer", "pace")
    scorer = reg.scorer(str(name))
    return scorer, scorer.load_scheme(data, source=source)


def assess(
    plan: Plan,
    progress: ProgressSource,
    scheme: SchemeLike = None,
    *,
    period: Period,
    as_of: pendulum.Date | None = None,
    registry: Registry | None = None,
    achievements: Achievements | None = None,
    require_reports: bool = False,
    issued: pendulum.Date | None = None,
) -> Assessment:
    """Score ``progress`` on ``plan`` for ``period`` as seen on ``as_of`` with ``scheme``: the one way to assess.

    The scheme names its scorer (see :func:`resolve_scheme`); the targets' achievements are
    computed once by :func:`evaluate` (or given, as the views give the ones they show) and
    the scorer reads them.  A scheme that names tasks, sections, kinds or targets the plan
    lacks is refused (:func:`check_scheme`).  A period with no report at all is scored (every
    target unreported) with a warning in ``Assessment.warnings``, or refused with
    ``require_reports``.  ``issued`` dates the rectification orders of a scorer that issues
    them (default: the as-of day); it changes no score, and a scorer without orders refuses it.
    """
    reg = registry or default_registry()
    scorer, loaded = resolve_scheme(scheme, registry=reg)
    check_scheme(loaded, plan, registry=reg)
    found = achievements if achievements is not None else evaluate(
        plan, progress, period=period, as_of=as_of, scheme=loaded, registry=reg)
    reported = reported_in(found, period)
    if not reported and require_reports:
        raise ScoringError(_("no report of plan {plan!r} falls in {period}: nothing to score; check --period and "
                             "the progress file (or store)").format(plan=plan.id, period=format_period(period)))
    extra: dict[str, Any] = {}
    if issued is not None:
        if "issued" not in inspect.signature(scorer.score).parameters:
            raise ScoringError(_("'issued': the {scorer} scorer issues no rectification orders; leave the issue "
                                 "date out or use a scheme of the efficiency scorer").format(scorer=scorer.name))
        extra["issued"] = issued
    result = scorer.score(plan, progress, loaded, period=period, as_of=as_of, registry=reg, achievements=found,
                          **extra)
    if not reported:
        result = attrs.evolve(result, warnings=(*result.warnings, no_reports_warning(period)))
    return result


def no_reports_warning(period: Period) -> str:
    """The warning of an assessment of a period nobody reported on."""
    return _("Nobody reported any progress for this period ({period}): every target is scored as not reported; "
             "check the period and the progress data.").format(period=format_period(period))


def reported_in(found: Achievements, period: Period) -> bool:
    """Whether any counted observation falls in ``period``."""
    first, last = period.span()
    for result in found:
        for observation in result.observations:
            start, end = observation.period.span()
            if start <= last and end >= first:
                return True
    return False


def check_scheme(scheme: Scheme, plan: Plan, *, registry: Registry | None = None) -> None:
    """Refuse, with every problem at once and its line, a scheme naming what ``plan`` does not have.

    Unknown tasks, sections, target kinds, targets and ``match`` values are all reported (the
    scheme class says which of its keys name parts of a plan: :meth:`Scheme.plan_problems`).
    """
    reg = registry or default_registry()
    problems = list(scheme.plan_problems(plan, reg.names("edu_plan.target_kinds")))
    if problems:
        from edu_plan import serialization

        raise SchemeError(serialization.locate_scheme_problems(problems, scheme.source), source=scheme.source)
