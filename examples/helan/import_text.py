"""Import the Helan plan from its official text and compare it with the hand-curated dataset.

    .venv/bin/python examples/helan/import_text.py [OUT_DIR]

Writes the imported plan and the import report (Markdown) to OUT_DIR (default: a temporary folder)
and prints how many tasks and targets match the dataset.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from edu_plan import datasets, serialization
from edu_plan.plugins.importers import import_text

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="helan-import-"))
    out.mkdir(parents=True, exist_ok=True)
    result = import_text((HERE / "plan-text.txt").read_text(encoding="utf-8"), source="plan-text.txt",
                         plan_id="helan-imported")
    serialization.dump_plan(result.plan, out / "plan.yaml")
    (out / "report.md").write_text(result.report.to_markdown(), encoding="utf-8")

    curated = datasets.load("helan")
    titles = sum(a.title == b.title for a, b in zip(result.plan.tasks, curated.tasks, strict=False))
    wanted = {(t.kind, t.quantity, t.minimum, t.maximum, t.unit_of_measure, t.deadline)
              for _, t in curated.iter_targets() if t.kind not in ("milestone", "qualitative")}
    found = {(t.kind, t.quantity, t.minimum, t.maximum, t.unit_of_measure, t.deadline)
             for _, t in result.plan.iter_targets()}
    print(f"wrote {out / 'plan.yaml'} and {out / 'report.md'}")
    print(f"tasks: {len(result.plan.tasks)} imported, {titles} with the dataset's title")
    print(f"quantitative targets: {len(wanted & found)} of {len(wanted)} distinct ones found; valid: {result.ok}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
