"""``edu-plan score`` and ``edu-plan progress check`` on the Helan example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edu_plan.cli import main

EXAMPLE = ["helan", "--progress", "examples/helan/progress-2023-2024.csv", "--scheme", "examples/helan/scheme.toml",
           "--period", "2024"]


class TestScore:
    @pytest.mark.usefixtures("chinese")
    def test_the_readme_command_prints_a_ranking(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The README's main-job command prints the ranking with Chinese headers, grades and the 一票否决 column."""
        assert 0 == main(["score", *EXAMPLE])
        out = capsys.readouterr().out
        assert "分组" in out
        assert "排名" in out
        assert "县教体局" in out
        assert "一票否决" in out

    def test_json_is_byte_identical_between_runs(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Two runs of --format json print the same bytes, and the JSON names the scorer and period."""
        main(["score", *EXAMPLE, "--format", "json"])
        first = capsys.readouterr().out
        main(["score", *EXAMPLE, "--format", "json"])
        assert first == capsys.readouterr().out
        data = json.loads(first)
        assert ("efficiency", "2024") == (data["scorer"], data["period"])

    @pytest.mark.usefixtures("chinese")
    def test_csv_has_a_row_per_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format csv writes one row per scorecard line with the score-lines view's header first."""
        main(["score", *EXAMPLE, "--format", "csv"])
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith("\ufeff单位,任务,目标,职责,权重,完成度,得分,满分,状态,说明")
        assert len(lines) > 50

    def test_csv_cells_from_the_plan_are_inert(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A unit named like a formula (＝ or =) comes out of --format csv as text, not as a formula."""
        import attrs

        from edu_plan import datasets, serialization

        plan = datasets.load("helan")
        units = tuple(attrs.evolve(u, name="=HYPERLINK(\"x\")", aliases=(*u.aliases, u.name))
                      if u.id == "education-sports" else u for u in plan.units)
        path = tmp_path / "plan.yaml"
        serialization.dump_plan(attrs.evolve(plan, units=units), path)
        assert 0 == main(["score", str(path), *EXAMPLE[1:], "--format", "csv"])
        out = capsys.readouterr().out
        assert "'=HYPERLINK" in out
        assert ",=HYPERLINK" not in out

    @pytest.mark.usefixtures("chinese")
    def test_one_units_scorecard(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--unit 县教体局 prints that unit's lines and its bonuses."""
        main(["score", *EXAMPLE, "--unit", "县教体局"])
        out = capsys.readouterr().out
        assert "T10-2" in out
        assert "加分" in out

    def test_as_of_must_be_a_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad --as-of is a message and exit 1, no traceback."""
        assert 1 == main(["score", *EXAMPLE, "--as-of", "yesterday"])
        assert "--as-of must be a date such as 2024-12-31" in capsys.readouterr().err

    def test_a_missing_scheme_file_is_a_message(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A scheme path that does not exist gives a message naming it."""
        assert 1 == main(["score", *EXAMPLE[:-4], "--scheme", "nope.toml", "--period", "2024"])
        err = capsys.readouterr().err
        assert "nope.toml" in err
        assert "no such file" in err


class TestProgressCheck:
    def test_the_example_is_clean(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example file checks with 0 errors (one warning) and exit 0."""
        assert 0 == main(["progress", "check", "helan", "examples/helan/progress-2023-2024.csv"])
        assert "70 reports, 9 events, 0 errors" in capsys.readouterr().out

    def test_bad_rows_are_listed_with_their_lines(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Each bad row is printed with file:line and the command exits 1."""
        path = tmp_path / "bad.csv"
        path.write_text("指标,单位,期间,数值,报送日期\nT99,县教体局,2024,1,2024-12-01\nT10-2,县教体局,2024,多,2024-12-01\n",
                        encoding="utf-8")
        assert 1 == main(["progress", "check", "helan", str(path)])
        err = capsys.readouterr().err
        assert f"{path}:2" in err
        assert f"{path}:3" in err
        assert "unknown target 'T99'" in err
