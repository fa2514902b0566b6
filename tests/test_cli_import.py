"""``edu-plan import DOC -o plan.yaml --report report.md`` on text, .docx and .csv files."""

from __future__ import annotations

from pathlib import Path

import pytest

from edu_plan import serialization
from edu_plan.cli import main

ROOT = Path(__file__).resolve().parent.parent
HELAN = ROOT / "examples" / "helan" / "plan-text.txt"


class TestImportCommand:
    def test_helan_text(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The Helan text imports into a plan file that validates, with a Markdown report beside it."""
        plan, report = tmp_path / "plan.yaml", tmp_path / "report.md"
        assert 0 == main(["import", str(HELAN), "-o", str(plan), "--report", str(report)])
        assert 22 == len(serialization.load_plan(plan).tasks)
        text = report.read_text(encoding="utf-8")
        assert "## Targets (指标)" in text
        assert "| T10-3 | cumulative: 新增学位 3600个以上" in text
        assert "22 tasks, 42 targets" in capsys.readouterr().out

    def test_invalid_plan_still_written(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A plan that fails validation is written anyway; the exit status and the report say why."""
        source = tmp_path / "plan.txt"
        source.write_text("1. 扩充学前资源。新增幼儿园 10 所。\n", encoding="utf-8")
        plan, report = tmp_path / "plan.yaml", tmp_path / "report.md"
        assert 1 == main(["import", str(source), "-o", str(plan), "--report", str(report)])
        assert plan.exists()
        assert "neither a lead" in report.read_text(encoding="utf-8")
        assert "does not validate" in capsys.readouterr().err

    def test_docx(self, tmp_path: Path) -> None:
        """A .docx (made here with python-docx) is read paragraph by paragraph."""
        docx = pytest.importorskip("docx")
        document = docx.Document()
        for line in HELAN.read_text(encoding="utf-8").splitlines():
            document.add_paragraph(line)
        source = tmp_path / "plan.docx"
        document.save(str(source))
        assert 0 == main(["import", str(source), "-o", str(tmp_path / "plan.json")])
        assert 42 == sum(len(t.targets) for t in serialization.load_plan(tmp_path / "plan.json").tasks)

    def test_csv(self, tmp_path: Path) -> None:
        """A .csv 责任清单 goes to the spreadsheet importer by its suffix."""
        source = tmp_path / "list.csv"
        source.write_text("序号,重点任务,牵头单位,配合单位\n1,平安校园,县教体局,县公安局\n", encoding="utf-8")
        assert 0 == main(["import", str(source), "-o", str(tmp_path / "plan.yaml")])

    @pytest.mark.parametrize(("name", "content", "message"), [
        ("missing.txt", None, "no such file"),
        ("plan.pdf", "x", "not a readable PDF"),
        ("plan.rtf", "x", "no importer reads '.rtf'"),
        ("bad.docx", "not a zip", "not a readable .docx"),
    ])
    def test_user_mistakes(self, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                           content: str | None, message: str) -> None:
        """A missing file, an unknown suffix or a broken .docx is a message and status 1, no traceback."""
        source = tmp_path / name
        if content is not None:
            source.write_text(content, encoding="utf-8")
        assert 1 == main(["import", str(source), "-o", str(tmp_path / "plan.yaml")])
        err = capsys.readouterr().err
        assert message in err
        assert "Traceback" not in err
