"""What the sub-commands share: finding a plan by file or dataset name, writing output."""

from __future__ import annotations

import sys

from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time (bench/startup.py)

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from edu_plan._model import Plan
    from edu_plan.serialization import PlanDocument

__all__ = ["PLAN_HELP", "date_option", "load_plan_arg", "output_path", "read_plan_arg", "working", "write_output"]

PLAN_HELP = N_("a plan file (.yaml, .json, .toml) or the name of a bundled dataset (helan)")


def read_plan_arg(value: str) -> PlanDocument:
    """Read the plan named on the command line (a file, or a bundled dataset such as ``helan``) with its problems."""
    from pathlib import Path

    from edu_plan import datasets, serialization
    from edu_plan.errors import PlanFileError

    path = Path(value)
    if path.exists():
        return serialization.read_plan(path)
    if value in datasets.names():
        text = datasets.path(value).read_text(encoding="utf-8")
        return serialization.reads_plan(text, "yaml", source=value)
    raise PlanFileError(
        _("no such file, and not a bundled dataset (bundled: {names})").format(names=", ".join(datasets.names())),
        file=value,
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
    target = output_path(output)
    if target.is_dir():
        raise EduPlanError(_("{output}: is a folder; name a file to write").format(output=output))
    if not target.parent.exists():
        raise EduPlanError(_("{output}: the folder {folder!r} does not exist; create it first").format(
            output=output, folder=str(target.parent)))
    if isinstance(data, bytes):
        target.write_bytes(data)
    else:
        target.write_text(data, encoding="utf-8")


def date_option(value: str | None, option: str) -> Any:
    """The ``pendulum.Date`` an option such as ``--as-of`` gives (None when absent); a clear error otherwise."""
    import pendulum

    from edu_plan.errors import EduPlanError

    if not value:
        return None
    try:
        parsed = pendulum.parse(value, exact=True)
    except Exception:  # noqa: BLE001 - pendulum raises several kinds; all mean "not a date"
        raise EduPlanError(_("{option} must be a date such as 2024-12-31 (got {value!r})").format(
            option=option, value=value)) from None
    if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
        raise EduPlanError(_("{option} must be a date such as 2024-12-31 (got {value!r})").format(
            option=option, value=value))
    return parsed
def output_path(output: str, cwd: Path | None = None) -> Path:
    """Where a command may write ``output``: inside the current folder, or inside the folder an absolute path names.

    The one rule of every command that writes (``export``, ``import`` and its ``--report``, ``score``, ``render``):
    ``..`` and symlinks that lead out of that folder are refused.
    """
    from pathlib import Path

    from edu_plan.plugins.render import contained_path

    path = Path(output)
    if path.is_absolute():
        return contained_path(path.parent, path.name)
    return contained_path(cwd or Path.cwd(), path)


class working:  # noqa: N801 - used like a function, as a context manager
    """``with working("importing plan.docx"):`` shows the time spent on standard error once it passes ``after``.

    Only on a terminal (never into a pipe or a log); the line is cleared when the work ends.
    """

    def __init__(self, label: str, *, after: float = 2.0, stream: Any = None) -> None:
        import threading

        self.label = label
        self.after = after
        self.stream = stream or sys.stderr
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._shown = False

    def _run(self) -> None:
        import time

        started = time.monotonic()
        if self._stop.wait(self.after):
            return
        while not self._stop.is_set():
            self._shown = True
            self.stream.write(f"\r{self.label}… {time.monotonic() - started:.0f} s")
            self.stream.flush()
            self._stop.wait(1.0)

    def __enter__(self) -> working:
        if getattr(self.stream, "isatty", lambda: False)():
            self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
