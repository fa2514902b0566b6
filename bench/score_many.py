"""All cores: assess_many on one process and on a process pool of 2, the same county copies of the Helan plan.

Prints, best of three side by side, both times and their ratio beside the limit (2 processes ≥ 1.7× one), for
three routes, and checks that every route gives the same figures:

- from a SQLite store (the national route): one process reads the store's grouped query and scores in one
  vectorised pass; on the pool the store travels as its URL and each worker reads and scores its own chunk;
- the per-plan scorer over reports in memory (each worker sends back columns, not assessments);
- the columnar engine over reports in memory (the whole pass is a fraction of a second: the pool mostly
  pays for sending the plans and columns).

The pool is started (and warmed up by one untimed round) before the clock starts.  The progress is the Helan
example's, copied to every county (示例数据，非真实数据).

    .venv/bin/python bench/score_many.py                       # 2,844 counties (store, columnar), 200 per plan
    .venv/bin/python bench/score_many.py --smoke               # 8 counties (CI)
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from edu_plan import Period, ProgressColumns, ProgressLog, assess_many, datasets, open_store
from edu_plan.plugins.scoring import load_scheme
from edu_plan.progress import load_progress

ROOT = Path(__file__).resolve().parent.parent


def _total(result: Any) -> Decimal:
    return Decimal(sum(int(t) for t in result.cards.total)).scaleb(-2)


def _warm(_: int) -> int:
    return os.getpid()


def measure(plans: list[Any], progress: Any, scheme: Any, period: Period, engine: str, workers: int,
            repeat: int, pool: ProcessPoolExecutor) -> tuple[float, float, Decimal]:
    """Best of ``repeat``: one process, then the pool (one chunk per worker: the least sending).

    One untimed round on the pool first, so that each worker has imported the scorer and opened the store.
    """
    chunk = max(1, -(-len(plans) // workers))
    best_one = best_pool = float("inf")
    totals = set()
    assess_many(plans, progress, scheme, period=period, engine=engine, executor=pool,  # type: ignore[arg-type]
                chunk_size=chunk)
    for _ in range(repeat):
        started = time.perf_counter()
        here = assess_many(plans, progress, scheme, period=period, engine=engine)  # type: ignore[arg-type]
        best_one = min(best_one, time.perf_counter() - started)
        started = time.perf_counter()
        there = assess_many(plans, progress, scheme, period=period, engine=engine,  # type: ignore[arg-type]
                            executor=pool, chunk_size=chunk)
        best_pool = min(best_pool, time.perf_counter() - started)
        totals.update({_total(here), _total(there)})
    assert len(totals) == 1, totals
    return best_one, best_pool, totals.pop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=2844, help="counties for the columnar engine and the store")
    parser.add_argument("--per-plan-counties", type=int, default=200, help="counties for the per-plan scorer")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--smoke", action="store_true", help="8 counties (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.counties = args.per_plan_counties = 8
    repeat = 1 if args.smoke else 3
    plan = datasets.load("helan")
    log = load_progress(ROOT / "examples" / "helan" / "progress-2023-2024.csv", plan=plan)
    plans = [attrs.evolve(plan, id=f"county-{n:04d}") for n in range(max(args.counties, args.per_plan_counties))]
    reports = [attrs.evolve(r, plan_id=p.id) for p in plans for r in log.reports(plan.id)]
    events = [attrs.evolve(e, plan_id=p.id) for p in plans for e in log.all_events]
    columns = ProgressColumns.from_reports(ProgressLog(reports, events))
    _scorer, scheme = load_scheme(ROOT / "examples" / "helan" / "scheme.toml")
    period = Period.parse("2024")
    results: list[tuple[str, int, tuple[float, float, Decimal]]] = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/national.db"
        started = time.perf_counter()
        with open_store(url) as store:
            store.save_plans(plans[:args.counties])
            wanted = {p.id for p in plans[:args.counties]}
            store.add_reports(r for r in reports if r.plan_id in wanted)
            store.add_events(e for e in events if e.plan_id in wanted)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            list(pool.map(_warm, range(args.workers)))
            start_up = time.perf_counter() - started
            with open_store(url) as store:
                results.append(("store → scores (SQLite, columnar)", args.counties,
                                measure(plans[:args.counties], store, scheme, period, "columnar", args.workers, repeat,
                                        pool)))
            wanted = {p.id for p in plans[:args.per_plan_counties]}
            small = ProgressColumns.from_reports(ProgressLog([r for r in reports if r.plan_id in wanted],
                                                             [e for e in events if e.plan_id in wanted]))
            results.append(("per plan, in memory", args.per_plan_counties,
                             measure(plans[:args.per_plan_counties], small, scheme, period, "per-plan", args.workers,
                                     repeat, pool)))
            results.append(("columnar, in memory", args.counties,
                             measure(plans[:args.counties], columns, scheme, period, "columnar", args.workers, repeat,
                                     pool)))
    assert results[0][2][2] == results[2][2][2], "the store and the columns give different totals"
    print(f"Helan plan × counties (示例数据，非真实数据), efficiency scheme, best of {repeat}, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; store loaded in {loaded:.1f} s, pool of "
          f"{args.workers} started in {start_up:.2f} s (neither timed below)")
    for name, counties, (one, two, total) in results:
        print(f"{name:<34} {counties:>5} counties: one process {one:.3f} s | pool of {args.workers} {two:.3f} s | "
              f"speed-up {one / two:.2f}× (limit ≥ 1.7×); same figures: True (total of totals {total})")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
