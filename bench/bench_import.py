"""Importing plans: the Helan text (time, peak memory, share of curated targets reproduced) and a 责任清单 CSV
beside pandas.read_csv, the tool a user would otherwise reach for (which only reads cells: no units, no targets).

Run from the repository root: ``.venv/bin/python bench/bench_import.py`` (``--smoke``: a 50-row CSV and one run
each, seconds; CI runs it so that the benchmark cannot rot).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from edu_plan import datasets
from edu_plan.plugins.importers import SPREADSHEET, import_text

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "examples" / "helan" / "plan-text.txt").read_text(encoding="utf-8")
QUANTITATIVE = {"cumulative", "level", "range", "recurring"}


def measure(run: Callable[[], Any], repeat: int = 7) -> tuple[float, float]:
    """(median seconds, peak MiB under tracemalloc) of ``run``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def reproduced() -> tuple[int, int]:
    """(curated quantitative targets reproduced exactly, their number)."""
    reference = datasets.load("helan")
    plan = import_text(TEXT).plan
    assert plan is not None

    def key(t: Any) -> tuple[Any, ...]:
        r = t.recurrence
        return (t.kind, t.quantity, t.minimum, t.maximum, t.unit_of_measure,
                (r.every, r.interval, r.anchor) if r else None, t.deadline, t.relative_to)

    hit = total = 0
    for task in reference.tasks:
        mine = [key(t) for t in plan.task(task.number).targets]
        for target in task.targets:
            if target.kind in QUANTITATIVE:
                total += 1
                if key(target) in mine:
                    mine.remove(key(target))
                    hit += 1
    return hit, total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a 50-row CSV, one run each (CI)")
    args = parser.parse_args(argv)
    repeat = 1 if args.smoke else 7
    hit, total = reproduced()
    print(f"Helan quantitative targets reproduced exactly: {hit}/{total} ({100 * hit / total:.0f}%)")
    seconds, peak = measure(lambda: import_text(TEXT), repeat=repeat)
    print(f"import_text(Helan, {len(TEXT)} chars): {seconds * 1000:.1f} ms median, peak {peak:.1f} MiB")
    folder = Path(tempfile.mkdtemp())
    rows = 50 if args.smoke else 2000
    path = folder / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "重点任务", "牵头单位", "配合单位", "主要目标", "完成时限"])
        for n in range(1, rows + 1):
            writer.writerow([n, f"重点任务{n}", "县教体局", "县发改局、财政局、自然资源局",
                             f"新增幼儿园{n % 9 + 1}所，新增学位{n * 10}个，覆盖率达到92%以上", "2027年底"])
    seconds, peak = measure(lambda: SPREADSHEET.import_plan(path), repeat=min(3, repeat))
    print(f"spreadsheet importer, {rows}-row CSV (units + 3 targets a row): {seconds * 1000:.0f} ms, "
          f"peak {peak:.1f} MiB")
    seconds, peak = measure(lambda: pd.read_csv(path), repeat=min(3, repeat))
    print(f"pandas.read_csv, same file (cells only): {seconds * 1000:.1f} ms, peak {peak:.1f} MiB")


if __name__ == "__main__":
    main()
