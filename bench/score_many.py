"""All cores: assess_many on one process and on a process pool of 2, the same county copies of the Helan plan.

Prints both times, their ratio beside the limit (2 processes ≥ 1.7× one) and checks that both give the same
assessments.  The progress is the Helan example's, copied to every county (示例数据，非真实数据).

    .venv/bin/python bench/score_many.py                # 400 counties
    .venv/bin/python bench/score_many.py --smoke        # 8 counties (CI)
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import attrs

from edu_plan import Period, ProgressLog, assess_many, datasets
from edu_plan.plugins.scoring import load_scheme
from edu_plan.progress import load_progress

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--smoke", action="store_true", help="8 counties (CI)")
    args = parser.parse_args(argv)
    counties = 8 if args.smoke else args.counties
    plan = datasets.load("helan")
    log = load_progress(ROOT / "examples" / "helan" / "progress-2023-2024.csv", plan=plan)
    plans = [attrs.evolve(plan, id=f"county-{n:04d}") for n in range(counties)]
    progress = ProgressLog([attrs.evolve(r, plan_id=p.id) for p in plans for r in log.reports(plan.id)])
    _scorer, scheme = load_scheme(ROOT / "examples" / "helan" / "scheme.toml")
    period = Period.parse("2024")
    best_one = best_pool = float("inf")
    for _ in range(1 if args.smoke else 3):  # best of three, side by side
        started = time.perf_counter()
        here = assess_many(plans, progress, scheme, scorer="efficiency", period=period)
        best_one = min(best_one, time.perf_counter() - started)
        started = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            there = assess_many(plans, progress, scheme, scorer="efficiency", period=period, executor=pool,
                                chunk_size=max(1, counties // (4 * args.workers)))
        best_pool = min(best_pool, time.perf_counter() - started)
        assert here == there
    print(f"{counties} counties × Helan plan (示例数据，非真实数据), efficiency scheme, best of "
          f"{1 if args.smoke else 3}")
    print(f"one process {best_one:.2f} s | process pool of {args.workers} {best_pool:.2f} s (pool start included) | "
          f"speed-up {best_one / best_pool:.2f}× (limit ≥ 1.7× on 2 cores); same assessments: True")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
