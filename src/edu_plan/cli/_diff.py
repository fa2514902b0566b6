"""``diff`` and ``history``: what changed between two versions of a plan, and the revisions a store keeps."""

from __future__ import annotations

import argparse
import sys

from edu_plan._i18n import gettext as _
from edu_plan.cli._common import load_plan_arg, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from typing import Any

    from edu_plan._model import Plan
    from edu_plan.protocols import Store

__all__ = ["add_commands"]


def add_commands(subparsers: Any) -> None:
    """Add ``diff`` and ``history``."""
    from edu_plan.cli._db import STORE_HELP

    d = subparsers.add_parser("diff", help=_("list what changed between two versions of a plan (exit 0 same, "
                                             "1 different, 2 trouble)"))
    d.add_argument("old", metavar="OLD", help=_("a plan file, a bundled dataset (helan), or with --store "
                                                "PLAN_ID@REVISION"))
    d.add_argument("new", metavar="NEW", help=_("the same, for the newer version"))
    d.add_argument("--store", metavar="URL",
                   help=_("read PLAN_ID@REVISION from this store: {store}").format(store=STORE_HELP))
    d.add_argument("--format", default="table", metavar="NAME",
                   help=_("table (default) or an installed renderer: markdown, html, csv, xlsx, json…"))
    d.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of standard output"))
    d.set_defaults(handler=_diff)

    h = subparsers.add_parser("history", help=_("list the stored revisions of a plan"))
    h.add_argument("plan", metavar="PLAN_ID", help=_("the plan's id in the store"))
    h.add_argument("--store", metavar="URL", help=str(STORE_HELP))
    h.set_defaults(handler=_history)


def _version(value: str, store: Store | None) -> Plan:
    from edu_plan.errors import EduPlanError

    if store is not None and "@" in value:
        plan_id, _sep, revision = value.rpartition("@")
        try:
            number = int(revision)
        except ValueError:
            raise EduPlanError(_("{value}: the revision after @ must be a number, such as helan@2").format(
                value=value)) from None
        return store.load_plan(plan_id, revision=number)
    if store is not None:
        from edu_plan.cli._db import plan_from_store

        return plan_from_store(value, store)
    return load_plan_arg(value)


def _diff(args: argparse.Namespace) -> int:
    from edu_plan._diff import diff_plans, diff_view
    from edu_plan._registry import default_registry
    from edu_plan.errors import EduPlanError

    # diff(1)'s statuses: 0 the same, 1 different, 2 trouble, so that a script can tell them apart.
    try:
        store = None
        if args.store is not None:
            from edu_plan._store import open_store

            store = open_store(args.store)
        try:
            old, new = _version(args.old, store), _version(args.new, store)
        finally:
            if store is not None:
                store.close()
        changes = diff_plans(old, new)
        view = diff_view(changes, old=args.old, new=args.new)
        data = default_registry().renderer(args.format).render((view,))
        if isinstance(data, bytes) and (args.output is None or args.output == "-"):
            raise EduPlanError(_("the {format} format is binary; write it to a file with -o FILE").format(
                format=args.format))
        write_output(data, args.output)
    except EduPlanError as exc:
        print(f"edu-plan: {exc}", file=sys.stderr)
        return 2
    return 1 if changes else 0


def _history(args: argparse.Namespace) -> int:
    from edu_plan._i18n import format_date
    from edu_plan._store import open_store
    from edu_plan.errors import EduPlanError

    with open_store(args.store) as store:
        revisions = store.revisions(args.plan)
    if not revisions:
        raise EduPlanError(_("no revisions of plan {plan!r} in the store").format(plan=args.plan))
    for revision in revisions:
        print(_("{plan}@{revision}  {saved}  {digest}  {title}").format(
            plan=revision.plan_id, revision=revision.revision, saved=format_date(revision.saved_at.date()),
            digest=revision.digest[:12], title=revision.title))
    return 0
