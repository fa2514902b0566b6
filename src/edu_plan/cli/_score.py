"""``score``: the assessment of a year (or any period) with a scheme file, through the views: table, CSV, or JSON."""

from __future__ import annotations

import argparse
import sys

from edu_plan._i18n import gettext as _
from edu_plan.cli._common import PLAN_HELP, date_option, load_plan_arg, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from typing import Any

    from edu_plan._assessment import Assessment
    from edu_plan._compare import Comparison
    from edu_plan._model import Plan
    from edu_plan._progress import ProgressSource

__all__ = ["add_commands", "comparison_text", "render_assessment"]


def add_commands(subparsers: Any) -> None:
    """Add ``score``."""
    p = subparsers.add_parser("score", help=_("score a period: scorecards, grades and ranking per unit"))
    p.add_argument("plan", metavar="PLAN", help=str(PLAN_HELP))
    p.add_argument("--progress", metavar="FILE", help=_("progress reports and events (.csv, .json, "
                   ".yaml); without it, progress is read from the store"))
    p.add_argument("--store", metavar="URL", help=_("read the progress (and PLAN, if it is a plan id) from this "
                   "store; default when no --progress: $EDU_PLAN_STORE, else the embedded SQLite file"))
    p.add_argument("--scheme", required=True, metavar="FILE", help=_("a scheme file (.toml) naming its scorer"))
    p.add_argument("--period", required=True, help=_("the period assessed: 2024, 2024Q3, 2024-2025…"))
    p.add_argument("--as-of", dest="as_of", metavar="DATE",
                   help=_("look from this day (default: the period's last day)"))
    p.add_argument("--issued", metavar="DATE", help=_("the issue date of the rectification orders (default: the "
                   "as-of day); it changes no score"))
    p.add_argument("--compare", metavar="OTHER.json", help=_("compare with an earlier scoring (score --format json): "
                   "per unit the total, grade and rank before and after, and the lines that changed"))
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help=_("table (default), json or csv"))
    p.add_argument("--unit", metavar="UNIT", help=_("the lines of this unit's scorecard (table or csv)"))
    p.add_argument("--require-reports", dest="require_reports", action="store_true",
                   help=_("refuse to score a period with no report at all (default: score it, with a warning)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of standard output"))
    p.set_defaults(handler=_score)


def _score(args: argparse.Namespace) -> int:
    import pendulum

    from edu_plan._achievements import assess
    from edu_plan._compare import compare_assessments, read_assessment
    from edu_plan._periods import Period
    from edu_plan.progress import load_progress

    store = None
    if args.store is not None or not args.progress:
        from edu_plan._store import open_store
        from edu_plan.cli._db import plan_from_store

        store = open_store(args.store)
    try:
        plan = load_plan_arg(args.plan) if store is None else plan_from_store(args.plan, store)
    except BaseException:
        if store is not None:
            store.close()
        raise
    try:
        period = Period.parse(args.period)
        as_of: pendulum.Date | None = date_option(args.as_of, "--as-of")
        issued: pendulum.Date | None = date_option(args.issued, "--issued")
        before = read_assessment(args.compare) if args.compare else None
        log: ProgressSource = load_progress(args.progress, plan=plan) if store is None else store
        from edu_plan._reporting import with_lapses  # late and missing reports found by the plan's calendar

        log = with_lapses(plan, log, period, as_of=as_of)
        assessment = assess(plan, log, args.scheme, period=period, as_of=as_of, issued=issued,
                            require_reports=args.require_reports)
    finally:
        if store is not None:
            store.close()
    for warning in assessment.warnings:
        print(_("warning: {warning}").format(warning=warning), file=sys.stderr)
    if before is not None:
        write_output(comparison_text(compare_assessments(before, assessment), args.format), args.output)
        return 0
    if args.format == "json":
        from edu_plan import serialization

        text = serialization.dumps(serialization.unstructure(assessment, "json"), "json")
    else:
        text = render_assessment(plan, assessment, args.format, unit=args.unit)
    write_output(text, args.output)
    return 0


def render_assessment(plan: Plan, assessment: Assessment, fmt: str, *, unit: str | None = None) -> str:
    """The assessment through the views and a renderer: the ranking (scorecards), or every line (CSV, ``unit``).

    The table shows the ranking, or with ``unit`` that unit's lines; CSV has a row per line.
    """
    from edu_plan._registry import default_registry
    from edu_plan.errors import EduPlanError
    from edu_plan.views import score_lines, scorecards

    renderer = default_registry().renderer(fmt)
    if unit is not None:
        found = plan.find_unit(unit)
        unit_id = found.id if found is not None else unit
        if unit_id not in {card.unit for card in assessment.scorecards}:
            names = ", ".join(c.unit_name for c in assessment.ranking())
            raise EduPlanError(_("--unit {unit!r} has no scorecard in this assessment (scored: {names})").format(
                unit=unit, names=names))
        view = score_lines(plan, assessment, unit=unit_id)
    elif fmt == "csv":
        view = score_lines(plan, assessment)
    else:
        view = scorecards(plan, assessment)
    data = renderer.render([view])
    if isinstance(data, bytes):  # pragma: no cover - the choices are text formats
        raise EduPlanError(_("the {format} format is binary").format(format=fmt))
    return data


def _text(value: object) -> str:
    from decimal import Decimal

    from edu_plan._assessment import plain

    if value is None:
        return "—"
    return plain(value) if isinstance(value, Decimal) else str(value)


def comparison_text(comparison: Comparison, fmt: str) -> str:
    """The comparison as a terminal table (changed units, then their changed lines), JSON or CSV."""
    from edu_plan._assessment import percent
    if fmt == "json":
        from edu_plan import serialization

        return serialization.dumps(serialization.unstructure({"units": comparison.units}, "json"), "json")
    if fmt == "csv":
        import csv
        import io

        from edu_plan.plugins.render import neutralise_formula

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["unit", "unit_name", "total_before", "total_after", "grade_before", "grade_after",
                         "rank_before", "rank_after", "task", "target", "role", "points_before", "points_after",
                         "max_before", "max_after", "share_before", "share_after"])
        for unit in comparison.units:
            head = [unit.unit, unit.unit_name, _text(unit.total_before), _text(unit.total_after),
                    _text(unit.grade_before), _text(unit.grade_after), _text(unit.rank_before), _text(unit.rank_after)]
            for line in unit.lines or ():
                writer.writerow([neutralise_formula(c) for c in (*head, str(line.task), line.target or "",
                                 line.role.value, _text(line.points_before), _text(line.points_after),
                                 _text(line.max_before), _text(line.max_after), _text(line.share_before),
                                 _text(line.share_after))])
            if not unit.lines:
                writer.writerow([neutralise_formula(c) for c in head] + [""] * 9)
        return out.getvalue()
    from tabulate import tabulate

    from edu_plan._i18n import format_date

    before, after = comparison.before, comparison.after
    title = _("Comparison: {before} (as of {before_day}) → {after} (as of {after_day}), {changed} of {units} units "
              "changed").format(before=before.scheme, before_day=format_date(before.as_of), after=after.scheme,
                                after_day=format_date(after.as_of), changed=len(comparison.changed),
                                units=len(comparison.units))
    rows = [[u.unit_name, _text(u.total_before), _text(u.total_after),
             "" if u.difference is None else f"{u.difference:+.2f}", _text(u.grade_before), _text(u.grade_after),
             _text(u.rank_before), _text(u.rank_after)] for u in comparison.units]
    columns = [_("unit"), _("total before"), _("total after"), _("difference"), _("grade before"), _("grade after"),
               _("rank before"), _("rank after")]
    parts = [title, tabulate(rows, headers=columns, tablefmt="simple", disable_numparse=True)]
    for unit in comparison.changed:
        if not unit.lines:
            continue
        changed = [[line.task, line.target or "", line.role.label,
                  "—" if line.share_before is None else percent(line.share_before),
                  "—" if line.share_after is None else percent(line.share_after),
                  _text(line.max_before), _text(line.max_after), _text(line.points_before), _text(line.points_after)]
                 for line in unit.lines]
        heading = _("{name} ({unit}): {count} lines changed").format(name=unit.unit_name, unit=unit.unit,
                                                                        count=len(unit.lines))
        parts.append(f"\n{heading}\n" + tabulate(
            changed, headers=[_("task"), _("target"), _("role"), _("share before"), _("share after"),
                              _("maximum before"),
                              _("maximum after"), _("points before"), _("points after")],
            tablefmt="simple", disable_numparse=True))
    return "\n".join(parts) + "\n"
