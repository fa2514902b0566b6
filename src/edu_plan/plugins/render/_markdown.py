"""``markdown``: views as GitHub-flavoured pipe tables, for wikis, issues and reports."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import attrs

from edu_plan.plugins.render._safety import visible_controls
from edu_plan.views import ColumnType, View

__all__ = ["MARKDOWN", "MarkdownRenderer", "markdown_text"]

# Characters that would start emphasis, code, links or break out of a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def markdown_text(text: str) -> str:
    """``text`` as inert Markdown: markup characters escaped, HTML tags shown, not obeyed."""
    # Markdown passes raw HTML through, so <script> must become &lt;script&gt;.
    escaped = html.escape(visible_controls(text), quote=False)
    escaped = _SPECIAL.sub(r"\\\1", escaped)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


@attrs.frozen(kw_only=True)
class MarkdownRenderer:
    """A level-2 heading per view, its subtitle, a pipe table and its notes."""

    name: str = "markdown"
    suffix: str = ".md"
    media_type: str = "text/markdown; charset=utf-8"

    def render(self, views: Sequence[View], *, title: str = "") -> str:
        """The views one after the other, under ``# title`` when given."""
        parts = [f"# {markdown_text(title)}"] if title else []
        parts.extend(self._one(view) for view in views)
        return "\n\n".join(parts) + "\n"

    @staticmethod
    def _one(view: View) -> str:
        lines = [f"## {markdown_text(view.title)}"]
        if view.subtitle:
            lines += ["", markdown_text(view.subtitle)]
        lines.append("")
        lines.append("| " + " | ".join(markdown_text(h) for h in view.headers) + " |")
        lines.append(
            "|" + "|".join("---:" if c.type in (ColumnType.INTEGER, ColumnType.DECIMAL) else "---"
                           for c in view.columns) + "|"
        )
        for row in view.shown_texts():
            lines.append("| " + " | ".join(markdown_text(text) for text in row) + " |")
        for note in view.notes:
            lines += ["", markdown_text(note)]
        return "\n".join(lines)


MARKDOWN = MarkdownRenderer()
"""The ``markdown`` renderer."""
