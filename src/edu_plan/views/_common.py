"""What the view modules share: unit names, rows of plain cells, subtitles and deadlines."""

from __future__ import annotations

from collections.abc import Iterable

import pendulum

from edu_plan._assessment import Assessment
from edu_plan._model import Plan, Task
from edu_plan._periods import Period
from edu_plan._registry import Registry
from edu_plan.errors import PluginLoadError, PluginNotFoundError, RenderError
from edu_plan.views._model import Cell, CellValue, Document


def names(plan: Plan, ids: Iterable[str]) -> str:
    units = [(unit_id, plan.find_unit(unit_id)) for unit_id in ids]
    return "、".join(unit.name if unit is not None else unit_id for unit_id, unit in units)


def kind_label(registry: Registry, kind: str) -> str:
    try:
        return registry.target_kind(kind).label
    except (PluginNotFoundError, PluginLoadError):
        # A kind whose plugin is not installed still shows, by its name.
        return kind


def task_deadline(plan: Plan, task: Task) -> pendulum.Date | None:
    deadlines = [t.deadline for t in task.targets if t.deadline is not None]
    if deadlines:
        return max(deadlines)
    return plan.horizon.end if plan.horizon is not None else None


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
    base = plan_subtitle(plan)
    if assessment is not None:
        return f"{base} · {assessment.period}（截至 {assessment.as_of.isoformat()}）"
    if period is not None:
        return f"{base} · {period}"
    return base


def require(assessment: Assessment | None, view: str) -> Assessment:
    if assessment is None:
        raise RenderError(
            f"the {view} view needs an assessment: give progress (--progress FILE) and, if not the default "
            f"pace scheme, a scheme (--scheme FILE)"
        )
    return assessment
