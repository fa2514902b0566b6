"""``render``: a plan's views (and, with progress, its bulletin and scores) in any installed format."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from edu_plan._i18n import gettext as _
from edu_plan.cli._common import PLAN_HELP, date_option, load_plan_arg, output_path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_commands", "output_path"]


def add_commands(subparsers: Any) -> None:
    """Add ``render``."""
    p = subparsers.add_parser(
        "render",
        help=_("write a view (责任清单, 工作台账, 通报, scorecards…) as a table, Markdown, HTML, CSV, Excel, Word "
               "or JSON"),
    )
    p.add_argument("plan", metavar="PLAN", help=str(PLAN_HELP))
    p.add_argument("--view", required=True, choices=_ViewNames(), metavar="NAME",
                   help=_("what to show: %(choices)s"))
    p.add_argument("--format", default="table", metavar="NAME",
                   help=_("an installed renderer: table (default), markdown, html, csv, xlsx, docx, json…"))
    p.add_argument("-o", "--output", metavar="FILE",
                   help=_("write to FILE (inside the current folder, or the folder its absolute path names)"))
    p.add_argument("--progress", metavar="FILE", help=_("progress reports (.csv, .json, .yaml)"))
    p.add_argument("--scheme", metavar="FILE", help=_("a scoring scheme (.toml); default: the pace scorer's own"))
    p.add_argument("--period", metavar="P", help=_("the period reported on: 2024, 2024Q3, 2024-2025, 2024-2025-1…"))
    p.add_argument("--as-of", dest="as_of", metavar="DATE",
                   help=_("score as of this day, as score --as-of does (default: the period's last day)"))
    p.add_argument("--issued", metavar="DATE",
                   help=_("the issue date of the rectification orders (default: the as-of day); it changes no score"))
    p.add_argument("--fragment", action="store_true",
                   help=_("html only: a part of a page to embed in another page (no <html> element, content "
                          "security policy or global style)"))
    p.add_argument("--notices", choices=("all", "each"), default="all",
                   help=_("the 整改通知 of --view rectifications (docx): all in one file (default), or each order "
                          "in its own file inside the folder -o names"))
    p.set_defaults(handler=_render)


def _render(args: argparse.Namespace) -> int:
    from edu_plan import views
    from edu_plan._periods import Period
    from edu_plan._registry import default_registry
    from edu_plan.errors import RenderError
    from edu_plan.progress import load_progress

    plan = load_plan_arg(args.plan)
    registry = default_registry()
    renderer = registry.renderer(args.format)
    if args.fragment:
        if not hasattr(renderer, "fragment"):
            raise RenderError(_("--fragment is for the html format (got --format {format})").format(format=args.format))
        import attrs

        html: Any = renderer  # the html renderer is an attrs class with a fragment setting
        renderer = attrs.evolve(html, fragment=True)
    period = Period.parse(args.period) if args.period else None
    progress = load_progress(args.progress, plan=plan) if args.progress else None
    as_of = date_option(args.as_of, "--as-of")
    issued = date_option(args.issued, "--issued")
    if (as_of is not None or issued is not None) and (progress is None or period is None):
        raise RenderError(_("--as-of and --issued date a scoring: give --progress FILE and --period P too"))
    if args.scheme and (progress is None or period is None):
        raise RenderError(_("--scheme scores progress for a period: give --progress FILE and --period P too"))
    if args.view in views.SCORE_VIEWS and (progress is None or period is None):
        raise RenderError(_("the {view} view scores progress: give --progress FILE and --period P").format(
            view=args.view))
    assessment = None
    if (as_of is not None or issued is not None) and progress is not None and period is not None:
        from edu_plan._achievements import assess

        assessment = assess(plan, progress, args.scheme, period=period, as_of=as_of, issued=issued,
                            registry=registry)
    chosen = views.build(args.view, plan, progress=progress, assessment=assessment, period=period,
                         scheme=args.scheme, registry=registry)
    if args.notices == "each":
        return _write_each(args, renderer, chosen)
    title = plan.title if len(chosen) > 1 else ""
    data = renderer.render(chosen, title=title)
    if args.output is None or args.output == "-":
        if isinstance(data, bytes):
            raise RenderError(_("the {format} format is binary; write it to a file with -o FILE").format(
                format=args.format))
        sys.stdout.write(data)
        return 0
    target = output_path(args.output)
    if not target.parent.is_dir():
        raise RenderError(_("{output}: the folder {folder!r} does not exist; create it first").format(
            output=args.output, folder=str(target.parent)))
    if isinstance(data, bytes):
        target.write_bytes(data)
    else:
        # newline="" keeps CSV's CRLF exactly as rendered on every platform.
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(data)
    print(f"{args.output}: {', '.join(v.title for v in chosen)} ({args.format})", file=sys.stderr)
    return 0


def _write_each(args: argparse.Namespace, renderer: Any, chosen: Any) -> int:
    """``--notices each``: one file per rectification order, into the folder ``-o`` names."""
    from edu_plan.errors import RenderError
    from edu_plan.plugins.render import contained_path

    each = getattr(renderer, "render_each", None)
    if each is None:
        raise RenderError(_("--notices each needs a format that writes one file per notice, such as docx "
                            "(got {format})").format(format=args.format))
    if args.view != "rectifications":
        raise RenderError(_("--notices each writes the notices of --view rectifications (got --view {view})")
                          .format(view=args.view))
    if args.output is None or args.output == "-":
        raise RenderError(_("--notices each writes one file per order: name their folder with -o FOLDER"))
    folder = output_path(args.output)
    if not folder.is_dir():
        raise RenderError(_("{output}: --notices each writes into a folder; create it first").format(
            output=args.output))
    files = each(chosen)
    for notice in files:
        contained_path(folder, notice.name).write_bytes(notice.data)
        print(f"{args.output}/{notice.name}", file=sys.stderr)
    if not files:
        print(_("{output}: no rectification order, no notice written").format(output=args.output), file=sys.stderr)
    return 0


class _ViewNames:
    """The view names, read from edu_plan.views only when argparse checks or lists them.

    Building the parser must not import the views (and through them the model): ``edu-plan --help``
    would pay for them.  ``edu-plan render`` imports them anyway, to check ``--view``.
    """

    def _names(self) -> tuple[str, ...]:
        from edu_plan.views import VIEW_NAMES

        return VIEW_NAMES

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())
