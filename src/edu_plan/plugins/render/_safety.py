"""Making plan and report text inert in each output format.

Plans and progress reports come from many hands; a cell that reads ``=cmd|' /C calc'!A0``
must stay text when a spreadsheet opens it, and ``<script>`` must stay text in a page.
"""

from __future__ import annotations

import re
from pathlib import Path

from edu_plan._i18n import gettext as _
from edu_plan.errors import RenderError

__all__ = ["FORMULA_STARTS", "contained_path", "neutralise_formula", "visible_controls"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""First characters that make Excel, LibreOffice or Sheets read a cell as a formula.

The four of OWASP's CSV-injection advice, tab and carriage return (which some
importers strip before looking), and their full-width forms, which Chinese input
methods type and some spreadsheet versions accept as the same operators.
"""

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def neutralise_formula(text: str) -> str:
    """``text`` prefixed with ``'`` when it would start a formula, so a spreadsheet shows it as text."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def visible_controls(text: str) -> str:
    """``text`` with control characters (escape sequences, bells) shown as ``\\x1b``, not obeyed.

    Line feeds stay: multi-line cells are meant.  A terminal that receives the raw
    escape character would let plan text move the cursor or rewrite the screen.
    """
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def contained_path(folder: str | Path, name: str | Path) -> Path:
    """``folder/name`` resolved, refused unless it stays inside ``folder`` after every symlink is followed.

    ``..`` anywhere in ``name`` is refused outright, so is an absolute ``name``; a symlink
    (the file itself or a folder on the way) that points outside ``folder`` is refused too.
    Raise :class:`~edu_plan.errors.RenderError` saying which path and why.
    """
    relative = Path(name)
    if relative.is_absolute():
        raise RenderError(_("{name}: an output name must be relative to the folder {folder!r}").format(
            name=name, folder=str(folder)))
    if ".." in relative.parts:
        raise RenderError(_("{name}: '..' is not allowed in an output path; name a file inside {folder!r}").format(
            name=name, folder=str(folder)))
    base = Path(folder).resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base):
        raise RenderError(_(
            "{name}: resolves to {target!r}, outside the folder {folder!r} (a symlink points out); choose another "
            "name").format(name=name, target=str(target), folder=str(base)))
    return target
