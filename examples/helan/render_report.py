"""Render the Helan plan's documents: 责任清单 as Markdown, the 2024 report as HTML and Excel.

    .venv/bin/python examples/helan/render_report.py [OUT_DIR]

The progress is the illustrative example file (示例数据，非真实数据), so are the scores in the report.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from edu_plan import Period, datasets, default_registry, serialization
from edu_plan.progress import load_progress
from edu_plan.views import assess, build

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="helan-report-"))
    out.mkdir(parents=True, exist_ok=True)
    plan = datasets.load("helan")
    registry = default_registry()

    responsibilities = build("responsibilities", plan)
    (out / "责任清单.md").write_text(registry.renderer("markdown").render(responsibilities), encoding="utf-8")

    progress = load_progress(HERE / "progress-2023-2024.csv", plan=plan)
    scheme = serialization.loads((HERE / "scheme.toml").read_text(encoding="utf-8"), "toml")
    assessment = assess(plan, progress, period=Period.parse("2024"), scheme=scheme)
    report = build("report", plan, progress=progress, assessment=assessment)
    title = f"{plan.title} · 2024（示例数据，非真实数据）"
    (out / "report-2024.html").write_text(registry.renderer("html").render(report, title=title), encoding="utf-8")
    (out / "report-2024.xlsx").write_bytes(registry.renderer("xlsx").render(report, title=title))
    for path in sorted(out.iterdir()):
        print(f"{path}  ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
