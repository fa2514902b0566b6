"""Start-up cost: `import edu_plan` and whole `edu-plan` processes, beside bare Python.

    .venv/bin/python bench/startup.py            # 9 runs each
    .venv/bin/python bench/startup.py --smoke    # one run each (CI)

Prints the minimum and the median wall-clock time of each command, run as a fresh process.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("edu-plan"))

COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass (the floor)", [sys.executable, "-c", "pass"]),
    ("python -c 'import edu_plan'", [sys.executable, "-c", "import edu_plan"]),
    ("python -c 'import attrs, pendulum' (what edu_plan needs at least)", [sys.executable, "-c",
                                                                         "import attrs, pendulum"]),
    ("edu-plan --help", [CLI, "--help"]),
    ("edu-plan validate helan", [CLI, "validate", "helan"]),
    ("edu-plan score helan … (the README's main job)", [
        CLI, "score", "helan", "--progress", "examples/helan/progress-2023-2024.csv",
        "--scheme", "examples/helan/scheme.toml", "--period", "2024"]),
]

# The issue-14 limits, as multiples of the floor (best of N against best of N).
LIMITS = {"edu-plan --help": "≤ 4×", "edu-plan validate helan": "≤ 8×"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--smoke", action="store_true", help="one run each: checks that the benchmark runs (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.runs = 1
    print(f"# {args.runs} runs each, Python {sys.version.split()[0]}; wall clock of a fresh process")
    print(f"{'command':<70}{'min ms':>9}{'median ms':>11}{'× floor':>9}{'CPU ms':>8}{'CPU ×':>7}{'limit':>7}")
    # As users run it: with the bytecode cache (a development shell may turn it off), warmed by one run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    floor = cpu_floor = None
    for label, command in COMMANDS:
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True, env=env)
        times, cpu = [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=True, env=env)
            times.append((time.perf_counter() - started) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            # CPU time (user + system) of the child: steadier than wall clock on a shared machine.
            cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        floor = floor or min(times)
        cpu_floor = cpu_floor or max(min(cpu), 1.0)
        limit = LIMITS.get(label, "")
        print(f"{label:<70}{min(times):>9.0f}{statistics.median(times):>11.0f}{min(times) / floor:>8.1f}×"
              f"{min(cpu):>8.0f}{min(cpu) / cpu_floor:>6.1f}×{limit:>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
