"""Rendering speed: a 10 000-row work ledger to CSV and Excel, beside pandas doing the same.

Run: .venv/bin/python bench/render_views.py — prints seconds and peak traced memory (tracemalloc)
for edu_plan's csv/xlsx renderers and for pandas ``DataFrame.to_csv`` / ``to_excel`` (openpyxl engine),
which is what a user would reach for otherwise.  The rows repeat the Helan plan's ledger.
``--smoke`` renders 200 rows (seconds; CI runs it so that the benchmark cannot rot).
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--smoke", action="store_true", help="200 rows (CI)")
    args = parser.parse_args(argv)
    count = 200 if args.smoke else args.rows
    (ledger,) = build("ledger", datasets.load("helan"))
    rows = (ledger.rows * (count // len(ledger.rows) + 1))[:count]
    view = View(name="ledger", title=ledger.title, columns=ledger.columns, rows=rows)
    frame = pd.DataFrame(view.records())
    print(f"work ledger, {count} rows × {len(view.columns)} columns")
    measure("edu_plan csv", lambda: CSV.render([view]))
    measure("pandas DataFrame.to_csv", lambda: frame.to_csv(index=False))
    measure("edu_plan xlsx", lambda: XLSX.render([view]))
    measure("pandas DataFrame.to_excel", lambda: frame.to_excel(io.BytesIO(), index=False, engine="openpyxl"))
    measure("edu_plan html (no charts)", lambda: HTML.render([view]))
    measure("pandas DataFrame.to_html", lambda: frame.to_html(index=False))


if __name__ == "__main__":
    main()
