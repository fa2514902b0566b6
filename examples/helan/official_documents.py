"""Write the Helan plan's 2024 通报 and its 整改通知 as Word documents in 公文格式 (GB/T 9704-2012).

    .venv/bin/python examples/helan/official_documents.py [OUT_DIR]

Writes 通报.docx (the progress bulletin and the units behind schedule), one 整改通知 per
rectification order (整改通知-01-常信乡.docx …) and 责任清单.docx. The progress is the
illustrative example file (示例数据，非真实数据), so are the orders. The same as

    edu-plan render helan --view bulletin --format docx -o 通报.docx --progress … --scheme … --period 2024
    edu-plan render helan --view rectifications --format docx --notices each -o DIR …
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from edu_plan import Period, datasets
from edu_plan.plugins.render import DocxRenderer
from edu_plan.progress import load_progress
from edu_plan.views import assess, build

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="helan-documents-"))
    out.mkdir(parents=True, exist_ok=True)
    plan = datasets.load("helan")
    progress = load_progress(HERE / "progress-2023-2024.csv", plan=plan)
    # One assessment for both documents: the bulletin and the notices speak of the same scoring.
    assessment = assess(plan, progress, period=Period.parse("2024"), scheme=HERE / "scheme.toml")
    # The document's own 发文字号 could be given here (doc_number="贺教发〔2025〕3号"); the plan's is cited.
    renderer = DocxRenderer(copy_to=("县人民政府办公室",))

    bulletin = build("bulletin", plan, progress=progress, assessment=assessment)
    (out / "通报.docx").write_bytes(renderer.render(bulletin))
    orders = build("rectifications", plan, progress=progress, assessment=assessment)
    notices = renderer.render_each(orders)
    for notice in notices:
        (out / notice.name).write_bytes(notice.data)
    (out / "责任清单.docx").write_bytes(renderer.render(build("responsibilities", plan)))
    print(f"通报.docx, 责任清单.docx and {len(notices)} 整改通知 in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
