"""The hostile-input catalogue: every category of bad input of issue 11, run through every command that reads it.

Each :class:`Case` is one input (a file of ``tests/data/hostile/`` or one made here, since zip bombs and
25 MiB plans are not stored) and the commands it goes through.  :func:`run_cases` runs the commands of
each case in one child process under a memory limit (``RLIMIT_AS``) and a time limit, through
``edu_plan.cli.main``, and :func:`judge` says what happened to each command:

* ``clear`` — refused (or warned, or accepted, as expected) with a message naming the file or path;
* ``traceback`` — a Python traceback (or MemoryError) reached the user;
* ``hang`` — no answer within the time limit;
* ``silent`` — accepted without a word where a refusal or a warning was due, or written outside the folder;
* ``unclear`` — refused, but the message does not name the file, or reads like an internal error.

``python tests/hostile.py [--pythonpath SRC]`` prints the figures per category (used for the issue's
before/after table: run it with the source of another commit on ``--pythonpath``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "hostile"
MEMORY_LIMIT = 1 << 30  # bytes of address space of a child: the "no process over 1 GiB"
TIME_LIMIT = 20.0  # seconds per command: the "no hang over 20 s"

Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One hostile input and the commands that must each handle it."""

    category: str
    name: str
    commands: tuple[tuple[str, ...], ...]
    expect: str = "refuse"  # refuse | warn | accept
    names: str = ""  # text the message must hold (the file name, ideally with its line)
    setup: Setup | None = None
    outside: str | None = None  # a path (relative to the work folder) that must not be written
    forbid_in_stdout: str | None = None  # text that must not reach the terminal raw


# -- inputs made at test time ------------------------------------------------------------------------------


def _deep_json(folder: Path) -> None:
    (folder / "deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")


def _big_int(suffix: str) -> Setup:
    def make(folder: Path) -> None:
        digits = "9" * 5000
        base = (CORPUS / "base-plan.yaml").read_text(encoding="utf-8")
        if suffix == "yaml":
            text = base.replace("quantity: 10", f"quantity: {digits}")
        else:
            text = '{"id": "p", "title": "方案", "schema_version":\n' + digits + "}\n"
        (folder / f"big-int.{suffix}").write_text(text, encoding="utf-8")

    return make


def _huge_plan(folder: Path) -> None:
    base = (CORPUS / "base-plan.yaml").read_text(encoding="utf-8")
    filler = "preamble: " + "很" * (25 * 1024 * 1024 // 3) + "\n"
    (folder / "huge.yaml").write_text(base + filler, encoding="utf-8")


def _folder(folder: Path) -> None:
    (folder / "plan-folder.yaml").mkdir()


def _docx(folder: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("贺兰县教育质量提升行动实施方案")
    document.save(str(folder / "plan.docx"))


def _zip_bomb(name: str, member: str) -> Setup:
    def make(folder: Path) -> None:
        with zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
            bomb.writestr("[Content_Types].xml", "<Types/>")
            with bomb.open(member, "w", force_zip64=True) as handle:
                chunk = b"\0" * (1 << 20)
                for _ in range(64):  # 64 MiB of zeros in 64 KiB: refused for its ratio before any byte is unpacked
                    handle.write(chunk)

    return make


def _many_members(folder: Path) -> None:
    with zipfile.ZipFile(folder / "many.xlsx", "w") as container:
        for i in range(12_000):
            container.writestr(f"xl/m{i}.xml", "")


def _not_zip(folder: Path) -> None:
    (folder / "broken.docx").write_bytes(b"not a zip at all")


def _big_text(folder: Path) -> None:
    line = "（一）加快推进学前教育普及普惠发展，新增幼儿园10所。牵头单位：县教体局\n"
    with (folder / "big.txt").open("w", encoding="utf-8") as handle:
        for _ in range(50 * 1024 * 1024 // len(line.encode("utf-8"))):
            handle.write(line)


def _headings(folder: Path) -> None:
    lines = ["贺兰县教育质量提升行动实施方案", "一、重点任务"]
    lines += [f"{i}. 第{i}项任务，新增幼儿园1所。牵头单位：县教体局" for i in range(1, 60_001)]
    (folder / "headings.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _empty_text(folder: Path) -> None:
    (folder / "empty.txt").write_text("", encoding="utf-8")


def _csv_cell(folder: Path) -> None:
    head = (CORPUS / "progress-ok.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "big-cell.csv").write_text(head + "\n进展,1,T01-1,县教体局,2024,3," + "佐" * 140_000
                                         + ",2024-06-30,已报送\n", encoding="utf-8")


def _future(folder: Path) -> None:
    import pendulum

    base = (CORPUS / "base-plan.yaml").read_text(encoding="utf-8").replace("end: 2027-12-31", "end: 2099-12-31")
    (folder / "long-plan.yaml").write_text(base, encoding="utf-8")
    day = pendulum.today().add(days=40)
    (folder / "future.csv").write_text(
        "类型,任务,指标,单位,期间,数值,佐证,报送日期,状态\n"
        f"进展,1,T01-1,县教体局,{day.year},1,文件1,{day.to_date_string()},已报送\n", encoding="utf-8")


def _symlink_out(folder: Path) -> None:
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    (folder / "link").symlink_to(outside, target_is_directory=True)


# -- the catalogue ---------------------------------------------------------------------------------------------

_BASE = "base-plan.yaml"
_OK = "progress-ok.csv"


def _plan_commands(plan: str) -> tuple[tuple[str, ...], ...]:
    return (("validate", plan), ("show", plan), ("export", plan, "--format", "json"),
            ("render", plan, "--view", "responsibilities"), ("db", "load", "files:store", plan))


def _progress_commands(progress: str, plan: str = _BASE) -> tuple[tuple[str, ...], ...]:
    return (("progress", "check", plan, progress),
            ("score", plan, "--progress", progress, "--scheme", "scheme.toml", "--period", "2024"),
            ("render", plan, "--view", "ledger", "--progress", progress),
            ("db", "load", "files:store", plan, progress))


def _scheme_commands(scheme: str) -> tuple[tuple[str, ...], ...]:
    return (("score", _BASE, "--progress", _OK, "--scheme", scheme, "--period", "2024"),
            ("render", _BASE, "--view", "scorecards", "--progress", _OK, "--scheme", scheme, "--period", "2024"))


def _import(document: str) -> tuple[tuple[str, ...], ...]:
    return (("import", document, "-o", "imported.yaml"),)


CASES: tuple[Case, ...] = (
    # files: the shape of the bytes
    Case("files", "YAML alias bomb", _plan_commands("alias-bomb.yaml"), names="alias-bomb.yaml:"),
    Case("files", "JSON nested 200,000 deep", _plan_commands("deep.json"), names="deep.json", setup=_deep_json),
    Case("files", "integer of 5000 digits (YAML)", _plan_commands("big-int.yaml"), names="big-int.yaml:",
         setup=_big_int("yaml")),
    Case("files", "integer of 5000 digits (JSON)", _plan_commands("big-int.json"), names="big-int.json:",
         setup=_big_int("json")),
    Case("files", "NUL byte in YAML", _plan_commands("nul.yaml"), names="nul.yaml:"),
    Case("files", "control character in YAML", _plan_commands("control-char.yaml"), names="control-char.yaml:"),
    Case("files", "duplicate key (YAML)", _plan_commands("duplicate-key.yaml"), names="duplicate-key.yaml:"),
    Case("files", "duplicate key (JSON)", _plan_commands("duplicate-key.json"), names="duplicate-key.json:"),
    Case("files", "duplicate key (TOML)", _plan_commands("duplicate-key.toml"), names="duplicate-key.toml:"),
    Case("files", "25 MiB plan", (("validate", "huge.yaml"), ("db", "load", "files:store", "huge.yaml")),
         names="huge.yaml", setup=_huge_plan),
    Case("files", "folder given as a plan", (("validate", "plan-folder.yaml"), ("show", "plan-folder.yaml")),
         names="plan-folder.yaml: is a folder", setup=_folder),
    Case("files", ".docx given to validate", (("validate", "plan.docx"),), names="edu-plan import", setup=_docx),
    # numbers past the stores' limits, and numbers that change meaning
    Case("numbers", "quantity 1e999", _plan_commands("quantity-inf.yaml"), names="quantity-inf.yaml:"),
    Case("numbers", "quantity of 30 digits", _plan_commands("quantity-30-digits.yaml"),
         names="quantity-30-digits.yaml:"),
    Case("numbers", "quantity with 7 decimals", _plan_commands("quantity-7-decimals.yaml"),
         names="quantity-7-decimals.yaml:"),
    Case("numbers", "task number 1.5", _plan_commands("task-number-1.5.yaml"), names="task-number-1.5.yaml:"),
    Case("numbers", "scheme points = inf", _scheme_commands("scheme-inf.toml"), names="scheme-inf.toml:"),
    # the plan's structure and meaning
    Case("plan", "sections: \"not a list\"", _plan_commands("sections-not-a-list.yaml"),
         names="sections-not-a-list.yaml:"),
    Case("plan", "targets: null", _plan_commands("targets-null.yaml"), names="targets-null.yaml:"),
    Case("plan", "TOML with several type errors", (("validate", "types.toml"),), names="types.toml:"),
    Case("plan", "plan id with / and ..", _plan_commands("id-slash.yaml"), names="id-slash.yaml:"),
    Case("plan", "plan without sections", (("validate", "no-sections.yaml"),), expect="warn",
         names="no-sections.yaml"),
    Case("plan", "structural and semantic mistakes at once", (("validate", "all-mistakes.yaml"),),
         names="unknown target kind"),
    # progress files
    Case("progress", "CSV cell of 140,000 characters", _progress_commands("big-cell.csv"), names="big-cell.csv:2",
         setup=_csv_cell),
    Case("progress", "unterminated CSV quote", _progress_commands("progress-unterminated-quote.csv"),
         names="progress-unterminated-quote.csv:2"),
    Case("progress", "NUL byte in CSV", _progress_commands("progress-nul.csv"), names="progress-nul.csv:2"),
    Case("progress", "value 3,60,0", _progress_commands("progress-grouping.csv"), names="progress-grouping.csv:2"),
    Case("progress", "50% on a count target", _progress_commands("progress-percent-on-count.csv"),
         names="progress-percent-on-count.csv:2"),
    Case("progress", "Arabic-Indic digit", _progress_commands("progress-arabic-indic.csv"),
         names="progress-arabic-indic.csv:2"),
    Case("progress", "full-width digits", (("progress", "check", _BASE, "progress-full-width.csv"),), expect="warn",
         names="progress-full-width.csv:2"),
    Case("progress", "value with 7 decimals", _progress_commands("progress-7-decimals.csv"),
         names="progress-7-decimals.csv:2"),
    Case("progress", "value 1e999", _progress_commands("progress-1e999.csv"), names="progress-1e999.csv:2"),
    Case("progress", "milestone value 5", _progress_commands("progress-milestone-5.csv"),
         names="progress-milestone-5.csv:2"),
    Case("progress", "period outside the plan", _progress_commands("progress-period-outside.csv"),
         names="outside the plan"),
    Case("progress", "report after the horizon", (("progress", "check", _BASE, "progress-after-horizon.csv"),),
         expect="warn", names="progress-after-horizon.csv:2"),
    Case("progress", "report in the future", (("progress", "check", "long-plan.yaml", "future.csv"),),
         expect="warn", names="future.csv:2", setup=_future),
    Case("progress", "unknown top-level keys (YAML)", _progress_commands("progress-unknown-keys.yaml"),
         names="progress-unknown-keys.yaml"),
    # schemes
    Case("schemes", "scheme neither UTF-8 nor GB18030", _scheme_commands("scheme-not-text.toml"),
         names="scheme-not-text.toml"),
    # imports
    Case("imports", "zip bomb named .xlsx", _import("bomb.xlsx"), names="bomb.xlsx",
         setup=_zip_bomb("bomb.xlsx", "xl/worksheets/sheet1.xml")),
    Case("imports", "zip bomb named .docx", _import("bomb.docx"), names="bomb.docx",
         setup=_zip_bomb("bomb.docx", "word/document.xml")),
    Case("imports", "12,000 members in a .xlsx", _import("many.xlsx"), names="many.xlsx", setup=_many_members),
    Case("imports", "not a zip named .docx", _import("broken.docx"), names="broken.docx", setup=_not_zip),
    Case("imports", "50 MB text", _import("big.txt"), names="big.txt", setup=_big_text),
    Case("imports", "60,000 numbered headings", _import("headings.txt"), names="headings.txt", setup=_headings),
    Case("imports", "empty text", _import("empty.txt"), names="empty.txt", setup=_empty_text),
    # output paths
    Case("paths", "export -o ../", (("export", _BASE, "-o", "../escaped-export.yaml"),), names="..",
         outside="../escaped-export.yaml"),
    Case("paths", "score -o ../", (("score", _BASE, "--progress", _OK, "--scheme", "scheme.toml", "--period",
                                    "2024", "-o", "../escaped.txt"),), names="..", outside="../escaped.txt"),
    Case("paths", "import -o ../", (("import", "plan-text.txt", "-o", "../escaped-import.yaml"),), names="..",
         outside="../escaped-import.yaml"),
    Case("paths", "import --report ../", (("import", "plan-text.txt", "-o", "in.yaml", "--report",
                                           "../escaped.md"),), names="..", outside="../escaped.md"),
    Case("paths", "render -o ../", (("render", _BASE, "--view", "tasks", "-o", "../escaped.md"),), names="..",
         outside="../escaped.md"),
    Case("paths", "export through a symlink out of the folder", (("export", _BASE, "-o", "link/escaped.yaml"),),
         names="link/escaped.yaml", setup=_symlink_out, outside="link/escaped.yaml"),
    # stores
    Case("stores", "files: store with a relative path", (("db", "load", "files:helan-store", _BASE, _OK),),
         expect="accept"),
    # terminal
    Case("terminal", "right-to-left override in a title", (("show", "bidi-title.yaml"),
                                                           ("render", "bidi-title.yaml", "--view", "tasks")),
         expect="accept", forbid_in_stdout="\u202e"),
)


# -- running ------------------------------------------------------------------------------------------------------

_DRIVER = r"""
import contextlib, io, json, resource, sys, time, traceback
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from edu_plan.cli import main
results = []
for argv in json.loads(sys.stdin.read()):
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:
            traceback.print_exc()
            code = -1
    results.append({"argv": argv, "code": code, "out": out.getvalue()[-4000:], "err": err.getvalue()[-4000:],
                    "seconds": time.perf_counter() - start})
    print(json.dumps(results[-1]), flush=True)
"""


@dataclass
class Result:
    """What one command did with one case's input."""

    case: Case
    argv: tuple[str, ...]
    code: int | None
    out: str
    err: str
    seconds: float
    verdict: str = ""
    why: str = field(default="")


def prepare(folder: Path, case: Case) -> None:
    """Fill ``folder`` with the corpus (and what ``case`` makes) so its commands can run there."""
    for source in CORPUS.iterdir():
        if source.is_file():
            (folder / source.name).write_bytes(source.read_bytes())
    example = Path(__file__).parent.parent / "examples" / "helan" / "plan-text.txt"
    (folder / "plan-text.txt").write_bytes(example.read_bytes())
    if case.setup is not None:
        case.setup(folder)


def run_case(case: Case, folder: Path, *, pythonpath: str | None = None) -> list[Result]:
    """Run every command of ``case`` in ``folder``, in one child process under the memory and time limits."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    env["EDU_PLAN_STORE"] = f"sqlite:///{folder / 'default.db'}"
    env["EDU_PLAN_LANG"] = "en"  # the markers judged (warning, file names) are read in English
    budget = TIME_LIMIT * len(case.commands) + 10
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", _DRIVER, str(MEMORY_LIMIT)], input=json.dumps(case.commands),
                              capture_output=True, text=True, cwd=folder, env=env, timeout=budget, check=False)
        lines, crash = done.stdout.splitlines(), done.stderr
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        lines, crash = out.splitlines(), "timeout"
    results = []
    for item in (json.loads(line) for line in lines if line.startswith("{")):
        results.append(Result(case, tuple(item["argv"]), item["code"], item["out"], item["err"], item["seconds"]))
    for argv in case.commands[len(results):]:
        # The child died (memory, signal) or ran out of time on this command.
        results.append(Result(case, argv, None, "", crash[-2000:], time.perf_counter() - start))
        crash = "not reached: an earlier command of the case did not finish"
    for result in results:
        result.verdict, result.why = judge(result, folder)
    return results


_INTERNAL = ("Traceback (most recent call last)", "MemoryError", "RecursionError")
_UNCLEAR = ("unknown error", "object has no attribute", "'NoneType'", "object is not iterable")


def judge(result: Result, folder: Path) -> tuple[str, str]:
    """The verdict on one command (see the module docstring) and why."""
    case = result.case
    text = result.out + result.err
    if result.code is None:
        if "timeout" in result.err or result.seconds >= TIME_LIMIT:
            return "hang", f"no answer in {TIME_LIMIT:.0f} s"
        return "traceback", f"the process died: {result.err[-200:]}"
    if any(marker in text for marker in _INTERNAL) or result.code == -1:
        return "traceback", text[-300:]
    if result.seconds > TIME_LIMIT:
        return "hang", f"{result.seconds:.1f} s"
    if case.outside is not None and (folder / case.outside).exists():
        return "silent", f"wrote {case.outside}, outside the folder"
    if case.forbid_in_stdout is not None and case.forbid_in_stdout in result.out:
        return "silent", f"{case.forbid_in_stdout!r} reached the terminal raw"
    if case.expect == "accept":
        return ("clear", "") if result.code == 0 else ("unclear", f"refused: {text[-300:]}")
    if case.expect == "warn":
        if result.code != 0:
            return "unclear", f"refused where a warning was due: {text[-300:]}"
        if "warning" not in text:
            return "silent", "accepted without a warning"
    elif result.code == 0:
        return "silent", "accepted"
    if any(marker in text for marker in _UNCLEAR) or (case.names and case.names not in text):
        return "unclear", text[-300:]
    return "clear", ""


def run_cases(cases: Sequence[Case], root: Path, *, pythonpath: str | None = None) -> list[Result]:
    """Run every case, each in its own fresh folder under ``root``."""
    results: list[Result] = []
    for number, case in enumerate(cases):
        folder = root / f"case-{number:02d}"
        folder.mkdir(parents=True)
        prepare(folder, case)
        results += run_case(case, folder, pythonpath=pythonpath)
    return results


def figures(results: Sequence[Result]) -> str:
    """A table: per category, the inputs and commands tried and each verdict's count."""
    verdicts = ("clear", "traceback", "hang", "silent", "unclear")
    rows = [f"{'category':<10} {'inputs':>6} {'runs':>5} " + " ".join(f"{v:>9}" for v in verdicts)]
    for category in dict.fromkeys(r.case.category for r in results):
        mine = [r for r in results if r.case.category == category]
        counts = Counter(r.verdict for r in mine)
        rows.append(f"{category:<10} {len({r.case.name for r in mine}):>6} {len(mine):>5} "
                    + " ".join(f"{counts[v]:>9}" for v in verdicts))
    counts = Counter(r.verdict for r in results)
    rows.append(f"{'all':<10} {len({r.case.name for r in results}):>6} {len(results):>5} "
                + " ".join(f"{counts[v]:>9}" for v in verdicts))
    return "\n".join(rows)


if __name__ == "__main__":
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pythonpath", help="run edu_plan from this source folder (another commit's src/)")
    parser.add_argument("--verbose", action="store_true", help="print every command that was not clear")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        found = run_cases(CASES, Path(tmp), pythonpath=args.pythonpath)
    if args.verbose:
        for r in found:
            if r.verdict != "clear":
                print(f"[{r.verdict}] {r.case.category} / {r.case.name}: {' '.join(r.argv)}\n    {r.why[:300]!r}")
    print(figures(found))
