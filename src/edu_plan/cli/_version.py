"""``edu-plan --version``: the installed distribution's version, from its metadata."""

from __future__ import annotations

import argparse

from edu_plan._i18n import gettext as _

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = ["add_version_option"]


class _Version(argparse.Action):
    """Print the version when asked: the package metadata is read then, not each time the parser is built."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        import sys

        import edu_plan

        sys.stdout.write(f"edu-plan {edu_plan.__version__}\n")
        parser.exit()


def add_version_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--version`` to the top-level parser."""
    parser.add_argument("--version", action=_Version, nargs=0, default=argparse.SUPPRESS,
                        help=_("print the version of edu-plan and exit"))
