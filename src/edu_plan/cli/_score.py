"""``score``: the assessment of a year (or any period) with a scheme file, through the views: table, CSV, or JSON."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from edu_plan._achievements import assess
from edu_plan._assessment import Assessment
from edu_plan._model import Plan
from edu_plan._progress import ProgressSource
from edu_plan._registry import default_registry
from edu_plan.cli._common import PLAN_HELP, load_plan_arg, write_output
from edu_plan.errors import EduPlanError

__all__ = ["add_commands", "render_assessment"]


def add_commands(subparsers: Any) -> None:
    """Add ``score``."""
    p = subparsers.add_parser("score", help="score a period: scorecards, grades and ranking per unit")
    p.add_argument("plan", metavar="PLAN", help=PLAN_HELP)
    p.add_argument("--progress", metavar="FILE", help="progress reports and events (.csv, .json, .yaml); "
                   "without it, progress is read from the store")
    p.add_argument("--store", metavar="URL", help="read the progress (and PLAN, if it is a plan id) from this store; "
                   "default when no --progress: $EDU_PLAN_STORE, else the embedded SQLite file")
    p.add_argument("--scheme", required=True, metavar="FILE", help="a scheme file (.toml) naming its scorer")
    p.add_argument("--period", required=True, help="the period assessed: 2024, 2024Q3, 2024-2025…")
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="look from this day (default: the period's last day)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table", help="table (default), json or csv")
    p.add_argument("--unit", metavar="UNIT", help="the lines of this unit's scorecard (table or csv)")
    p.add_argument("--require-reports", dest="require_reports", action="store_true",
                   help="refuse to score a period with no report at all (default: score it, with a warning)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(handler=_score)


def _score(args: argparse.Namespace) -> int:
    import pendulum

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
    period = Period.parse(args.period)
    as_of = None
    if args.as_of:
        try:
            parsed = pendulum.parse(args.as_of, exact=True)
        except Exception:  # noqa: BLE001 - pendulum raises several kinds; all mean "not a date"
            raise EduPlanError(f"--as-of must be a date such as 2024-12-31 (got {args.as_of!r})") from None
        if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
            raise EduPlanError(f"--as-of must be a date such as 2024-12-31 (got {args.as_of!r})")
        as_of = parsed
    try:
        log: ProgressSource = load_progress(args.progress, plan=plan) if store is None else store
        assessment = assess(plan, log, args.scheme, period=period, as_of=as_of, require_reports=args.require_reports)
    finally:
        if store is not None:
            store.close()
    for warning in assessment.warnings:
        print(f"warning: {warning}", file=sys.stderr)
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
    from edu_plan.views import score_lines, scorecards

    renderer = default_registry().renderer(fmt)
    if unit is not None:
        found = plan.find_unit(unit)
        unit_id = found.id if found is not None else unit
        if unit_id not in {card.unit for card in assessment.scorecards}:
            names = ", ".join(c.unit_name for c in assessment.ranking())
            raise EduPlanError(f"--unit {unit!r} has no scorecard in this assessment (scored: {names})")
        view = score_lines(plan, assessment, unit=unit_id)
    elif fmt == "csv":
        view = score_lines(plan, assessment)
    else:
        view = scorecards(plan, assessment)
    data = renderer.render([view])
    if isinstance(data, bytes):  # pragma: no cover - the choices are text formats
        raise EduPlanError(f"the {fmt} format is binary")
    return data
