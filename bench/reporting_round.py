"""The reporting round on the Helan plan: every unit's fill-in workbook made, filled and read back, and the status.

Reading back is set beside ``pandas.read_excel`` of the same workbooks, what a user would otherwise reach for
(it reads cells only: no identity, no checks, no cell named in a problem).  Run from the repository root:
``.venv/bin/python bench/reporting_round.py`` (``--smoke`` for one repetition).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pandas as pd
import pendulum

from edu_plan import Period, ProgressReport, datasets
from edu_plan.progress import check_progress, read_progress
from edu_plan.reporting import answered_targets, make_template, parse_rule, reporting_status, template_name


def measure(run: Callable[[], Any], repeat: int) -> float:
    """Median seconds of ``run``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Print the figures beside the limits they must stay under."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="one repetition, for CI")
    repeat = 1 if parser.parse_args().smoke else 5
    plan = attrs.evolve(datasets.load("helan"), reporting=(parse_rule("每月28日前"),))
    period = Period.parse("2024-12")
    units = [u.id for u in plan.units if not u.is_collective and answered_targets(plan, u.id)]
    folder = Path(tempfile.mkdtemp())

    def make_all() -> None:
        for unit in units:
            (folder / template_name(plan, unit, period)).write_bytes(make_template(plan, unit, period))

    made = measure(make_all, repeat)
    filled = []
    for path in sorted(folder.glob("*.xlsx")):
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        sheet["C3"] = dt.datetime(2024, 12, 20)
        for row in range(6, sheet.max_row + 1):
            sheet.cell(row=row, column=10, value=1)
        buffer = io.BytesIO()
        book.save(buffer)
        target = path.with_suffix(".filled.xlsx")
        target.write_bytes(buffer.getvalue())
        filled.append(target)
    rows = sum(len(read_progress(p, plan=plan).reports) for p in filled)
    read = measure(lambda: [check_progress(plan, read_progress(p, plan=plan)) for p in filled], repeat)
    pandas = measure(lambda: [pd.read_excel(p, header=4) for p in filled], repeat)
    reports = [ProgressReport(plan_id=plan.id, target=t.id, unit=u, period=period, value=Decimal(1),
                              report_date=pendulum.Date(2024, 12, 20))
               for u in units for t in (a.target for a in answered_targets(plan, u))]
    status = measure(lambda: reporting_status(plan, reports, period, as_of=pendulum.Date(2025, 1, 5)), repeat)
    print(f"units: {len(units)}, workbooks read back: {len(filled)}, report rows: {rows}")
    print(f"make every unit's workbook:       {made:6.2f} s   (limit 10 s: a round is made in seconds)")
    print(f"read back + check every workbook: {read:6.2f} s   (pandas.read_excel, cells only: {pandas:.2f} s)")
    print(f"status of the round:              {status * 1000:6.1f} ms  (limit 1 s)")


if __name__ == "__main__":
    main()
