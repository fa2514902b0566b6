"""Start-up cost: `import edu_plan` and whole `edu-plan` processes, beside bare Python.

    .venv/bin/python bench/startup.py                 # 9 runs each
    .venv/bin/python bench/startup.py --smoke         # one run each (CI)
    .venv/bin/python bench/startup.py --instructions  # also each command's instructions, under valgrind

Prints the minimum and the median wall-clock time of each command, run as a fresh process, and its
CPU time; with ``--instructions``, the instructions it executes (``valgrind --tool=callgrind``, one
run each after a warming run): independent of the machine's load, so comparable between runs.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("edu-plan"))

COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass (the floor)", [sys.executable, "-c", "pass"]),
    ("python -c 'import edu_plan'", [sys.executable, "-c", "import edu_plan"]),
    ("python -c 'import attrs, pendulum' (what edu_plan needs at least)", [sys.executable, "-c",
                                                                         "import attrs, pendulum"]),
    ("python -c 'import attrs, pendulum, cattrs' (… and the structuring)", [sys.executable, "-c",
                                                                           "import attrs, pendulum, cattrs"]),
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
    parser.add_argument("--instructions", action="store_true",
                        help="also count each command's instructions with valgrind's callgrind (slow: seconds each)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.runs = 1
    valgrind = shutil.which("valgrind") if args.instructions else None
    if args.instructions and valgrind is None:
        parser.error("--instructions needs valgrind on PATH")
    print(f"# {args.runs} runs each, Python {sys.version.split()[0]}; wall clock of a fresh process"
          + ("; instructions under callgrind" if valgrind else ""))
    print(f"{'command':<70}{'min ms':>9}{'median ms':>11}{'× floor':>9}{'CPU ms':>8}{'CPU ×':>7}"
          + (f"{'instr M':>9}{'instr ×':>9}" if valgrind else "") + f"{'limit':>7}")
    # As users run it: with the bytecode cache (a development shell may turn it off), warmed by one run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    floor = cpu_floor = instructions_floor = None
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
        counted = ""
        if valgrind:
            instructions = _instructions(valgrind, command, env)
            instructions_floor = instructions_floor or instructions
            counted = f"{instructions / 1e6:>9.1f}{instructions / instructions_floor:>8.1f}×"
        print(f"{label:<70}{min(times):>9.0f}{statistics.median(times):>11.0f}{min(times) / floor:>8.1f}×"
              f"{min(cpu):>8.0f}{min(cpu) / cpu_floor:>6.1f}×{counted}{limit:>7}")
    return 0


def _instructions(valgrind: str, command: list[str], env: dict[str, str]) -> int:
    """The instructions ``command`` executes, as callgrind counts them (its ``Collected`` total)."""
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run([valgrind, "--tool=callgrind", f"--callgrind-out-file={folder}/out", *command],
                              cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no total:\n{done.stderr[-2000:]}")
    return int(found.group(1))


if __name__ == "__main__":
    raise SystemExit(main())
