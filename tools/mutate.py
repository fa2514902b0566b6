"""Mutation testing of the rules that decide a score: does some test fail when one token is wrong?

Runs mutmut (pinned in the ``dev`` extra) on a copy of the repository, one target at a time, each
with the test files that guard it, so a run takes minutes rather than hours and never touches the
working tree.  Prints, per target, the mutants killed and those that survived with their diff;
docs/testing.md keeps the last figures and the reason each surviving mutant is equivalent.

    python tools/mutate.py                 # every target
    python tools/mutate.py pace safety     # some of them
    python tools/mutate.py --list          # the targets, their modules and tests
    python tools/mutate.py --keep kinds    # keep the copy (do not run `mutmut show` in it while it runs)
    python tools/mutate.py --timeout 60 …  # seconds a mutant's tests may take (then it counts as killed)

A surviving mutant is either a missing test (write it) or an equivalent change (the program means
the same, e.g. ``<`` for ``<=`` where equality cannot happen): list it in docs/testing.md with why.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent

# target → (module, the rules in it mutated: functions, methods as Class.method, constants), tests run.
# Whole modules would be mostly message text; the rules that decide a score are what must be guarded,
# so f-strings (messages) are not mutated either; plain strings are (category names, formula starts).
TARGETS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "pace": ("src/edu_plan/plugins/scoring/_pace.py",
             ("linear_category", "growth_category", "_settle", "_cagr", "limit_coefficient", "_achieved", "_decide",
              "pace_category"),
             ("tests/test_pace_reference.py", "tests/test_scoring_rules.py::TestLevelBoundary")),
    "pace-methods": ("src/edu_plan/plugins/scoring/_pace.py", ("_linear", "_growth", "_series"),
                     ("tests/test_pace_reference.py", "tests/test_scoring_rules.py::TestLevelBoundary")),
    "efficiency": ("src/edu_plan/plugins/scoring/_efficiency.py",
                   ("_DEFAULT_ROLES", "_task_points", "_pro_rata", "_line_share", "_scorecard", "_matches",
                    "_multiplier", "_deductions", "_bonuses", "_rectifications"),
                   ("tests/test_scoring_rules.py", "tests/test_efficiency.py")),
    "grades": ("src/edu_plan/plugins/scoring/_common.py", ("grade_of", "peer_group_of", "assign_ranks", "owner_roles"),
               ("tests/test_scoring_rules.py", "tests/test_efficiency.py")),
    "apportion": ("src/edu_plan/_assessment.py", ("apportion", "round_points", "clip_share", "counting_start"),
                  ("tests/test_scoring_rules.py", "tests/test_efficiency.py")),
    "kinds": ("src/edu_plan/plugins/kinds/_builtin.py",
              ("_in_reach", "_latest", "_baseline", "_cumulative", "_level_share", "_level", "_range", "_recurring",
               "_milestone", "_qualitative"),
              ("tests/test_achievement.py", "tests/test_scoring_rules.py")),
    "periods": ("src/edu_plan/_periods.py", ("Period.containing", "Period.contains", "Period.next", "_span"),
                ("tests/test_periods.py",)),
    "workdays": ("src/edu_plan/_workdays.py",
                 ("WorkCalendar.is_working_day", "WorkCalendar.add_working_days", "WorkCalendar.working_days_between"),
                 ("tests/test_workdays.py", "tests/test_scoring_rules.py")),
    "safety": ("src/edu_plan/plugins/render/_safety.py",
               ("FORMULA_STARTS", "neutralise_formula", "visible_controls", "contained_path"),
               ("tests/test_scoring_rules.py", "tests/test_render_safety.py")),
    "units": ("src/edu_plan/plugins/importers/_units.py",
              ("split_units", "_base", "parse_responsibility_line", "_role_in_name", "_kind"),
              ("tests/test_import_text.py", "tests/test_import_forms.py", "tests/test_import_targets.py")),
}


def rule_lines(module: Path, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """The (first, last) line of each named function, method (``Class.method``) or constant of ``module``."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found: dict[str, tuple[int, int]] = {}
    for node in tree.body:
        nodes: list[tuple[str, ast.stmt]] = [("", node)]
        if isinstance(node, ast.ClassDef):
            nodes += [(f"{node.name}.", child) for child in node.body]
        for prefix, child in nodes:
            if isinstance(child, ast.FunctionDef | ast.ClassDef):
                found[prefix + child.name] = (child.lineno, child.end_lineno or child.lineno)
            elif isinstance(child, ast.Assign | ast.AnnAssign):
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        found[prefix + target.id] = (child.lineno, child.end_lineno or child.lineno)
    missing = [name for name in names if name not in found]
    if missing:
        raise SystemExit(f"{module}: no {', '.join(missing)} to mutate; update TARGETS in tools/mutate.py")
    return sorted(found[name] for name in names)


def write_patch(work: Path, module: str, names: tuple[str, ...]) -> Path:
    """A patch that 'adds' the rule lines, so that mutmut's --use-patch-file mutates those lines only."""
    lines = (work / module).read_text(encoding="utf-8").split("\n")
    hunks = []
    for first, last in rule_lines(work / module, names):
        body = "".join(f"+{line}\n" for line in lines[first - 1:last])
        hunks.append(f"@@ -0,0 +{first},{last - first + 1} @@\n{body}")
    patch = work / "rules.patch"
    patch.write_text(f"--- /dev/null\n+++ {module}\n" + "".join(hunks), encoding="utf-8")
    return patch


_KILLED = ("ok_killed", "ok_suspicious")  # suspicious: killed, but the tests took long
_SURVIVED = ("bad_survived",)
_SKIPPED = ("skipped",)  # message text: see _MUTMUT_CONFIG

# Written into the copy as mutmut_config.py: mutmut calls pre_mutation before it tests a mutant.  A mutant
# that only changes the text of a message — a string marked for translation (``N_("…")``, ``_("…")``),
# or given to an exception or as a Problem's message or hint — is skipped: messages are not rules, as
# f-strings are not mutated either.  The mutant is found by comparing the module's syntax tree with and
# without it: one string constant differs, inside such a call.
_MUTMUT_CONFIG = '''
import ast

_MARKERS = {"N_", "_", "gettext", "ngettext"}
_TEXT_KEYWORDS = {"message", "hint", "why", "reason", "explanation"}


def _messages(tree):
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        texts = list(node.args) if name in _MARKERS or name.endswith(("Error", "Exception")) else []
        texts += [k.value for k in node.keywords if k.arg in _TEXT_KEYWORDS]
        for text in texts:
            found.update(id(n) for n in ast.walk(text) if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return found


def pre_mutation(context):
    from mutmut import Context, mutate  # not at the top: mutmut imports this module while it starts

    source = context.source
    mutated, _count = mutate(Context(source=source, mutation_id=context.mutation_id, filename=context.filename,
                                     config=context.config))
    try:
        before, after = ast.parse(source), ast.parse(mutated)
    except SyntaxError:  # (*notes → (/notes: the tests will fail on it; an exception here would stop mutmut
        return
    messages = _messages(before)
    changed = [(a, b) for a, b in zip(ast.walk(before), ast.walk(after))
               if type(a) is not type(b) or (isinstance(a, ast.Constant) and a.value != b.value)]
    if changed and all(isinstance(a, ast.Constant) and id(a) in messages for a, _b in changed):
        context.skip = True
'''


def _copy(destination: Path) -> None:
    """The tracked files of the repository (as they are in the working tree) copied to ``destination``."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607 - git from PATH, as a developer runs it
                            cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _mutmut() -> Path:
    found = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if found is None:
        raise SystemExit("mutmut is not installed: pip install -e '.[dev]' (it is pinned there)")
    return Path(found)


# Seconds one mutant's tests may take before the run is killed (and the mutant counted as killed: a
# mutant that makes the tests loop is caught).  mutmut 2.5.1's own timeout kills only the pytest process
# and then waits for its terminal to close, which hangs when the tests left a child behind; coreutils'
# ``timeout`` kills the whole process group.
MUTANT_TIMEOUT = 120


def _tested(cache: Path) -> int:
    """How many mutants mutmut has recorded a result for so far (0 while it has not written its cache)."""
    try:
        with sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM Mutant WHERE status != 'untested'").fetchone()[0])
    except sqlite3.Error:
        return 0


def _watch(process: subprocess.Popen[bytes], cache: Path, *, stall: int) -> bool:
    """Wait for mutmut; end it (and its workers) if no mutant's result is recorded for ``stall`` seconds.

    mutmut 2.5.1 waits forever when its worker process dies; the mutants not run are then reported as
    untested.  Returns whether the run had to be ended."""
    seen, since = -1, time.monotonic()
    while True:
        try:
            process.wait(timeout=10)
            return False
        except subprocess.TimeoutExpired:
            pass
        count = _tested(cache)
        if count != seen:
            seen, since = count, time.monotonic()
        elif time.monotonic() - since > stall:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return True


def run(name: str, *, keep: bool = False, timeout: int = MUTANT_TIMEOUT) -> dict[str, object]:
    """Mutate target ``name`` in a fresh copy and return its counts and survivors."""
    module, names, tests = TARGETS[name]
    work = Path(tempfile.mkdtemp(prefix=f"edu-plan-mutate-{name}-"))
    _copy(work)
    patch = write_patch(work, module, names)
    (work / "mutmut_config.py").write_text(_MUTMUT_CONFIG, encoding="utf-8")
    # No plugin autoloading (xdist, the hypothesis reporter…): half the start-up time of each of hundreds of runs.
    env = {**os.environ, "PYTHONPATH": str(work / "src"), "HYPOTHESIS_PROFILE": "dev",
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    runner = f"timeout -k 5 {timeout} {sys.executable} -m pytest -x -q -p no:cacheprovider {' '.join(tests)}"
    started = time.monotonic()
    # Our own command line, no outside input.  A session of its own, so that a stalled run can be ended whole.
    process = subprocess.Popen([str(_mutmut()), "run", "--paths-to-mutate", module, "--runner", runner,  # noqa: S603
                                "--use-patch-file", str(patch), "--disable-mutation-types", "fstring,decorator",
                                "--tests-dir", "tests", "--no-progress", "--simple-output"], cwd=work, env=env,
                               start_new_session=True)
    stalled = _watch(process, work / ".mutmut-cache", stall=max(300, 3 * timeout))
    seconds = time.monotonic() - started
    survivors = []
    with sqlite3.connect(work / ".mutmut-cache") as db:
        rows = db.execute("SELECT Mutant.id, Mutant.status FROM Mutant").fetchall()
    for mutant_id, status in rows:
        if status not in _KILLED + _SKIPPED:
            shown = subprocess.run([str(_mutmut()), "show", str(mutant_id)], cwd=work, env=env,  # noqa: S603 - ours
                                   capture_output=True, text=True, check=False).stdout
            survivors.append((mutant_id, status, shown.strip()))
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    killed = sum(1 for _, status in rows if status in _KILLED)
    messages = sum(1 for _, status in rows if status in _SKIPPED)
    return {"target": name, "module": module, "total": len(rows) - messages, "killed": killed,
            "messages": messages, "survivors": survivors, "stalled": stalled,
            "seconds": round(seconds), "work": str(work) if keep else None}


def main(argv: list[str] | None = None) -> int:
    """Run the targets named on the command line (all by default) and print a report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help=f"targets to mutate (default: all): {', '.join(TARGETS)}")
    parser.add_argument("--list", action="store_true", help="list the targets and stop")
    parser.add_argument("--keep", action="store_true", help="keep the working copy (to inspect mutants)")
    parser.add_argument("--timeout", type=int, default=MUTANT_TIMEOUT,
                        help=f"seconds a mutant's tests may take, then it counts as killed (default {MUTANT_TIMEOUT})")
    args = parser.parse_args(argv)
    if args.list:
        for name, (module, names, tests) in TARGETS.items():
            print(f"{name}: {module} ({', '.join(names)}) ← {', '.join(tests)}")
        return 0
    unknown = sorted(set(args.targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target(s) {unknown}; the targets are {', '.join(TARGETS)}")
    total = killed = 0
    for name in args.targets or list(TARGETS):
        result = run(name, keep=args.keep, timeout=args.timeout)
        total += int(str(result["total"]))
        killed += int(str(result["killed"]))
        survivors = cast("list[tuple[int, str, str]]", result["survivors"])
        print(f"\n== {name}: {result['killed']} of {result['total']} mutants killed, "
              f"{len(survivors)} left, {result['seconds']} s ({result['messages']} message-text mutants skipped) ==")
        if result["stalled"]:
            print("(mutmut stalled and was ended: the mutants marked untested did not run)")
        for mutant_id, status, shown in survivors:
            print(f"-- mutant {mutant_id} ({status})\n{shown}\n")
    if total:
        print(f"\nall targets: {killed} of {total} killed ({100 * killed / total:.1f} %) before equivalents "
              "are set aside (docs/testing.md)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
