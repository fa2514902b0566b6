"""The example scripts under examples/helan/ run and say what they should."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "helan"


def _run(script: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(EXAMPLES / script), *args], capture_output=True, text=True,
                            encoding="utf-8", check=False)
    assert 0 == result.returncode, result.stderr
    return result.stdout


class TestHelanExamples:
    def test_score_2024_prints_the_ranking(self) -> None:
        """score_2024.py prints the illustrative 2024 ranking by peer group."""
        out = _run("score_2024.py")
        assert "示例数据，非真实数据" in out
        assert "【部门】" in out

    def test_render_report_writes_three_documents(self, tmp_path: Path) -> None:
        """render_report.py writes the responsibility list, the HTML report and the Excel workbook."""
        _run("render_report.py", str(tmp_path))
        assert {"责任清单.md", "report-2024.html", "report-2024.xlsx"} == {p.name for p in tmp_path.iterdir()}

    def test_store_and_score_agrees_with_memory(self, tmp_path: Path) -> None:
        """store_and_score.py scores from a SQLite store exactly as from the file in memory."""
        out = _run("store_and_score.py", f"sqlite:///{tmp_path}/helan.db")
        assert "scored from the store = scored in memory: True" in out

    def test_import_text_finds_every_target(self, tmp_path: Path) -> None:
        """import_text.py imports all 22 tasks and every distinct quantitative target of the dataset."""
        out = _run("import_text.py", str(tmp_path))
        assert "tasks: 22 imported, 22 with the dataset's title" in out
        assert "quantitative targets: 26 of 26 distinct ones found; valid: True" in out

    def test_reporting_round(self, tmp_path: Path, chinese: None) -> None:
        """reporting_round.py writes the workbooks, finds 县委统战部 late and 县委宣传部 missing, and scores both."""
        out = _run("reporting_round.py", str(tmp_path))
        assert "县财政局-2024年12月.xlsx" in {p.name for p in tmp_path.iterdir()}
        assert "县委统战部: late, 2 days late" in out
        assert "县委宣传部: missing" in out
        assert "县委宣传部: missing-report −1" in out

    def test_official_documents(self, tmp_path: Path, chinese: None) -> None:
        """official_documents.py writes the 通报, the 责任清单 and the 15 整改通知 of the Helan 2024 example."""
        out = _run("official_documents.py", str(tmp_path))
        names = {p.name for p in tmp_path.iterdir()}
        assert {"通报.docx", "责任清单.docx", "整改通知-01-常信乡.docx"} <= names
        assert len([n for n in names if n.startswith("整改通知-")]) == 15
        assert "15 整改通知" in out
