"""National scale: 2,844 county copies of the Helan plan, about one million progress reports, scored in memory.

Prints, for edu_plan and for the alternative a user would pick (a pandas groupby doing the
same per-group sums), the time, the reports per second and the peak memory.  Each side runs
in a process of its own so that its peak resident memory (``ru_maxrss``) is its own.  The
progress is synthetic (示例数据，非真实数据), drawn with a fixed seed: the same run gives the same
data.

    .venv/bin/python bench/score_national.py              # 2,844 counties (~1.03 million reports)
    .venv/bin/python bench/score_national.py --counties 100
    .venv/bin/python bench/score_national.py --smoke           # seconds: CI runs it
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from queue import Empty
from typing import Any

import attrs
import pendulum

from edu_plan import Period, PeriodKind, Plan, ProgressLog, ProgressReport, datasets
from edu_plan.serialization import read_scheme

COUNTIES = 2844  # county-level divisions of China (2023)
SEED = 20240101
END = pendulum.Date(2024, 12, 31)
_QUARTERS = [Period.parse(p) for p in ("2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4")]
_SEMESTERS = [Period.parse(p) for p in ("2022-2023-2", "2023-2024-1", "2023-2024-2", "2024-2025-1")]
_YEARS = [Period.parse("2023"), Period.parse("2024")]
_SCHOOL_YEARS = [Period.parse("2022-2023"), Period.parse("2023-2024")]


def _periods(target: Any) -> list[Period]:
    if target.recurrence is not None:
        every = target.recurrence.every
        if every is PeriodKind.SEMESTER:
            return _SEMESTERS
        if every is PeriodKind.SCHOOL_YEAR:
            return _SCHOOL_YEARS
        return _YEARS
    return _QUARTERS


def _value(rnd: random.Random, target: Any) -> int:
    kind = target.kind
    if kind == "cumulative":
        return rnd.randint(0, max(1, int(target.quantity or 1) // 6))
    if kind == "level":
        return rnd.randint(50, int(target.quantity or 100) + 5)
    if kind == "range":
        return rnd.randint(0, int(target.maximum or 3))
    if kind == "milestone":
        return rnd.randint(0, 1)
    if kind == "qualitative":
        return rnd.randint(1, 4)
    return rnd.randint(0, int(target.quantity or 1) + 1)


def rows(counties: int) -> Iterator[tuple[str, str, str, Period, int, pendulum.Date, bool]]:
    """(plan, target, unit, period, value, report date, evidenced) for every synthetic report, in a fixed order."""
    rnd = random.Random(SEED)
    plan = datasets.load("helan")
    pairs = [(target, task.target_owners(target)[0]) for task, target in plan.iter_targets()]
    dates: dict[tuple[Period, int], pendulum.Date] = {}
    for county in range(counties):
        plan_id = f"county-{county:04d}"
        for target, unit in pairs:
            periods = _periods(target)
            for i in range(7):
                period = periods[i % len(periods)]
                lag = rnd.randint(1, 20)
                key = (period, lag)
                if key not in dates:
                    dates[key] = min(period.span()[1].add(days=lag), END)
                yield plan_id, target.id, unit, period, _value(rnd, target), dates[key], rnd.random() < 0.9


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def run_edu_plan(counties: int, scorer_name: str, queue: Any) -> None:
    """Build the reports, load them into a ProgressLog, score every county."""
    from edu_plan import default_registry

    start = time.perf_counter()
    decimals = {v: Decimal(v) for v in range(20_001)}
    reports = [
        ProgressReport(plan_id=p, target=t, unit=u, period=period, value=decimals[v], report_date=d,
                       evidence=("佐证",) if e else ())
        for p, t, u, period, v, d, e in rows(counties)
    ]
    built = time.perf_counter()
    log = ProgressLog(reports)
    loaded = time.perf_counter()
    helan = datasets.load("helan")
    scorer = default_registry().scorer(scorer_name)
    scheme = scorer.load_scheme(read_scheme("examples/helan/scheme.toml") if scorer_name == "efficiency"
                                else {})
    period = Period.parse("2024")
    cards = 0
    checksum = Decimal(0)
    first_total = None
    for county in range(counties):
        plan: Plan = attrs.evolve(helan, id=f"county-{county:04d}")
        assessment = scorer.score(plan, log, scheme, period=period)
        cards += len(assessment.scorecards)
        checksum += sum((c.total for c in assessment.scorecards), Decimal(0))
        if first_total is None:
            first_total = sum((o.total for o in log.observations(plan.id)), Decimal(0))
    scored = time.perf_counter()
    queue.put({"reports": len(reports), "build": built - start, "load": loaded - built, "score": scored - loaded,
               "cards": cards, "checksum": str(checksum), "first_sum": str(first_total), "peak": _peak_mib()})


def run_pandas(counties: int, queue: Any) -> None:
    """The same reports as a DataFrame; per-group sum, count, latest and any-evidence by groupby."""
    import pandas as pd

    start = time.perf_counter()
    columns: dict[str, list[Any]] = {k: [] for k in ("plan", "target", "unit", "period", "value", "date", "evidenced")}
    for p, t, u, period, v, d, e in rows(counties):
        columns["plan"].append(p)
        columns["target"].append(t)
        columns["unit"].append(u)
        columns["period"].append(str(period))
        columns["value"].append(v)
        columns["date"].append(d.toordinal())
        columns["evidenced"].append(e)
    frame = pd.DataFrame(columns)
    for name in ("plan", "target", "unit", "period"):
        frame[name] = frame[name].astype("category")
    built = time.perf_counter()
    ordered = frame.sort_values("date", kind="stable")
    groups = ordered.groupby(["plan", "target", "unit", "period"], observed=True, sort=True)
    result = groups.agg(total=("value", "sum"), latest=("value", "last"), count=("value", "size"),
                        evidenced=("evidenced", "any"))
    per_plan = result.groupby(level="plan", observed=True)["total"].sum()
    summed = time.perf_counter()
    queue.put({"reports": len(frame), "build": built - start, "sum": summed - built, "groups": len(result),
               "first_sum": str(int(per_plan.iloc[0])), "peak": _peak_mib()})


def _child(target: Any, *args: Any) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    # Poll instead of waiting forever: a child killed by the OOM killer or a crash never puts its figures.
    while True:
        try:
            result: dict[str, Any] = queue.get(timeout=1.0)
            break
        except Empty:
            if not process.is_alive():
                raise SystemExit(f"{getattr(target, '__name__', 'child')}: the child process died "
                                 f"(exit code {process.exitcode}) before reporting its figures") from None
    process.join()
    return result


def main(argv: list[str] | None = None) -> int:
    """Run both sides and print the figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=COUNTIES)
    parser.add_argument("--scorer", default="efficiency", choices=("efficiency", "attainment", "pace"))
    parser.add_argument("--smoke", action="store_true", help="5 counties: checks that the benchmark runs (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.counties = 5
    ours = _child(run_edu_plan, args.counties, args.scorer)
    theirs = _child(run_pandas, args.counties)
    assert ours["first_sum"] == theirs["first_sum"], (ours["first_sum"], theirs["first_sum"])
    n = ours["reports"]
    print(f"{args.counties} counties × Helan plan, {n:,} synthetic reports (示例数据，非真实数据), Python "
          f"{sys.version.split()[0]}")
    print(f"edu_plan  build {ours['build']:.1f} s | ProgressLog.add {ours['load']:.1f} s "
          f"({n / ours['load']:,.0f} reports/s) | {args.scorer} scoring {ours['score']:.1f} s "
          f"({n / ours['score']:,.0f} reports/s, {ours['cards']:,} scorecards) | peak RSS {ours['peak']:,.0f} MiB")
    print(f"pandas    build {theirs['build']:.1f} s | groupby sums {theirs['sum']:.1f} s "
          f"({n / theirs['sum']:,.0f} reports/s, {theirs['groups']:,} groups) | peak RSS {theirs['peak']:,.0f} MiB")
    print(f"end to end (load + score vs groupby): edu_plan {n / (ours['load'] + ours['score']):,.0f} reports/s, "
          f"pandas {n / theirs['sum']:,.0f} reports/s; first county's summed increments agree: {ours['first_sum']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
