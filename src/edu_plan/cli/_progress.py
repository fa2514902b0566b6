"""``progress check``: every bad row of a progress file, with its line."""

from __future__ import annotations

import argparse
import sys

from edu_plan._i18n import gettext as _
from edu_plan._i18n import ngettext
from edu_plan.cli._common import PLAN_HELP, load_plan_arg

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_commands"]


def add_commands(subparsers: Any) -> None:
    """Add ``progress check``."""
    p = subparsers.add_parser("progress", help=_("check progress reports (进展报送) against a plan"))
    sub = p.add_subparsers(dest="progress_command", metavar="ACTION", required=True)
    c = sub.add_parser("check", help=_("list every bad row of a progress file with its line"))
    c.add_argument("plan", metavar="PLAN", help=str(PLAN_HELP))
    c.add_argument("progress", metavar="PROGRESS", help=_("a progress file (.csv, .json, .yaml, .xlsx)"))
    c.add_argument("--unit", metavar="UNIT", help=_("refuse a fill-in workbook that is not this unit's"))
    c.add_argument("--period", metavar="P", help=_("refuse a fill-in workbook that is not for this period"))
    c.add_argument("--key-file", dest="key_file", metavar="FILE",
                   help=_("the key the fill-in workbooks were signed with (default: $EDU_PLAN_TEMPLATE_KEY)"))
    c.set_defaults(handler=_check)
    from edu_plan.cli._reporting import add_progress_actions

    add_progress_actions(sub)


def _check(args: argparse.Namespace) -> int:
    from edu_plan.errors import Severity
    from edu_plan.progress import check_progress, read_progress

    plan = load_plan_arg(args.plan)
    from edu_plan.cli._reporting import expectation

    document = read_progress(args.progress, plan=plan, expect=expectation(plan, args))
    problems = [*document.problems, *check_progress(plan, document)]
    problems.sort(key=lambda p: (p.line or 0, p.code))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    summary = ngettext("{file}: {reports} reports, {events} events, {count} error",
                       "{file}: {reports} reports, {events} events, {count} errors", len(errors)).format(
        file=args.progress, reports=len(document.reports), events=len(document.events), count=len(errors))
    print(summary, file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0
