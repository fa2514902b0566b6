"""The ``edu-plan`` command line, for county staff and auditors.

Each group of sub-commands lives in its own private module with an
``add_commands(subparsers)`` function; :func:`main` wires them together and turns
every :class:`~edu_plan.errors.EduPlanError` into a message and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["main"]

# Each module adds its sub-commands; listed here so the order of --help is stable.
_COMMAND_MODULES = (
    "edu_plan.cli._plan",
    "edu_plan.cli._import",
    "edu_plan.cli._render",
    "edu_plan.cli._progress",
    "edu_plan.cli._score",
    "edu_plan.cli._db",
    "edu_plan.cli._diff",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="edu-plan",
        description="Plans as typed, checkable data: validate, show, export, score.",
    )
    from edu_plan.cli._version import add_version_option

    add_version_option(parser)
    parser.add_argument("--max-size", dest="max_size", metavar="MB", type=float, default=None,
                        help="the largest file read, in MiB (default: 20); see edu_plan.limits")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMAND_MODULES:
        importlib.import_module(name).add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``edu-plan`` with ``argv``; return the exit status (0 ok, 1 problems found, 2 usage)."""
    _utf8_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    # Imported after parsing: `--help` and usage errors never load the model (see bench/startup.py).
    from edu_plan.errors import EduPlanError
    from edu_plan.limits import use_limits

    changes = {} if args.max_size is None else {"file_size": max(1, int(args.max_size * 1024 * 1024))}
    try:
        with use_limits(**changes):
            status: int = args.handler(args)
    except EduPlanError as exc:
        print(f"edu-plan: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        # A path the user named cannot be read or written (a folder, a missing parent, no permission).
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"edu-plan: {where}{exc.strerror or exc}; check the path", file=sys.stderr)
        return 1
    except UnicodeDecodeError as exc:
        print(f"edu-plan: a file is not UTF-8 text (byte {exc.start}); save it as UTF-8", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("edu-plan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return status


def _utf8_streams() -> None:
    # Chinese text must come out whatever the locale of the terminal or pipe.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
