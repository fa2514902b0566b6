"""``validate``, ``show``, ``export`` and ``plugins``: the plan itself."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from edu_plan._model import Plan, Role
from edu_plan._registry import Group, default_registry
from edu_plan.cli._common import PLAN_HELP, load_plan_arg, read_plan_arg, write_output
from edu_plan.errors import Severity

__all__ = ["add_commands"]

SHOW_VIEWS = ("tasks", "units", "targets", "responsibilities")


def add_commands(subparsers: Any) -> None:
    """Add ``validate``, ``show``, ``export`` and ``plugins``."""
    p = subparsers.add_parser("validate", help="check a plan file; list every problem with its line")
    p.add_argument("plan", metavar="FILE", help=PLAN_HELP)
    p.set_defaults(handler=_validate)

    p = subparsers.add_parser("show", help="print a plan's tasks, units, targets or responsibilities")
    p.add_argument("plan", metavar="FILE", help=PLAN_HELP)
    p.add_argument("--view", choices=SHOW_VIEWS, default="tasks", help="what to show (default: tasks)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    p.set_defaults(handler=_show)

    p = subparsers.add_parser("export", help="print the canonical plan file (json, yaml or toml)")
    p.add_argument("plan", metavar="FILE", help=PLAN_HELP)
    p.add_argument("--format", choices=("json", "yaml", "toml"), default="yaml", help="default: yaml")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(handler=_export)

    p = subparsers.add_parser("plugins", help="list the installed plugins of every kind")
    p.set_defaults(handler=_plugins)


def _validate(args: argparse.Namespace) -> int:
    document = read_plan_arg(args.plan)
    problems, plan, source = document.problems, document.plan, args.plan
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    if errors or plan is None:
        print(f"{source}: {len(errors)} error{'s' if len(errors) != 1 else ''}", file=sys.stderr)
        return 1
    targets = sum(len(t.targets) for t in plan.tasks)
    print(f"{source}: ok — {len(plan.sections)} sections, {len(plan.tasks)} tasks, "
          f"{targets} targets, {len(plan.units)} units")
    return 0


def _export(args: argparse.Namespace) -> int:
    from edu_plan import serialization

    plan = load_plan_arg(args.plan)
    write_output(serialization.dumps_plan(plan, args.format), args.output)
    return 0


def _show(args: argparse.Namespace) -> int:
    plan = load_plan_arg(args.plan)
    headers, rows = _VIEWS[args.view](plan)
    if args.format == "json":
        from edu_plan import serialization

        records = [dict(zip(headers, row, strict=True)) for row in rows]
        sys.stdout.write(serialization.dumps(records, "json"))
    else:
        from tabulate import tabulate

        sys.stdout.write(tabulate(rows, headers=headers, tablefmt="simple_grid", disable_numparse=True) + "\n")
    return 0


def _names(plan: Plan, ids: Sequence[str]) -> str:
    names = []
    for unit_id in ids:
        try:
            names.append(plan.unit(unit_id).name)
        except KeyError:
            names.append(unit_id)
    return "、".join(names)


def _tasks(plan: Plan) -> tuple[list[str], list[list[Any]]]:
    headers = ["板块", "序号", "重点任务", "牵头/责任单位", "配合单位", "目标数"]
    rows = [
        [section.key, task.number, task.title, _names(plan, task.owners),
         _names(plan, task.units(Role.COOPERATING)), len(task.targets)]
        for section in plan.sections for task in section.tasks
    ]
    return headers, rows


def _units(plan: Plan) -> tuple[list[str], list[list[Any]]]:
    headers = ["编号", "名称", "类别", "牵头", "配合", "责任"]
    rows = []
    for unit in plan.units:
        counts = {role: sum(1 for t in plan.tasks for r in t.responsibilities if r.unit == unit.id and r.role is role)
                  for role in Role}
        rows.append([unit.id, unit.name, unit.kind.value, counts[Role.LEAD], counts[Role.COOPERATING],
                     counts[Role.RESPONSIBLE]])
    return headers, rows


def _targets(plan: Plan) -> tuple[list[str], list[list[Any]]]:
    headers = ["编号", "任务", "类型", "目标", "周期", "完成时限"]
    rows = [
        [target.id, task.number, target.kind, target.describe(),
         target.recurrence.describe() if target.recurrence else "", str(target.deadline or "")]
        for task, target in plan.iter_targets()
    ]
    return headers, rows


def _responsibilities(plan: Plan) -> tuple[list[str], list[list[Any]]]:
    headers = ["序号", "重点任务", "牵头单位", "配合单位", "责任单位"]
    rows = [
        [task.number, task.title, _names(plan, task.units(Role.LEAD)), _names(plan, task.units(Role.COOPERATING)),
         _names(plan, task.units(Role.RESPONSIBLE))]
        for task in plan.tasks
    ]
    return headers, rows


_VIEWS = {"tasks": _tasks, "units": _units, "targets": _targets, "responsibilities": _responsibilities}


def _plugins(_args: argparse.Namespace) -> int:
    from tabulate import tabulate

    rows = []
    failed = 0
    for info in default_registry().describe():
        status = "ok" if info.error is None else f"error: {info.error}"
        failed += info.error is not None
        dist = " ".join(part for part in (info.distribution, info.version) if part)
        rows.append([Group(info.group).short, info.name, dist, info.value, status])
    sys.stdout.write(tabulate(rows, headers=["group", "name", "distribution", "object", "status"],
                              tablefmt="simple") + "\n")
    return 1 if failed else 0
