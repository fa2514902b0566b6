"""Views by name, and the scorer dispatch that makes an assessment for the score views."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from edu_plan._assessment import Assessment
from edu_plan._model import Plan
from edu_plan._periods import Period
from edu_plan._progress import ProgressSource
from edu_plan._registry import Registry, default_registry
from edu_plan.errors import RenderError
from edu_plan.views._common import require
from edu_plan.views._model import View
from edu_plan.views._plan import responsibility_list, targets_list, tasks_list, units_list, workload_matrix
from edu_plan.views._progress import bulletin, work_ledger
from edu_plan.views._score import rectification_list, score_lines, scorecards

PLAN_VIEWS: Mapping[str, Callable[[Plan], View]] = {
    "responsibilities": responsibility_list,
    "workload": workload_matrix,
    "targets": targets_list,
    "tasks": tasks_list,
    "units": units_list,
}
"""The views that need only the plan, by name."""

SCORE_VIEWS: tuple[str, ...] = ("bulletin", "scorecards", "scorelines", "rectifications")
"""The views that need an assessment."""

VIEW_NAMES: tuple[str, ...] = (*PLAN_VIEWS, "ledger", *SCORE_VIEWS, "report")
"""Every view name :func:`build` knows; ``report`` is all of them that the inputs allow, in one document."""


def assess(
    plan: Plan,
    progress: ProgressSource,
    *,
    period: Period,
    scheme: Mapping[str, Any] | None = None,
    registry: Registry | None = None,
) -> Assessment:
    """Score ``progress`` with the scheme's scorer (``scheme["scorer"]``, default ``pace``), found in the registry."""
    reg = registry if registry is not None else default_registry()
    data = dict(scheme or {})
    scorer = reg.scorer(str(data.get("scorer", "pace")))
    load = getattr(scorer, "load_scheme", None)
    loaded = load(data) if callable(load) else data
    result: Assessment = scorer.score(plan, progress, loaded, period=period, registry=reg)
    return result


def build(
    name: str,
    plan: Plan,
    *,
    progress: ProgressSource | None = None,
    assessment: Assessment | None = None,
    period: Period | None = None,
    registry: Registry | None = None,
) -> tuple[View, ...]:
    """The view(s) called ``name`` (one of :data:`VIEW_NAMES`) for ``plan``.

    Score views need ``assessment``; when it is missing but ``progress`` and ``period``
    are given, the ``pace`` scorer (found in the registry) makes one with its default scheme.
    ``report`` gives every view the inputs allow, in reading order.
    """
    if name not in VIEW_NAMES:
        raise RenderError(f"'view' must be one of {', '.join(VIEW_NAMES)} (got {name!r})")
    if name in PLAN_VIEWS:
        return (PLAN_VIEWS[name](plan),)
    if assessment is None and progress is not None and period is not None and name != "ledger":
        assessment = assess(plan, progress, period=period, registry=registry)
    period = period or (assessment.period if assessment is not None else None)
    if name == "ledger":
        return (work_ledger(plan, progress, assessment, period=period, registry=registry),)
    if name == "report":
        views: list[View] = [responsibility_list(plan), workload_matrix(plan),
                             work_ledger(plan, progress, assessment, period=period, registry=registry)]
        if assessment is not None:
            views += [*bulletin(plan, assessment, progress, registry=registry), scorecards(plan, assessment),
                      rectification_list(plan, assessment)]
        return tuple(views)
    given = require(assessment, name)
    if name == "bulletin":
        return bulletin(plan, given, progress, registry=registry)
    if name == "scorecards":
        return (scorecards(plan, given),)
    if name == "scorelines":
        return (score_lines(plan, given),)
    return (rectification_list(plan, given),)
