"""Rendering speed: a 10 000-row work ledger to CSV and Excel, beside pandas doing the same.

Run: .venv/bin/python bench/render_views.py — prints seconds and peak traced memory (tracemalloc)
for edu_plan's csv/xlsx renderers and for pandas ``DataFrame.to_csv`` / ``to_excel`` (openpyxl engine),
which is what a user would reach for otherwise.  The rows repeat the Helan plan's ledger.
"""

from __future__ import annotations

import io
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pandas as pd

from edu_plan import datasets
from edu_plan.plugins.render import CSV, HTML, XLSX
from edu_plan.views import View, build

ROWS = 10_000


def measure(label: str, work: Callable[[], Any]) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<34} {seconds:8.3f} s   peak {peak / 2**20:7.1f} MiB")


def main() -> None:
    (ledger,) = build("ledger", datasets.load("helan"))
    rows = (ledger.rows * (ROWS // len(ledger.rows) + 1))[:ROWS]
    view = View(name="ledger", title=ledger.title, columns=ledger.columns, rows=rows)
    frame = pd.DataFrame(view.records())
    print(f"work ledger, {ROWS} rows × {len(view.columns)} columns")
    measure("edu_plan csv", lambda: CSV.render([view]))
    measure("pandas DataFrame.to_csv", lambda: frame.to_csv(index=False))
    measure("edu_plan xlsx", lambda: XLSX.render([view]))
    measure("pandas DataFrame.to_excel", lambda: frame.to_excel(io.BytesIO(), index=False, engine="openpyxl"))
    measure("edu_plan html (no charts)", lambda: HTML.render([view]))
    measure("pandas DataFrame.to_html", lambda: frame.to_html(index=False))


if __name__ == "__main__":
    main()
