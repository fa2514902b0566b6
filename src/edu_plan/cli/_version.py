"""``edu-plan --version``: the installed distribution's version, from its metadata."""

from __future__ import annotations

import argparse

from edu_plan._i18n import gettext as _

__all__ = ["add_version_option"]


def add_version_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--version`` to the top-level parser."""
    import edu_plan

    parser.add_argument("--version", action="version", version=f"edu-plan {edu_plan.__version__}",
                        help=_("print the version of edu-plan and exit"))
