"""``json``: views as data for programs: columns, rows keyed by column, charts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from edu_plan import serialization
from edu_plan.plugins.render._common import single_view
from edu_plan.views import ColumnType, View

__all__ = ["JSON", "JsonRenderer"]


@attrs.frozen(kw_only=True)
class JsonRenderer:
    """A JSON object per view (a list of them for several): decimals exact, dates ISO, lights by name."""

    name: str = "json"
    suffix: str = ".json"
    media_type: str = "application/json"
    records_only: bool = False
    """Write only the rows, as a list of ``{column key: value}`` records (one view only)."""

    def render(self, views: Sequence[View], *, title: str = "") -> str:
        """One view as an object; several as ``{"title": …, "views": [...]}``; or the records alone."""
        if self.records_only:
            return serialization.dumps(self.data(single_view(views, "json records"))["rows"], "json")
        data: Any = [self.data(view) for view in views]
        data = data[0] if len(data) == 1 and not title else {"title": title, "views": data}
        return serialization.dumps(data, "json")

    @staticmethod
    def data(view: View) -> dict[str, Any]:
        """``view`` as plain JSON-ready data."""
        return {
            "view": view.name,
            "title": view.title,
            "subtitle": view.subtitle,
            "columns": [{"key": c.key, "label": c.label, "type": c.type.value} for c in view.columns],
            "rows": [
                {
                    column.key: (
                        {"value": cell.value, "light": cell.light.value if cell.light is not None else None}
                        if column.type is ColumnType.LIGHT
                        else cell.value
                    )
                    for column, cell in zip(view.columns, row, strict=True)
                }
                for row in view.rows
            ],
            "notes": list(view.notes),
            "charts": [{"type": type(chart).__name__, **serialization.unstructure(chart, "json")}
                       for chart in view.charts],
        }


JSON = JsonRenderer()
"""The ``json`` renderer."""
