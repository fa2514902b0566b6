"""Views by name, and the scorer dispatch that makes an assessment for the score views."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from edu_plan._achievements import Achievements, SchemeLike, evaluate, resolve_scheme
from edu_plan._achievements import assess as core_assess
from edu_plan._assessment import Assessment
from edu_plan._i18n import gettext as _
from edu_plan._i18n import use_language
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
    scheme: SchemeLike = None,
    registry: Registry | None = None,
) -> Assessment:
    """Score ``progress`` with the scheme's scorer (default ``pace``): :func:`edu_plan.assess`, kept by this name."""
    return core_assess(plan, progress, scheme, period=period, registry=registry)


def build(
    name: str,
    plan: Plan,
    *,
    progress: ProgressSource | None = None,
    assessment: Assessment | None = None,
    period: Period | None = None,
    scheme: SchemeLike = None,
    registry: Registry | None = None,
    lang: str | None = None,
) -> tuple[View, ...]:
    """The view(s) called ``name`` (one of :data:`VIEW_NAMES`) for ``plan``, in the language ``lang``.

    With ``progress`` and ``period`` the targets' achievements are computed once
    (:func:`edu_plan.evaluate`, with the scheme's settings) and every view and the scorer
    read them.  Score views need an assessment: when ``assessment`` is not given it is
    made with ``scheme`` (default: the ``pace`` scorer's).  ``report`` gives every view the
    inputs allow, in reading order.  A view that needs progress says so.

    Titles, headers, statuses, notes and explanations are in ``lang`` (``zh`` or ``en``;
    None: the current language, Chinese unless ``EDU_PLAN_LANG`` or :func:`edu_plan.use_language`
    says otherwise); cell values stay typed (dates, decimals) whatever the language.
    """
    with use_language(lang):
        return _build(name, plan, progress=progress, assessment=assessment, period=period, scheme=scheme,
                      registry=registry)


def _build(
    name: str,
    plan: Plan,
    *,
    progress: ProgressSource | None,
    assessment: Assessment | None,
    period: Period | None,
    scheme: SchemeLike,
    registry: Registry | None,
) -> tuple[View, ...]:
    if name not in VIEW_NAMES:
        raise RenderError(_("'view' must be one of {names} (got {name!r})").format(names=", ".join(VIEW_NAMES),
                                                                                  name=name))
    if name in PLAN_VIEWS:
        return (PLAN_VIEWS[name](plan),)
    reg = registry if registry is not None else default_registry()
    period = period or (assessment.period if assessment is not None else None)
    found: Achievements | None = None
    if progress is not None:
        if period is None:
            raise RenderError(_("the {name} view reads progress for a period: give the period (--period P), e.g. "
                                "2024").format(name=name))
        _scorer, loaded = resolve_scheme(scheme, registry=reg)
        as_of = assessment.as_of if assessment is not None else None
        found = evaluate(plan, progress, period=period, as_of=as_of, scheme=loaded, registry=reg)
        if assessment is None:
            assessment = core_assess(plan, progress, loaded, period=period, registry=reg, achievements=found)
    if name == "ledger":
        return (work_ledger(plan, progress, assessment, period=period, achievements=found, registry=reg),)
    if name == "report":
        views: list[View] = [responsibility_list(plan), workload_matrix(plan),
                             work_ledger(plan, progress, assessment, period=period, achievements=found, registry=reg)]
        if assessment is not None:
            views += [*bulletin(plan, assessment, progress, achievements=found, registry=reg),
                      scorecards(plan, assessment), score_lines(plan, assessment), rectification_list(plan, assessment)]
        return tuple(views)
    given = require(assessment, name)
    if name == "bulletin":
        return bulletin(plan, given, progress, achievements=found, registry=reg)
    if name == "scorecards":
        return (scorecards(plan, given),)
    if name == "scorelines":
        return (score_lines(plan, given),)
    return (rectification_list(plan, given),)
