"""The one guarded door for the bytes of every file edu_plan opens: plans, progress, schemes, calendars, imports.

Text files are decoded here, in the encodings county offices really save them in (UTF-8, UTF-8 with
a byte-order mark as Excel writes it, GB18030 as Excel on Chinese Windows writes CSV), and the file
is named in every refusal.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from edu_plan.errors import PlanFileError

__all__ = ["ENCODINGS", "decode_text", "read_text"]

ENCODINGS = ("utf-8-sig", "gb18030")
"""The encodings tried, in order: UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK)."""


def decode_text(data: bytes, *, source: str | None = None) -> str:
    """``data`` as text in the first of :data:`ENCODINGS` that reads it whole."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanFileError("not UTF-8 or GB18030 text; save the file as UTF-8 and retry", file=source)


def read_text(path: str | PathLike[str]) -> str:
    """The text of the file at ``path`` (see :func:`decode_text`), with a clear error for a missing one."""
    file = Path(path)
    source = str(path)
    if file.is_dir():
        raise PlanFileError("is a folder, not a file; give the path of the file itself", file=source)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise PlanFileError("no such file; check the path", file=source) from None
    except OSError as exc:
        raise PlanFileError(f"cannot be read ({exc.strerror}); check the path and permissions", file=source) from None
    return decode_text(data, source=source)
