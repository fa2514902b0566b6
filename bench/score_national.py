"""National scale: 2,844 county copies of the Helan plan, about one million progress reports, scored in memory.

Side by side, each in a process of its own (so that its peak resident memory, ``ru_maxrss``, is
its own), best of ``--repeat`` runs of the timed step:

* edu_plan, columnar: ``assess_many`` over the reports as columns — every rule of the efficiency
  scheme, exact — and the explanations of one county built on request;
* edu_plan, per plan: the efficiency scorer county after county (``--skip-per-plan`` leaves it out);
* polars and DuckDB: the same aggregates (per group: sum, latest, count) and a simple weighted score
  (share = sum / quantity, clipped, times each line's maximum, summed per unit) of the same reports;
* pandas: the per-group sums alone.

The progress is synthetic (示例数据，非真实数据), drawn with a fixed seed: the same run gives the same data.

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


def _columns(counties: int) -> dict[str, list[Any]]:
    names = ("plan", "target", "unit", "period", "value", "date", "evidenced")
    columns: dict[str, list[Any]] = {k: [] for k in names}
    appends = [columns[k].append for k in names]
    for row in rows(counties):
        for append, value in zip(appends, row, strict=True):
            append(value)
    return columns


def _coded(counties: int) -> tuple[dict[str, list[Any]], dict[str, int]]:
    """The reports with their texts and periods as integer codes (as edu_plan's columns hold them), values in
    micro-units and dates as ordinals; and the code of each target id."""
    columns = _columns(counties)
    codes: dict[str, dict[Any, int]] = {name: {} for name in ("plan", "target", "unit", "period")}
    for name, table in codes.items():
        columns[name] = [table.setdefault(x, len(table)) for x in columns[name]]
    columns["date"] = [d.toordinal() for d in columns["date"]]
    columns["value"] = [v * 1_000_000 for v in columns["value"]]
    return columns, codes["target"]


def _best(repeat: int, work: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def run_columnar(counties: int, repeat: int, queue: Any) -> None:
    """The reports as columns; assess_many scores every county in one vectorised pass; one county explained."""
    import gc

    from edu_plan import assess_many
    from edu_plan._columns import ProgressColumns

    start = time.perf_counter()
    columns = _columns(counties)
    built = time.perf_counter()
    progress = ProgressColumns.from_arrays(plan=columns["plan"], target=columns["target"], unit=columns["unit"],
                                           period=columns["period"], value=columns["value"],
                                           report_date=columns["date"], evidenced=columns["evidenced"])
    reports = len(columns["plan"])
    del columns
    gc.collect()
    converted = time.perf_counter()
    helan = datasets.load("helan")
    scheme = default_scheme()
    plans = [attrs.evolve(helan, id=f"county-{county:04d}") for county in range(counties)]
    period = Period.parse("2024")
    best, result = _best(repeat, lambda: assess_many(plans, progress, scheme, period=period))
    started = time.perf_counter()
    explained = result.explain("county-0000")
    explain = time.perf_counter() - started
    queue.put({"reports": reports, "build": built - start, "columns": converted - built, "score": best,
               "engine": result.engine, "fallbacks": list(result.fallbacks), "cards": len(result.cards),
               "checksum": str(Decimal(sum(result.cards.total.tolist())).scaleb(-2)), "explain": explain,
               "explained_lines": sum(len(c.lines) for c in explained.scorecards), "peak": _peak_mib()})


def default_scheme() -> Any:
    """The efficiency scheme of examples/helan/scheme.toml."""
    from edu_plan import default_registry

    scorer = default_registry().scorer("efficiency")
    return scorer.load_scheme(read_scheme("examples/helan/scheme.toml"))


def _weights() -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """Each target's quantity (micro-units) and each (unit, target) line's maximum (cents), as the scheme gives them."""
    from edu_plan import ProgressLog, default_registry

    helan = datasets.load("helan")
    scheme = default_scheme()
    scorer = default_registry().scorer("efficiency")
    assessment = scorer.score(helan, ProgressLog(), scheme, period=Period.parse("2024"))
    quantities = {t.id: int((t.quantity or Decimal(1)) * 1_000_000) or 1 for _task, t in helan.iter_targets()}
    lines = [(c.unit, line.target or "", int(line.max_points * 100)) for c in assessment.scorecards for line in c.lines]
    return quantities, lines


def run_polars(counties: int, repeat: int, queue: Any) -> None:
    """polars: per-group aggregates, then share = clip(sum / quantity) weighted by each line's maximum, per unit."""
    import polars as pl

    start = time.perf_counter()
    columns, target_codes = _coded(counties)
    frame = pl.DataFrame(columns, schema={"plan": pl.Int32, "target": pl.Int32, "unit": pl.Int32, "period": pl.Int32,
                                          "value": pl.Int64, "date": pl.Int32, "evidenced": pl.Boolean})
    del columns
    quantities, lines = _weights()
    targets = pl.DataFrame({"target": [target_codes[t] for t in quantities], "quantity": list(quantities.values())},
                           schema={"target": pl.Int32, "quantity": pl.Int64})
    weights = pl.DataFrame({"unit": [u for u, _, _ in lines], "target": [target_codes[t] for _, t, _ in lines],
                            "max_points": [m for _, _, m in lines]},
                           schema={"unit": pl.String, "target": pl.Int32, "max_points": pl.Int64})
    built = time.perf_counter()
    end = END.toordinal()

    def score() -> Any:
        observations = (frame.lazy().filter((pl.col("date") <= end) & pl.col("evidenced"))
                        .group_by(["plan", "target", "unit", "period"])
                        .agg(total=pl.col("value").sum(), latest=pl.col("value").sort_by(["date", "value"]).last(),
                             count=pl.len()))
        per_target = observations.group_by(["plan", "target"]).agg(total=pl.col("total").sum())
        shares = per_target.join(targets.lazy(), on="target").with_columns(
            share=((pl.col("total") * 20_000 + pl.col("quantity")) // (2 * pl.col("quantity"))).clip(0, 10_000))
        return (shares.join(weights.lazy(), on="target").group_by(["plan", "unit"])
                .agg(total=((pl.col("share") * pl.col("max_points") + 5_000) // 10_000).sum()).collect())

    best, result = _best(repeat, score)
    queue.put({"reports": frame.height, "build": built - start, "score": best, "cards": result.height,
               "peak": _peak_mib()})


def run_duckdb(counties: int, repeat: int, queue: Any) -> None:
    """DuckDB: the same aggregates and weighted score in SQL, over a pandas frame of the reports."""
    import duckdb
    import pandas as pd

    start = time.perf_counter()
    columns, target_codes = _coded(counties)
    reports = pd.DataFrame(columns).astype({"plan": "int32", "target": "int32", "unit": "int32", "period": "int32",
                                            "value": "int64", "date": "int32"})
    del columns
    quantities, lines = _weights()
    targets = pd.DataFrame({"target": [target_codes[t] for t in quantities], "quantity": list(quantities.values())})
    weights = pd.DataFrame({"unit": [u for u, _, _ in lines], "target": [target_codes[t] for _, t, _ in lines],
                            "max_points": [m for _, _, m in lines]})
    connection = duckdb.connect()
    connection.register("reports", reports)
    connection.register("targets", targets)
    connection.register("weights", weights)
    built = time.perf_counter()
    query = """
        WITH observations AS (
            SELECT plan, target, unit, period, sum(value) AS total, arg_max(value, (date, value)) AS latest,
                   count(*) AS n
            FROM reports WHERE date <= ? AND evidenced GROUP BY ALL),
        shares AS (
            SELECT o.plan, o.target,
                   least(greatest((sum(o.total) * 20000 + t.quantity) // (2 * t.quantity), 0), 10000) AS share
            FROM observations o JOIN targets t USING (target) GROUP BY o.plan, o.target, t.quantity)
        SELECT s.plan, w.unit, sum((s.share * w.max_points + 5000) // 10000) AS total
        FROM shares s JOIN weights w USING (target) GROUP BY ALL"""
    best, result = _best(repeat, lambda: connection.execute(query, [END.toordinal()]).fetchall())
    queue.put({"reports": len(reports), "build": built - start, "score": best, "cards": len(result),
               "peak": _peak_mib()})


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
    """Run every side and print the figures side by side, with the ratios beside their limits."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=COUNTIES)
    parser.add_argument("--scorer", default="efficiency", choices=("efficiency", "attainment", "pace"))
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs of each timed step")
    parser.add_argument("--skip-per-plan", action="store_true", help="leave the per-plan scorer out (slow)")
    parser.add_argument("--smoke", action="store_true", help="5 counties: checks that the benchmark runs (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.counties, args.repeat = 5, 1
    columnar = _child(run_columnar, args.counties, args.repeat)
    polars = _child(run_polars, args.counties, args.repeat)
    duck = _child(run_duckdb, args.counties, args.repeat)
    theirs = _child(run_pandas, args.counties)
    ours = None if args.skip_per_plan else _child(run_edu_plan, args.counties, args.scorer)
    n = columnar["reports"]
    print(f"{args.counties} counties × Helan plan, {n:,} synthetic reports (示例数据，非真实数据), Python "
          f"{sys.version.split()[0]}; best of {args.repeat}; load average {_load()}")
    print(f"edu_plan columnar  assess_many {columnar['score']:.3f} s ({columnar['cards']:,} scorecards, engine "
          f"{columnar['engine']}, fallbacks {columnar['fallbacks'] or 'none'}) | reports → columns "
          f"{columnar['columns']:.2f} s | one county explained {columnar['explain'] * 1000:.0f} ms "
          f"({columnar['explained_lines']} lines) | peak RSS {columnar['peak']:,.0f} MiB")
    print(f"polars             aggregate + weighted score {polars['score']:.3f} s ({polars['cards']:,} unit totals)"
          f" | peak RSS {polars['peak']:,.0f} MiB")
    print(f"DuckDB             aggregate + weighted score {duck['score']:.3f} s ({duck['cards']:,} unit totals)"
          f" | peak RSS {duck['peak']:,.0f} MiB")
    print(f"pandas             groupby sums {theirs['sum']:.3f} s ({theirs['groups']:,} groups) | peak RSS "
          f"{theirs['peak']:,.0f} MiB")
    if ours is not None:
        assert Decimal(ours["checksum"]) == Decimal(columnar["checksum"]), (ours["checksum"], columnar["checksum"])
        print(f"edu_plan per plan  {args.scorer} scoring {ours['score']:.1f} s (once) | peak RSS {ours['peak']:,.0f}"
              f" MiB; the same total of all totals as the columnar engine: {ours['checksum']}")
    fastest = min(polars["score"], duck["score"])
    print(f"columnar / fastest of polars and DuckDB: {columnar['score'] / fastest:.2f}× (limit ≤ 3×); "
          f"peak memory {columnar['peak']:,.0f} MiB (limit < 600 MB)"
          + (f"; per plan / columnar: {ours['score'] / columnar['score']:.0f}×" if ours is not None else ""))
    return 0


def _load() -> str:
    import os

    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())
