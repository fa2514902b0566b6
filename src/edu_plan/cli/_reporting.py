"""``progress template`` and ``progress status``: the reporting round from the office's side."""

from __future__ import annotations

import argparse
import os
import sys

from edu_plan._i18n import gettext as _
from edu_plan.cli._common import PLAN_HELP, load_plan_arg

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from typing import Any

    import pendulum

    from edu_plan._model import Plan
    from edu_plan._workbook import Expectation
    from edu_plan.protocols import Store

__all__ = ["add_progress_actions", "expectation", "parse_day", "read_key"]

KEY_ENV = "EDU_PLAN_TEMPLATE_KEY"


def add_progress_actions(sub: Any) -> None:
    """Add ``progress template`` and ``progress status`` to the ``progress`` group."""
    from edu_plan.cli._db import STORE_HELP

    t = sub.add_parser("template", help=_("write the fill-in workbook (.xlsx) of a unit, or of every unit, for a "
                                          "period"))
    t.add_argument("plan", metavar="PLAN", help=str(PLAN_HELP))
    who = t.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", metavar="UNIT", help=_("the unit (its name, such as 县财政局, or its id)"))
    who.add_argument("--all-units", dest="all_units", action="store_true",
                     help=_("one workbook per unit, written into the folder -o names"))
    t.add_argument("--period", required=True, metavar="P", help=_("the period reported on: 2024-12, 2024Q4…"))
    t.add_argument("-o", "--output", metavar="PATH",
                   help=_("the workbook to write (default: 县财政局-2024年12月.xlsx), or with --all-units the folder"))
    t.add_argument("--progress", metavar="FILE", help=_("earlier reports, to show the last value of each target"))
    t.add_argument("--store", metavar="URL",
                   help=_("read the earlier reports from this store: {store}").format(store=STORE_HELP))
    t.add_argument("--key-file", dest="key_file", metavar="FILE",
                   help=_("sign the workbooks with the key in FILE (default: ${env}, else an unkeyed digest)")
                   .format(env=KEY_ENV))
    t.set_defaults(handler=_template)

    s = sub.add_parser("status", help=_("which units have reported for a period, which are late (迟报) and which "
                                        "missing (漏报)"))
    s.add_argument("plan", metavar="PLAN", help=str(PLAN_HELP))
    s.add_argument("--period", required=True, metavar="P", help=_("the period of the round: 2024-12, 2024Q4…"))
    s.add_argument("--as-of", dest="as_of", metavar="DATE", help=_("look from this day (default: today)"))
    s.add_argument("--progress", metavar="FILE", help=_("the reports received (.csv, .json, .yaml, .xlsx)"))
    s.add_argument("--store", metavar="URL",
                   help=_("read the reports received from this store: {store}").format(store=STORE_HELP))
    s.add_argument("--calendar", metavar="RULE",
                   help=_("the reporting rule when the plan sets none: 每月28日前, 每季度末后10日内, 每学期末"))
    s.add_argument("--format", default="table", metavar="NAME",
                   help=_("table (default) or an installed renderer: markdown, html, csv, xlsx, json…"))
    s.add_argument("--view", choices=("all", "status", "chase"), default="all",
                   help=_("all (default), status (报送情况) or chase (催报名单); csv holds one view"))
    s.add_argument("--lapses", action="store_true",
                   help=_("print the late and missing reports as progress rows (类型 迟报) instead"))
    s.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of standard output"))
    s.set_defaults(handler=_status)


def read_key(path: str | None) -> bytes | None:
    """The signing key: the bytes of ``path``, else ``$EDU_PLAN_TEMPLATE_KEY``, else None."""
    from pathlib import Path

    from edu_plan.errors import EduPlanError

    if path:
        try:
            key = Path(path).read_bytes().strip()
        except OSError as exc:
            raise EduPlanError(_("{path}: the key cannot be read ({error}); check the path").format(
                path=path, error=exc.strerror)) from None
        if not key:
            raise EduPlanError(_("{path}: the key file is empty").format(path=path))
        return key
    env = os.environ.get(KEY_ENV, "").strip()
    return env.encode("utf-8") if env else None


def expectation(plan: Plan, args: argparse.Namespace) -> Expectation:
    """What a returned workbook must be, from ``--unit``, ``--period`` and ``--key-file``."""
    from edu_plan._periods import Period
    from edu_plan._workbook import Expectation

    unit = getattr(args, "unit", None)
    period = getattr(args, "period", None)
    return Expectation(unit=unit, period=Period.parse(period) if period else None,
                       key=read_key(getattr(args, "key_file", None)))


def parse_day(text: str, option: str) -> pendulum.Date:
    """A day given on the command line (2024-12-31)."""
    import pendulum

    from edu_plan.errors import EduPlanError

    try:
        parsed = pendulum.parse(text, exact=True)
    except Exception:  # noqa: BLE001 - pendulum raises several kinds; all mean "not a date"
        parsed = None
    if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
        raise EduPlanError(_("{option} must be a date such as 2024-12-31 (got {text!r})").format(
            option=option, text=text))
    return parsed


def _open_progress(args: argparse.Namespace, plan: Plan) -> tuple[Any, Store | None]:
    from edu_plan.progress import load_progress

    if args.progress:
        return load_progress(args.progress, plan=plan), None
    if args.store is not None:
        from edu_plan._store import open_store

        store = open_store(args.store)
        return store, store
    return None, None


def _template(args: argparse.Namespace) -> int:
    from pathlib import Path

    from edu_plan._periods import Period
    from edu_plan._reporting import answered_targets
    from edu_plan._workbook import make_template, template_name
    from edu_plan.cli._render import output_path
    from edu_plan.errors import EduPlanError

    plan = load_plan_arg(args.plan)
    period = Period.parse(args.period)
    key = read_key(args.key_file)
    progress, store = _open_progress(args, plan)
    try:
        if args.all_units:
            folder = Path(args.output or ".")
            if not folder.is_dir():
                raise EduPlanError(_("{folder}: no such folder; create it first").format(folder=folder))
            units = [u for u in plan.units if not u.is_collective and any(
                a.target.deadline is None or a.target.deadline >= period.start
                for a in answered_targets(plan, u.id))]
            for unit in units:
                target = folder / template_name(plan, unit.id, period)
                target.write_bytes(make_template(plan, unit.id, period, progress=progress, key=key))
                print(target, file=sys.stderr)
            print(_("{count} workbooks written to {folder}").format(count=len(units), folder=folder), file=sys.stderr)
            return 0
        data = make_template(plan, args.unit, period, progress=progress, key=key)
        name = args.output or template_name(plan, args.unit, period)
        path = output_path(name)
        if not path.parent.is_dir():
            raise EduPlanError(_("{path}: the folder {folder!r} does not exist; create it first").format(
                path=name, folder=str(path.parent)))
        path.write_bytes(data)
        print(name, file=sys.stderr)
        return 0
    finally:
        if store is not None:
            store.close()


def _status(args: argparse.Namespace) -> int:
    import attrs
    import pendulum

    from edu_plan._periods import Period
    from edu_plan._registry import default_registry
    from edu_plan._reporting import chase_view, lapses, parse_rule, received, reporting_status, status_view
    from edu_plan.cli._common import write_output
    from edu_plan.errors import EduPlanError

    plan = load_plan_arg(args.plan)
    if args.calendar:
        rule = parse_rule(args.calendar)
        plan = attrs.evolve(plan, reporting=(rule, *(r for r in plan.reporting if r.period is not rule.period)))
    period = Period.parse(args.period)
    as_of = parse_day(args.as_of, "--as-of") if args.as_of else pendulum.today(plan.timezone).date()
    progress, store = _open_progress(args, plan)
    try:
        reports = received(progress, plan.id, until=as_of) if progress is not None else []
    finally:
        if store is not None:
            store.close()
    statuses = reporting_status(plan, reports, period, as_of=as_of)
    if args.lapses:
        from edu_plan._reporting import rule_for

        found = lapses(attrs.evolve(plan, reporting=(rule_for(plan, period),)), reports, period, as_of=as_of)
        write_output(_lapse_csv(plan, found), args.output)
        return 0
    views = tuple(build(plan, statuses, as_of=as_of) for name, build in (("status", status_view), ("chase", chase_view))
                  if args.view in ("all", name))
    renderer = default_registry().renderer(args.format)
    data = renderer.render(views, title=plan.title)
    if isinstance(data, bytes) and (args.output is None or args.output == "-"):
        raise EduPlanError(_("the {format} format is binary; write it to a file with -o FILE").format(
            format=args.format))
    write_output(data, args.output)
    return 0


def _lapse_csv(plan: Plan, found: list[Any]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["类型", "单位", "期间", "日期", "类别", "迟报天数", "备注"])
    for lapse in found:
        unit = plan.find_unit(lapse.unit)
        writer.writerow(["迟报" if lapse.kind.value == "late" else "漏报", unit.name if unit else lapse.unit,
                         str(lapse.period), lapse.date.isoformat(), lapse.kind.value, lapse.days_late, lapse.note])
    return out.getvalue()
