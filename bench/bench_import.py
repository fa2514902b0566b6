"""Importing plans: the Helan text (time, peak memory, share of curated targets reproduced) and a 责任清单 CSV
beside pandas.read_csv, the tool a user would otherwise reach for (which only reads cells: no units, no targets);
the test corpus (tests/data/import/corpus: plans of every published form, as text, PDF, Word and web page)
scored against its answer keys (task recall, unit-with-role recall, unit precision, confidence calibration);
the Helan plan in .txt, .docx, PDF and HTML; the time per PDF page beside pdfplumber's own text extraction;
and, with ``--samples DIR --keys DIR``, real published plans scored against answer keys kept outside the
repository (the keys quote the plans' task titles, so they are not committed).

Run from the repository root: ``.venv/bin/python bench/bench_import.py`` (``--smoke``: the corpus texts only).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from edu_plan import datasets
from edu_plan.plugins.importers import SPREADSHEET, FindingKind, import_text
from edu_plan.plugins.importers import TEXT as TEXT_IMPORTER

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from _import_scoring import Score, load_key, metadata, score  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "import" / "corpus"
HELAN_FILES = [ROOT / "examples" / "helan" / "plan-text.txt",
               *(ROOT / "tests" / "data" / "import" / "helan" / f"plan-text.{x}" for x in ("docx", "pdf", "html"))]
LIMITS = {"task recall": 0.9, "unit-with-role recall": 0.9, "unit precision": 0.95}
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


def target_calibration() -> list[tuple[str, int, int]]:
    """Helan's imported quantitative targets by confidence band: (band, targets, those identical to the curated)."""
    reference = datasets.load("helan")
    result = import_text(TEXT)
    plan = result.plan
    assert plan is not None

    def key(t: Any) -> tuple[Any, ...]:
        r = t.recurrence
        return (t.kind, t.quantity, t.minimum, t.maximum, t.unit_of_measure,
                (r.every, r.interval, r.anchor) if r else None, t.deadline, t.relative_to)

    confidence = {f.where: f.confidence for f in result.report.of(FindingKind.TARGET)}
    bands: dict[str, list[bool]] = {"≥ 0.9": [], "0.8–0.9": [], "0.7–0.8": [], "< 0.7": []}
    for task in plan.tasks:
        curated = [key(t) for t in reference.task(task.number).targets]
        for target in task.targets:
            if target.kind not in QUANTITATIVE:
                continue
            c = confidence[target.id]
            band = "≥ 0.9" if c >= Decimal("0.9") else "0.8–0.9" if c >= Decimal("0.8") else (
                "0.7–0.8" if c >= Decimal("0.7") else "< 0.7")
            right = key(target) in curated
            if right:
                curated.remove(key(target))
            bands[band].append(right)
    return [(band, len(v), sum(v)) for band, v in bands.items()]


def scored(files: list[Path], keys: Path | None = None, show: bool = False) -> Score:
    """The corpus score over ``files`` (each scored against the key of its stem, in ``keys`` or beside it)."""
    total = Score()
    for file in files:
        key_file = (keys or file.parent) / f"{file.stem}.json"
        key = load_key(key_file)
        result = TEXT_IMPORTER.import_plan(file)
        one = score(result, key, name=file.name)
        assert result.plan is not None
        problems = metadata(result.plan, key)
        print(f"  {file.name:28} {one.line()}" + (f"; metadata: {'; '.join(problems)}" if problems else ""))
        if show:
            for line in one.missing + one.wrong:
                print(f"      {line}")
        total.add(one)
    return total


def report(title: str, total: Score) -> None:
    """Print the totals beside the issue's limits, and the calibration table."""
    print(f"{title}: {total.line()}")
    for label, value in (("task recall", total.task_recall), ("unit-with-role recall", total.unit_recall),
                         ("unit precision", total.unit_precision)):
        print(f"  {label}: {100 * value:.1f}% (limit ≥ {100 * LIMITS[label]:.0f}%)")
    print("  calibration (responsibilities): confidence band → claims, share right")
    for floor, claims, right in total.calibration():
        share = f"{100 * right / claims:.0f}%" if claims else "—"
        print(f"    ≥ {floor}: {claims} claims, {share} right")


def helan_formats() -> None:
    """The Helan plan in every format: tasks and responsibilities beside the curated plan."""
    reference = datasets.load("helan")

    def units(plan: Any) -> dict[int, list[tuple[str, str]]]:
        return {t.number: sorted((reference.unit(plan.unit(r.unit).name).id, r.role.value)
                                 for r in t.responsibilities) for t in plan.tasks}

    expected = units(reference)
    for file in HELAN_FILES:
        if not file.exists():
            continue
        plan = TEXT_IMPORTER.import_plan(file).plan
        assert plan is not None
        mine = units(plan)
        same = sum(1 for n in expected if mine.get(n) == expected[n])
        print(f"  Helan {file.suffix:6} tasks {len(plan.tasks)}/22, tasks with every responsibility right "
              f"{same}/22")


def pdf_pages(files: list[Path]) -> None:
    """Time per PDF page: reading and importing, beside pdfplumber's plain text extraction (no structure)."""
    import pdfplumber

    pages = 0
    ours = theirs = 0.0
    for file in files:
        with pdfplumber.open(str(file)) as pdf:
            pages += len(pdf.pages)
        ours += measure(lambda f=file: TEXT_IMPORTER.import_plan(f), repeat=3)[0]
        theirs += measure(lambda f=file: _plain(f), repeat=3)[0]
    print(f"PDF import (read + structure + units + targets): {1000 * ours / pages:.0f} ms per page over {pages} "
          f"pages (limit 1000 ms); pdfplumber extract_text alone: {1000 * theirs / pages:.0f} ms per page")


def _plain(file: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(file)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="the corpus texts only (seconds)")
    parser.add_argument("--show", action="store_true", help="list every missed or wrong unit")
    parser.add_argument("--samples", type=Path, help="a folder of real plans (.txt) to score")
    parser.add_argument("--keys", type=Path, help="the folder of their answer keys (<stem>.json)")
    args = parser.parse_args(argv)
    repeat = 1 if args.smoke else 7
    texts = sorted(CORPUS.glob("*.txt"))
    if args.smoke:
        report("Corpus (texts)", scored(texts, show=args.show))
    else:
        every = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".pdf", ".docx", ".html"))
        report("Corpus (text, PDF, Word, web page)", scored(every, show=args.show))
        helan_formats()
        pdf_pages([p for p in every if p.suffix == ".pdf"] + [p for p in HELAN_FILES if p.suffix == ".pdf"])
        if args.samples and args.keys:
            samples = sorted(p for p in args.samples.glob("*.txt") if (args.keys / f"{p.stem}.json").exists())
            report(f"Real published plans ({args.samples})", scored(samples, args.keys, show=args.show))
    hit, total = reproduced()
    print(f"Helan quantitative targets reproduced exactly: {hit}/{total} ({100 * hit / total:.0f}%)")
    print("  calibration (Helan targets): confidence band → targets, share identical to the curated ones")
    for band, count, right in target_calibration():
        print(f"    {band}: {count} targets, " + (f"{100 * right / count:.0f}% right" if count else "—"))
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
