"""What the sub-commands share: finding a plan by file or dataset name, writing output."""

from __future__ import annotations

import sys
from pathlib import Path

from edu_plan._model import Plan
from edu_plan.errors import EduPlanError, PlanFileError

__all__ = ["PLAN_HELP", "load_plan_arg", "write_output"]

PLAN_HELP = "a plan file (.yaml, .json, .toml) or the name of a bundled dataset (helan)"


def load_plan_arg(value: str) -> Plan:
    """The plan named on the command line: a file, or a bundled dataset such as ``helan``."""
    from edu_plan import datasets, serialization

    path = Path(value)
    if not path.exists() and value in datasets.names():
        return datasets.load(value)
    if not path.exists():
        raise PlanFileError(
            f"no such file, and not a bundled dataset (bundled: {', '.join(datasets.names())})", file=value
        )
    return serialization.load_plan(path)


def write_output(data: str | bytes, output: str | None) -> None:
    """Write to the file ``output`` (created, parent folders must exist), or to standard output."""
    if output is None or output == "-":
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    target = Path(output)
    if not target.parent.exists():
        raise EduPlanError(f"{output}: the folder {str(target.parent)!r} does not exist; create it first")
    if isinstance(data, bytes):
        target.write_bytes(data)
    else:
        target.write_text(data, encoding="utf-8")
