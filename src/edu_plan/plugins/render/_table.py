"""``table``: views as plain-text grids for a terminal, aligned for Chinese wide characters."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs
from tabulate import tabulate

from edu_plan.plugins.render._safety import visible_controls as _visible_c0_c1
from edu_plan.views import ColumnType, View

# Invisible format characters a terminal obeys or hides: bidi embeddings, overrides and isolates (U+202A–U+202E,
# U+2066–U+2069, which reorder what follows: "Trojan Source"), marks, zero-width characters, the BOM.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def visible_controls(text: str) -> str:
    """``text`` with control and invisible format characters shown escaped (``\\x1b``, ``\\u202e``)."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", _visible_c0_c1(text))

__all__ = ["TABLE", "TableRenderer"]

_NUMERIC = {ColumnType.INTEGER, ColumnType.DECIMAL}


@attrs.frozen(kw_only=True)
class TableRenderer:
    """Box-drawn tables (tabulate's ``simple_grid``); long text wraps at ``max_width`` display columns."""

    name: str = "table"
    suffix: str = ".txt"
    media_type: str = "text/plain; charset=utf-8"
    max_width: int = 30
    headings: bool = True
    """Print each view's title and notes around its grid (``False``: the grid alone)."""

    def render(self, views: Sequence[View], *, title: str = "") -> str:
        """Each view as its title, the grid, and its notes, separated by blank lines."""
        parts = [title] if title else []
        for view in views:
            parts.append(self._one(view))
        return "\n\n".join(parts) + "\n"

    def _one(self, view: View) -> str:
        # Width is measured in terminal columns: tabulate counts a Chinese character as two
        # when wcwidth is installed (tabulate[widechars]), so the grid lines up.
        rows = [[visible_controls(text) for text in row] for row in view.shown_texts()]
        headers = [visible_controls(h) for h in view.headers]
        widths = [None if c.type in _NUMERIC or c.type is ColumnType.MARK else self.max_width for c in view.columns]
        aligns = ["right" if c.type in _NUMERIC else "left" for c in view.columns]
        grid = tabulate(
            rows,
            headers=headers,
            tablefmt="simple_grid",
            disable_numparse=True,
            maxcolwidths=widths,
            colalign=aligns,
        )
        if not self.headings:
            return grid
        head = visible_controls(view.title + (f"  {view.subtitle}" if view.subtitle else ""))
        notes = [visible_controls(n) for n in view.notes]
        return "\n".join([head, grid, *notes])


TABLE = TableRenderer()
"""The ``table`` renderer."""
