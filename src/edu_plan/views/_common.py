"""What the view modules share: unit names, rows of plain cells, subtitles and deadlines (完成时限)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import pendulum

from edu_plan._assessment import Assessment, display_name
from edu_plan._i18n import format_date, format_period, use_language
from edu_plan._i18n import gettext as _
from edu_plan._model import Plan, Target, Task, recurrence_words
from edu_plan._periods import Period
from edu_plan._registry import Registry
from edu_plan.errors import PluginLoadError, PluginNotFoundError, RenderError
from edu_plan.views._model import Cell, CellValue, Document

Built = TypeVar("Built", bound=Callable[..., Any])


def in_language(build: Built) -> Built:
    """A view builder that takes ``lang=`` (``zh``, ``en``; None: the current language) and builds in it."""

    @functools.wraps(build)
    def built(*args: Any, **kwargs: Any) -> Any:
        with use_language(kwargs.get("lang")):
            return build(*args, **kwargs)

    return cast("Built", built)


def names(plan: Plan, ids: Iterable[str]) -> str:
    units = [(unit_id, plan.find_unit(unit_id)) for unit_id in ids]
    return _(", ").join(unit.name if unit is not None else unit_id for unit_id, unit in units)


def kind_label(registry: Registry, kind: str) -> str:
    try:
        return registry.target_kind(kind).label
    except (PluginNotFoundError, PluginLoadError):
        # A kind whose plugin is not installed still shows, by its name.
        return kind


def task_deadline(plan: Plan, task: Task) -> pendulum.Date | None:
    """The latest deadline of the task's targets, else the end of the plan's horizon."""
    deadlines = [t.deadline for t in task.targets if t.deadline is not None]
    if deadlines:
        return max(deadlines)
    return plan.horizon.end if plan.horizon is not None else None


def target_timing(plan: Plan, target: Target) -> CellValue:
    """A target's 完成时限 as a cell: its deadline (a date), its recurrence in words (每学期), else the horizon's end.

    A recurring target is due in every period, not on one day, so it reads as its recurrence
    (with its deadline when it also has one), never as a date it does not have.
    """
    if target.recurrence is not None:
        return target.timing()
    if target.deadline is not None:
        return target.deadline
    return plan.horizon.end if plan.horizon is not None else None


def task_timing(plan: Plan, task: Task) -> CellValue:
    """A task's 完成时限: the latest deadline of its dated targets and the recurrences of its recurring ones.

    A date when no target recurs (the latest deadline, else the horizon's end); the recurrences
    (每学期、每年) when every target recurs; both, in words, when the task has both.
    """
    recurring = [t for t in task.targets if t.recurrence is not None]
    dated = [t.deadline for t in task.targets if t.recurrence is None and t.deadline is not None]
    if not recurring:
        return task_deadline(plan, task)
    words = _(", ").join(dict.fromkeys(recurrence_words(t.recurrence) for t in recurring if t.recurrence))
    if not dated:
        return words
    return _("{deadline}; {recurrences}").format(deadline=format_date(max(dated)), recurrences=words)


word = display_name
"""A default grade or peer-group name (优秀, 部门…) in the current language (``_assessment.display_name``)."""


def row(*values: CellValue) -> tuple[Cell, ...]:
    return tuple(Cell(value=v) for v in values)


def document_of(plan: Plan, assessment: Assessment | None = None, period: Period | None = None) -> Document:
    """The :class:`Document` of a view of ``plan`` (and of ``assessment`` or ``period`` when it reads progress)."""
    issued = None
    if assessment is not None and assessment.rectifications:
        issued = assessment.rectifications[0].issued
    return Document(
        plan_id=plan.id,
        plan_title=plan.title,
        doc_number=plan.doc_number or "",
        issuer=plan.issuer,
        period=assessment.period if assessment is not None else period,
        as_of=assessment.as_of if assessment is not None else None,
        issued=issued,
    )


def plan_subtitle(plan: Plan) -> str:
    parts = [plan.title]
    if plan.doc_number:
        parts.append(plan.doc_number)
    return " ".join(parts)


def period_subtitle(plan: Plan, assessment: Assessment | None, period: Period | None) -> str:
    """The plan, the period in words and the day the figures stand: … · 2024年（截至2024年12月31日）."""
    base = plan_subtitle(plan)
    if assessment is not None:
        return _("{plan} · {period} (as of {day})").format(plan=base, period=format_period(assessment.period),
                                                            day=format_date(assessment.as_of))
    if period is not None:
        return _("{plan} · {period}").format(plan=base, period=format_period(period))
    return base


def require(assessment: Assessment | None, view: str) -> Assessment:
    if assessment is None:
        raise RenderError(_(
            "the {view} view needs an assessment: give progress (--progress FILE) and, if not the default "
            "pace scheme, a scheme (--scheme FILE)").format(view=view))
    return assessment
