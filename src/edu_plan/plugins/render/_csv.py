"""``csv``: one view as comma-separated values that Excel opens with its Chinese intact."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import attrs

from edu_plan.plugins.render._common import single_view
from edu_plan.plugins.render._safety import neutralise_formula
from edu_plan.views import View

__all__ = ["CSV", "CsvRenderer"]

BOM = "\ufeff"
"""Excel reads a CSV file as the local code page (GBK in China) unless it starts with a BOM."""


@attrs.frozen(kw_only=True)
class CsvRenderer:
    """UTF-8 with BOM, a header row of the column labels, text cells formula-neutralised."""

    name: str = "csv"
    suffix: str = ".csv"
    media_type: str = "text/csv; charset=utf-8"

    def render(self, views: Sequence[View], *, title: str = "") -> str:
        """The single view of ``views`` as CSV text (the BOM first); ``title`` is not written."""
        view = single_view(views, self.name)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([neutralise_formula(h) for h in view.headers])
        for row in view.rows:
            # Only text is neutralised: a number we wrote ourselves (-3) must stay a number.
            writer.writerow([neutralise_formula(c.text) if isinstance(c.value, str) else c.text for c in row])
        return BOM + buffer.getvalue()


CSV = CsvRenderer()
"""The ``csv`` renderer."""
