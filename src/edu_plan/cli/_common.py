"""What the sub-commands share: finding a plan by file or dataset name, writing output."""

from __future__ import annotations

import sys
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)

if TYPE_CHECKING:
    from edu_plan._model import Plan
    from edu_plan.serialization import PlanDocument

__all__ = ["PLAN_HELP", "load_plan_arg", "read_plan_arg", "write_output"]

PLAN_HELP = "a plan file (.yaml, .json, .toml) or the name of a bundled dataset (helan)"


def read_plan_arg(value: str) -> PlanDocument:
    """Read the plan named on the command line (a file, or a bundled dataset such as ``helan``) with its problems."""
    from edu_plan import datasets, serialization
    from edu_plan.errors import PlanFileError

    path = Path(value)
    if path.exists():
        return serialization.read_plan(path)
    if value in datasets.names():
        text = datasets.path(value).read_text(encoding="utf-8")
        return serialization.reads_plan(text, "yaml", source=value)
    raise PlanFileError(
        f"no such file, and not a bundled dataset (bundled: {', '.join(datasets.names())})", file=value
    )


def load_plan_arg(value: str) -> Plan:
    """The plan named on the command line; :class:`PlanValidationError` when it has errors."""
    from edu_plan.errors import PlanValidationError

    document = read_plan_arg(value)
    if document.plan is None or not document.ok:
        raise PlanValidationError(document.problems, source=value)
    return document.plan


def write_output(data: str | bytes, output: str | None) -> None:
    """Write to the file ``output`` (created, parent folders must exist), or to standard output."""
    from edu_plan.errors import EduPlanError

    if output is None or output == "-":
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    target = Path(output)
    if target.is_dir():
        raise EduPlanError(f"{output}: is a folder; name a file to write")
    if not target.parent.exists():
        raise EduPlanError(f"{output}: the folder {str(target.parent)!r} does not exist; create it first")
    if isinstance(data, bytes):
        target.write_bytes(data)
    else:
        target.write_text(data, encoding="utf-8")
