"""Views of the plan alone: the responsibility list, the workload matrix, targets, tasks and units."""

from __future__ import annotations

from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the house name for messages marked at definition
from edu_plan._model import Plan, Role, recurrence_words
from edu_plan._registry import Registry, default_registry
from edu_plan.views._common import (
    document_of,
    in_language,
    kind_label,
    names,
    plan_subtitle,
    row,
    target_timing,
    task_timing,
)
from edu_plan.views._model import Cell, CellValue, Column, ColumnType, HeatMap, View, cell_text


@in_language
def responsibility_list(plan: Plan, *, lang: str | None = None) -> View:
    """责任清单, the plan's attachment: each task, its units, main targets and deadline.

    A task with a sole responsible unit (责任单位) has it in its own column and no lead.
    The targets read in the plan's own words (:meth:`~edu_plan.Target.wording`).  The
    deadline (完成时限) is the latest target deadline, else the end of the plan's horizon; a
    recurring target's is its recurrence (每学期), not a date (:func:`task_timing`).
    """
    columns = (
        Column(key="number", label=_("No."), type=ColumnType.INTEGER),
        Column(key="task", label=_("Key task")),
        Column(key="lead", label=_("Lead unit")),
        Column(key="cooperating", label=_("Cooperating units")),
        Column(key="responsible", label=_("Responsible unit")),
        Column(key="targets", label=_("Main targets")),
        Column(key="deadline", label=_("Deadline"), type=ColumnType.DATE),
    )
    rows = tuple(
        row(
            task.number,
            task.title,
            names(plan, task.units(Role.LEAD)),
            names(plan, task.units(Role.COOPERATING)),
            names(plan, task.units(Role.RESPONSIBLE)),
            _("; ").join(target.wording() for target in task.targets),
            task_timing(plan, task),
        )
        for task in plan.tasks
    )
    return View(name="responsibilities", title=_("Responsibility list"), subtitle=plan_subtitle(plan),
                document=document_of(plan), columns=columns, rows=rows)


def _marks() -> dict[Role, str]:
    # TRANSLATORS: one-character marks of the workload matrix: 牵 (lead), 配 (cooperating), 责 (responsible).
    return {Role.LEAD: _("L"), Role.COOPERATING: _("C"), Role.RESPONSIBLE: _("R")}


_WEIGHT = {Role.LEAD: 2, Role.RESPONSIBLE: 2, Role.COOPERATING: 1}


@in_language
def workload_matrix(plan: Plan, *, lang: str | None = None) -> View:
    """Units × tasks marked 牵 / 配 / 责, with each unit's counts; units without a task are left out."""
    tasks = plan.tasks
    roles: dict[str, dict[int, Role]] = {}
    for task in tasks:
        for responsibility in task.responsibilities:
            roles.setdefault(responsibility.unit, {}).setdefault(task.number, responsibility.role)
    order = [u.id for u in plan.units if u.id in roles] + sorted(set(roles) - {u.id for u in plan.units})
    marks_of = _marks()
    columns = (
        Column(key="unit", label=_("Unit")),
        *(Column(key=f"task_{t.number}", label=str(t.number), type=ColumnType.MARK) for t in tasks),
        Column(key="lead", label=Role.LEAD.label, type=ColumnType.INTEGER),
        Column(key="cooperating", label=Role.COOPERATING.label, type=ColumnType.INTEGER),
        Column(key="responsible", label=Role.RESPONSIBLE.label, type=ColumnType.INTEGER),
        Column(key="total", label=_("Total"), type=ColumnType.INTEGER),
    )
    rows = []
    values = []
    marks = []
    for unit_id in order:
        held = roles[unit_id]
        counts = {role: sum(1 for r in held.values() if r is role) for role in Role}
        row_marks = tuple(marks_of[held[t.number]] if t.number in held else "" for t in tasks)
        rows.append(
            (
                Cell(value=names(plan, [unit_id])),
                *(Cell(value=mark or None) for mark in row_marks),
                *row(counts[Role.LEAD], counts[Role.COOPERATING], counts[Role.RESPONSIBLE], len(held)),
            )
        )
        values.append(tuple(_WEIGHT[held[t.number]] if t.number in held else 0 for t in tasks))
        marks.append(row_marks)
    heat = HeatMap(
        title=_("Division of tasks among units (heat map)"),
        rows=tuple(names(plan, [u]) for u in order),
        columns=tuple(str(t.number) for t in tasks),
        values=tuple(values),
        marks=tuple(marks),
        legend=((2, _("{lead} / {responsible}").format(lead=Role.LEAD.label, responsible=Role.RESPONSIBLE.label)),
                (1, Role.COOPERATING.label), (0, _("none"))),
    )
    return View(
        name="workload",
        title=_("Division of tasks among units"),
        subtitle=plan_subtitle(plan), document=document_of(plan),
        columns=columns,
        rows=tuple(rows),
        notes=(_("{lead} = lead unit, {cooperating} = cooperating unit, {responsible} = responsible unit").format(
            lead=marks_of[Role.LEAD], cooperating=marks_of[Role.COOPERATING], responsible=marks_of[Role.RESPONSIBLE]),),
        charts=(heat,),
    )


_SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


@in_language
def targets_list(plan: Plan, *, registry: Registry | None = None, lang: str | None = None) -> View:
    """目标指标清单: every target in the plan's words, its kind, quantity (or range), unit of measure,
    recurrence and deadline (a recurring target's is its recurrence)."""
    reg = registry if registry is not None else default_registry()
    columns = (
        Column(key="id", label=_("ID")),
        Column(key="task", label=_("Task"), type=ColumnType.INTEGER),
        Column(key="wording", label=_("Objective")),
        Column(key="kind", label=_("Kind")),
        Column(key="metric", label=_("Indicator")),
        Column(key="comparator", label=_("Comparison")),
        Column(key="quantity", label=_("Quantity"), type=ColumnType.DECIMAL),
        Column(key="unit_of_measure", label=_("Unit of measure")),
        Column(key="period", label=_("Recurrence")),
        Column(key="deadline", label=_("Deadline"), type=ColumnType.DATE),
    )
    rows = []
    for task, target in plan.iter_targets():
        quantity: CellValue = target.quantity
        if target.minimum is not None or target.maximum is not None:
            quantity = f"{cell_text(target.minimum)}—{cell_text(target.maximum)}"
        elif target.quantity is None and target.relative_to:
            quantity = _("not below {reference}").format(reference=target.relative_to)
        comparator = _SYMBOLS[target.comparator.value] if target.comparator is not None else ""
        if target.approximate:
            comparator = "≈"
        rows.append(
            row(
                target.id,
                task.number,
                target.wording(),
                kind_label(reg, target.kind),
                target.metric,
                comparator,
                quantity,
                target.unit_of_measure or "",
                recurrence_words(target.recurrence) if target.recurrence is not None else "",
                target_timing(plan, target),
            )
        )
    return View(name="targets", title=_("List of targets and indicators"), subtitle=plan_subtitle(plan),
                document=document_of(plan), columns=columns, rows=tuple(rows))


@in_language
def tasks_list(plan: Plan, *, lang: str | None = None) -> View:
    """Each task with its section, owners, cooperating units and number of targets."""
    columns = (
        Column(key="section", label=_("Section")),
        Column(key="number", label=_("No."), type=ColumnType.INTEGER),
        Column(key="task", label=_("Key task")),
        Column(key="owners", label=_("Lead/responsible units")),
        Column(key="cooperating", label=_("Cooperating units")),
        Column(key="targets", label=_("Targets"), type=ColumnType.INTEGER),
    )
    rows = tuple(
        row(
            section.key,
            task.number,
            task.title,
            names(plan, task.owners),
            names(plan, task.units(Role.COOPERATING)),
            len(task.targets),
        )
        for section in plan.sections
        for task in section.tasks
    )
    return View(name="tasks", title=_("Key tasks"), subtitle=plan_subtitle(plan),
                document=document_of(plan), columns=columns, rows=rows)


_UNIT_KINDS = {"department": N_("department"), "subdistrict": N_("subdistrict"), "township": N_("township"),
               "farm": N_("farm"), "school": N_("school"), "external": N_("external body"),
               "collective": N_("collective")}


@in_language
def units_list(plan: Plan, *, lang: str | None = None) -> View:
    """The unit registry with how many tasks each unit leads, cooperates on or is responsible for."""
    columns = (
        Column(key="id", label=_("ID")),
        Column(key="name", label=_("Name")),
        Column(key="kind", label=_("Kind")),
        Column(key="lead", label=Role.LEAD.label, type=ColumnType.INTEGER),
        Column(key="cooperating", label=Role.COOPERATING.label, type=ColumnType.INTEGER),
        Column(key="responsible", label=Role.RESPONSIBLE.label, type=ColumnType.INTEGER),
    )
    counts: dict[tuple[str, Role], int] = {}
    for task in plan.tasks:
        for r in task.responsibilities:
            counts[(r.unit, r.role)] = counts.get((r.unit, r.role), 0) + 1
    rows = tuple(
        row(unit.id, unit.name, str(_UNIT_KINDS.get(unit.kind.value, unit.kind.value)),
            *(counts.get((unit.id, role), 0) for role in Role))
        for unit in plan.units
    )
    return View(name="units", title=_("Units"), subtitle=plan_subtitle(plan),
                document=document_of(plan), columns=columns, rows=rows)
