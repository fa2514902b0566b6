"""``validate``, ``show``, ``export`` and ``plugins``: the plan itself."""

from __future__ import annotations

import argparse
import sys

from edu_plan._i18n import gettext as _
from edu_plan._i18n import ngettext
from edu_plan.cli._common import PLAN_HELP, load_plan_arg, read_plan_arg, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_commands"]

SHOW_VIEWS = ("tasks", "units", "targets", "responsibilities")


def add_commands(subparsers: Any) -> None:
    """Add ``validate``, ``show``, ``export`` and ``plugins``."""
    p = subparsers.add_parser("validate", help=_("check a plan file; list every problem with its line"))
    p.add_argument("plan", metavar="FILE", help=str(PLAN_HELP))
    p.set_defaults(handler=_validate)

    p = subparsers.add_parser("show", help=_("print a plan's tasks, units, targets or responsibilities"))
    p.add_argument("plan", metavar="FILE", help=str(PLAN_HELP))
    p.add_argument("--view", choices=SHOW_VIEWS, default="tasks", help=_("what to show (default: tasks)"))
    p.add_argument("--format", choices=("table", "json"), default="table", help=_("table (default) or json"))
    p.add_argument("--store", metavar="URL", help=_("read the plan (FILE is then a plan id) from this store"))
    p.set_defaults(handler=_show)

    p = subparsers.add_parser("export", help=_("print the canonical plan file (json, yaml or toml)"))
    p.add_argument("plan", metavar="FILE", help=str(PLAN_HELP))
    p.add_argument("--format", choices=("json", "yaml", "toml"), default="yaml", help=_("default: yaml"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of standard output"))
    p.set_defaults(handler=_export)

    p = subparsers.add_parser("plugins", help=_("list the installed plugins of every kind"))
    p.set_defaults(handler=_plugins)


def _validate(args: argparse.Namespace) -> int:
    from edu_plan.errors import Severity

    document = read_plan_arg(args.plan)
    problems, plan, source = document.problems, document.plan, args.plan
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    if errors or plan is None:
        print(ngettext("{source}: {count} error", "{source}: {count} errors", len(errors)).format(
            source=source, count=len(errors)), file=sys.stderr)
        return 1
    targets = sum(len(t.targets) for t in plan.tasks)
    print(_("{source}: ok — {sections} sections, {tasks} tasks, {targets} targets, {units} units").format(
        source=source, sections=len(plan.sections), tasks=len(plan.tasks), targets=targets, units=len(plan.units)))
    return 0


def _export(args: argparse.Namespace) -> int:
    from edu_plan import serialization

    plan = load_plan_arg(args.plan)
    write_output(serialization.dumps_plan(plan, args.format), args.output)
    return 0


def _show(args: argparse.Namespace) -> int:
    # One way to build a view: the same views and renderers as `edu-plan render`, here as bare grids or records.
    import attrs

    from edu_plan.plugins.render import JSON, TABLE
    from edu_plan.views import build

    if args.store is None:
        plan = load_plan_arg(args.plan)
    else:
        from edu_plan._store import open_store
        from edu_plan.cli._db import plan_from_store

        with open_store(args.store) as store:
            plan = plan_from_store(args.plan, store)
    renderer = attrs.evolve(JSON, records_only=True) if args.format == "json" else attrs.evolve(TABLE, headings=False)
    sys.stdout.write(renderer.render(build(args.view, plan)))
    return 0


def _plugins(_args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from edu_plan._registry import Group, default_registry

    rows = []
    failed = 0
    for info in default_registry().describe():
        status = _("ok") if info.error is None else _("error: {error}").format(error=info.error)
        failed += info.error is not None
        dist = " ".join(part for part in (info.distribution, info.version) if part)
        rows.append([Group(info.group).short, info.name, dist, info.value, status])
    sys.stdout.write(tabulate(rows, headers=[_("group"), _("name"), _("distribution"), _("object"), _("status")],
                              tablefmt="simple") + "\n")
    return 1 if failed else 0
