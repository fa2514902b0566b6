"""Views of the plan alone: the responsibility list, the workload matrix, targets, tasks and units."""

from __future__ import annotations

from edu_plan._model import Plan, Role
from edu_plan._registry import Registry, default_registry
from edu_plan.views._common import document_of, kind_label, names, plan_subtitle, row, task_deadline
from edu_plan.views._model import Cell, CellValue, Column, ColumnType, HeatMap, View, cell_text


def responsibility_list(plan: Plan) -> View:
    """责任清单, the plan's attachment: each task, its units, main targets and deadline.

    A task with a sole responsible unit (责任单位) has it in its own column and no lead.
    The deadline is the latest target deadline, else the end of the plan's horizon.
    """
    columns = (
        Column(key="number", label="序号", type=ColumnType.INTEGER),
        Column(key="task", label="重点任务"),
        Column(key="lead", label="牵头单位"),
        Column(key="cooperating", label="配合单位"),
        Column(key="responsible", label="责任单位"),
        Column(key="targets", label="主要目标"),
        Column(key="deadline", label="完成时限", type=ColumnType.DATE),
    )
    rows = tuple(
        row(
            task.number,
            task.title,
            names(plan, task.units(Role.LEAD)),
            names(plan, task.units(Role.COOPERATING)),
            names(plan, task.units(Role.RESPONSIBLE)),
            "；".join(target.describe() for target in task.targets),
            task_deadline(plan, task),
        )
        for task in plan.tasks
    )
    return View(name="responsibilities", title="责任清单", subtitle=plan_subtitle(plan),
                document=document_of(plan), columns=columns, rows=rows)


_MARKS = {Role.LEAD: "牵", Role.COOPERATING: "配", Role.RESPONSIBLE: "责"}
_WEIGHT = {Role.LEAD: 2, Role.RESPONSIBLE: 2, Role.COOPERATING: 1}


def workload_matrix(plan: Plan) -> View:
    """Units × tasks marked 牵 / 配 / 责, with each unit's counts; units without a task are left out."""
    tasks = plan.tasks
    roles: dict[str, dict[int, Role]] = {}
    for task in tasks:
        for responsibility in task.responsibilities:
            roles.setdefault(responsibility.unit, {}).setdefault(task.number, responsibility.role)
    order = [u.id for u in plan.units if u.id in roles] + sorted(set(roles) - {u.id for u in plan.units})
    columns = (
        Column(key="unit", label="单位"),
        *(Column(key=f"task_{t.number}", label=str(t.number), type=ColumnType.MARK) for t in tasks),
        Column(key="lead", label="牵头", type=ColumnType.INTEGER),
        Column(key="cooperating", label="配合", type=ColumnType.INTEGER),
        Column(key="responsible", label="责任", type=ColumnType.INTEGER),
        Column(key="total", label="合计", type=ColumnType.INTEGER),
    )
    rows = []
    values = []
    marks = []
    for unit_id in order:
        held = roles[unit_id]
        counts = {role: sum(1 for r in held.values() if r is role) for role in Role}
        row_marks = tuple(_MARKS[held[t.number]] if t.number in held else "" for t in tasks)
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
        title="单位任务分工热力图",
        rows=tuple(names(plan, [u]) for u in order),
        columns=tuple(str(t.number) for t in tasks),
        values=tuple(values),
        marks=tuple(marks),
        legend=((2, "牵头 / 责任"), (1, "配合"), (0, "无")),
    )
    return View(
        name="workload",
        title="单位任务分工矩阵",
        subtitle=plan_subtitle(plan), document=document_of(plan),
        columns=columns,
        rows=tuple(rows),
        notes=("牵 = 牵头单位，配 = 配合单位，责 = 责任单位",),
        charts=(heat,),
    )


_SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def targets_list(plan: Plan, *, registry: Registry | None = None) -> View:
    """Every target: kind, quantity (or range), unit of measure, recurrence and deadline."""
    reg = registry if registry is not None else default_registry()
    columns = (
        Column(key="id", label="编号"),
        Column(key="task", label="任务", type=ColumnType.INTEGER),
        Column(key="kind", label="类型"),
        Column(key="metric", label="指标"),
        Column(key="comparator", label="比较"),
        Column(key="quantity", label="数量", type=ColumnType.DECIMAL),
        Column(key="unit_of_measure", label="计量单位"),
        Column(key="period", label="周期"),
        Column(key="deadline", label="完成时限", type=ColumnType.DATE),
    )
    rows = []
    for task, target in plan.iter_targets():
        quantity: CellValue = target.quantity
        if target.minimum is not None or target.maximum is not None:
            quantity = f"{cell_text(target.minimum)}—{cell_text(target.maximum)}"
        elif target.quantity is None and target.relative_to:
            quantity = f"不低于{target.relative_to}"
        comparator = _SYMBOLS[target.comparator.value] if target.comparator is not None else ""
        if target.approximate:
            comparator = "≈"
        rows.append(
            row(
                target.id,
                task.number,
                kind_label(reg, target.kind),
                target.metric,
                comparator,
                quantity,
                target.unit_of_measure or "",
                target.recurrence.describe() if target.recurrence is not None else "",
                target.deadline,
            )
        )
    return View(name="targets", title="目标指标清单", subtitle=plan_subtitle(plan),
                document=document_of(plan), columns=columns, rows=tuple(rows))


def tasks_list(plan: Plan) -> View:
    """Each task with its section, owners, cooperating units and number of targets."""
    columns = (
        Column(key="section", label="板块"),
        Column(key="number", label="序号", type=ColumnType.INTEGER),
        Column(key="task", label="重点任务"),
        Column(key="owners", label="牵头/责任单位"),
        Column(key="cooperating", label="配合单位"),
        Column(key="targets", label="目标数", type=ColumnType.INTEGER),
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
    return View(name="tasks", title="重点任务", subtitle=plan_subtitle(plan),
                document=document_of(plan), columns=columns, rows=rows)


def units_list(plan: Plan) -> View:
    """The unit registry with how many tasks each unit leads, cooperates on or is responsible for."""
    columns = (
        Column(key="id", label="编号"),
        Column(key="name", label="名称"),
        Column(key="kind", label="类别"),
        Column(key="lead", label="牵头", type=ColumnType.INTEGER),
        Column(key="cooperating", label="配合", type=ColumnType.INTEGER),
        Column(key="responsible", label="责任", type=ColumnType.INTEGER),
    )
    counts: dict[tuple[str, Role], int] = {}
    for task in plan.tasks:
        for r in task.responsibilities:
            counts[(r.unit, r.role)] = counts.get((r.unit, r.role), 0) + 1
    rows = tuple(
        row(unit.id, unit.name, unit.kind.value, *(counts.get((unit.id, role), 0) for role in Role))
        for unit in plan.units
    )
    return View(name="units", title="单位", subtitle=plan_subtitle(plan),
                document=document_of(plan), columns=columns, rows=rows)
