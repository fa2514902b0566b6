"""``import``: bring a plan in as published (.pdf, .html, .docx, .txt) or from its 责任清单 (.xlsx, .csv)."""

from __future__ import annotations

import argparse
import sys

from edu_plan._i18n import gettext as _
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
        help=_("read a plan as published (.pdf, .html, .docx, .txt) or its 责任清单 (.xlsx, .csv)"),
        description=_("Import a plan. The plan is written even when it does not validate; the report says why."),
    )
    p.add_argument("document", metavar="DOC",
                   help=_("the plan as published (.pdf, saved web page .html/.htm, .docx, .txt) or its 责任清单 "
                          "(.xlsx, .csv)"))
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help=_("the plan file to write (.yaml, .json or .toml)"))
    p.add_argument("--report", metavar="FILE", help=_("write the import report (Markdown) to FILE"))
    p.add_argument("--importer", metavar="NAME", help=_("the importer to use (default: chosen by the file's suffix)"))
    p.add_argument("--id", dest="plan_id", metavar="ID", help=_("the plan's id (default: from the file name)"))
    p.set_defaults(handler=_import)


def _choose(document: str, name: str | None) -> Importer:
    from pathlib import Path

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
    installed = ", ".join(registry.names(Group.IMPORTERS))
    if suffix:
        raise PlanImportError(_("{document}: no importer reads {suffix!r}; use --importer NAME (installed: "
                                "{installed})").format(document=document, suffix=suffix, installed=installed))
    raise PlanImportError(_("{document}: no importer reads files without a suffix; use --importer NAME (installed: "
                            "{installed})").format(document=document, installed=installed))


def _import(args: argparse.Namespace) -> int:
    from edu_plan import serialization
    from edu_plan._import import FindingKind

    fmt = serialization.format_for_path(args.output)
    # Refuse an output path outside the folder before the (possibly long) import, not after it.
    output_path(args.output)
    if args.report:
        output_path(args.report)
    importer = _choose(args.document, args.importer)
    with working(_("importing {document}").format(document=args.document)):
        result: ImportResult = importer.import_plan(args.document, plan_id=args.plan_id)
    report = result.report
    if result.plan is not None:
        write_output(serialization.dumps_plan(result.plan, fmt), args.output)
    if args.report:
        write_output(report.to_markdown(), args.report)
    plan = result.plan
    if plan is not None:
        summary = _("{document}: {sections} sections, {tasks} tasks, {targets} targets, {units} units → "
                    "{output}").format(
            document=args.document, sections=len(plan.sections), tasks=len(plan.tasks),
            targets=sum(len(t.targets) for t in plan.tasks), units=len(plan.units), output=args.output)
    else:
        summary = _("{document}: nothing imported").format(document=args.document)
    print(summary)
    missed = len(report.of(FindingKind.MISSED))
    unplaced = len(report.of(FindingKind.UNPLACED))
    counts = _("{missed} commitment(s) not turned into targets, {unplaced} line(s) not placed").format(
        missed=missed, unplaced=unplaced)
    see = (_(" — see {report}").format(report=args.report) if args.report
           else _(" — use --report FILE to see them"))
    print(f"  {counts}{see}")
    if plan is None or not plan.tasks:
        print(_("{document}: no task was found in it; is it the plan's text (numbered tasks 1. 2. …) or its "
                "责任清单? see docs/how-to/import-a-plan.md").format(document=args.document), file=sys.stderr)
        return 1
    if report.errors:
        for problem in report.errors:
            print(f"  {problem}", file=sys.stderr)
        print(_("{output}: written, but it does not validate ({count} error(s)); correct it and run edu-plan "
                "validate").format(output=args.output, count=len(report.errors)), file=sys.stderr)
        return 1
    return 0
