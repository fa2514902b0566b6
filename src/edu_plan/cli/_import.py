"""``import``: bring a plan in as published (.pdf, .html, .docx, .txt) or from its 责任清单 (.xlsx, .csv)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from edu_plan.cli._common import output_path, working, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from typing import Any

    from edu_plan._import import ImportResult
    from edu_plan.protocols import Importer

__all__ = ["add_commands"]


def add_commands(subparsers: Any) -> None:
    """Add ``import``."""
    p = subparsers.add_parser(
        "import",
        help="read a plan as published (.pdf, .html, .docx, .txt) or its 责任清单 (.xlsx, .csv)",
        description="Import a plan. The plan is written even when it does not validate; the report says why.",
    )
    p.add_argument("document", metavar="DOC",
                   help="the plan as published (.pdf, saved web page .html/.htm, .docx, .txt) or its 责任清单 "
                        "(.xlsx, .csv)")
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help="the plan file to write (.yaml, .json or .toml)")
    p.add_argument("--report", metavar="FILE", help="write the import report (Markdown) to FILE")
    p.add_argument("--importer", metavar="NAME", help="the importer to use (default: chosen by the file's suffix)")
    p.add_argument("--id", dest="plan_id", metavar="ID", help="the plan's id (default: from the file name)")
    p.set_defaults(handler=_import)


def _choose(document: str, name: str | None) -> Importer:
    from edu_plan._registry import Group, default_registry
    from edu_plan.errors import PlanImportError

    registry = default_registry()
    if name is not None:
        return registry.importer(name)
    suffix = Path(document).suffix.lower()
    for candidate in registry.names(Group.IMPORTERS):
        importer = registry.importer(candidate)
        if suffix in importer.suffixes:
            return importer
    raise PlanImportError(
        f"{document}: no importer reads {suffix or 'files without a suffix'!r}; "
        f"use --importer NAME (installed: {', '.join(registry.names(Group.IMPORTERS))})"
    )


def _import(args: argparse.Namespace) -> int:
    from edu_plan import serialization
    from edu_plan._import import FindingKind

    fmt = serialization.format_for_path(args.output)
    # Refuse an output path outside the folder before the (possibly long) import, not after it.
    output_path(args.output)
    if args.report:
        output_path(args.report)
    importer = _choose(args.document, args.importer)
    with working(f"importing {args.document}"):
        result: ImportResult = importer.import_plan(args.document, plan_id=args.plan_id)
    report = result.report
    if result.plan is not None:
        write_output(serialization.dumps_plan(result.plan, fmt), args.output)
    if args.report:
        write_output(report.to_markdown(), args.report)
    plan = result.plan
    summary = (f"{args.document}: {len(plan.sections)} sections, {len(plan.tasks)} tasks, "
               f"{sum(len(t.targets) for t in plan.tasks)} targets, {len(plan.units)} units → {args.output}"
               if plan is not None else f"{args.document}: nothing imported")
    print(summary)
    missed = len(report.of(FindingKind.MISSED))
    unplaced = len(report.of(FindingKind.UNPLACED))
    print(f"  {missed} commitment(s) not turned into targets, {unplaced} line(s) not placed"
          + (f" — see {args.report}" if args.report else " — use --report FILE to see them"))
    if plan is None or not plan.tasks:
        print(f"{args.document}: no task was found in it; is it the plan's text (numbered tasks 1. 2. …) or its "
              f"责任清单? see docs/how-to/import-a-plan.md", file=sys.stderr)
        return 1
    if report.errors:
        for problem in report.errors:
            print(f"  {problem}", file=sys.stderr)
        print(f"{args.output}: written, but it does not validate ({len(report.errors)} error(s)); "
              "correct it and run edu-plan validate", file=sys.stderr)
        return 1
    return 0
