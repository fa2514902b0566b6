"""What an auditor needs around a score: comparing two scorings, the orders' own issue date, render --as-of."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from edu_plan.cli import main
from edu_plan.compare import compare_assessments, read_assessment
from edu_plan.errors import EduPlanError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ["helan", "--progress", str(ROOT / "examples/helan/progress-2023-2024.csv"), "--period", "2024"]
SCHEME = ROOT / "examples/helan/scheme.toml"


def _scored(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, scheme: Path, *extra: str) -> Path:
    out = tmp_path / name
    assert 0 == main(["score", *EXAMPLE, "--scheme", str(scheme), "--format", "json", "-o", str(out), *extra])
    capsys.readouterr()
    return out


@pytest.fixture
def other_scheme(tmp_path: Path) -> Path:
    """The example scheme with the cooperating share raised from 30 % to 50 %."""
    text = SCHEME.read_text(encoding="utf-8").replace("cooperating = 0.3", "cooperating = 0.5")
    assert "cooperating = 0.5" in text
    path = tmp_path / "scheme-b.toml"
    path.write_text(text, encoding="utf-8")
    return path


class TestCompare:
    def test_same_scoring_changes_nothing(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A scoring compared with itself: no unit and no line changed."""
        first = read_assessment(_scored(tmp_path, capsys, "a.json", SCHEME))
        assert () == compare_assessments(first, first).changed

    def test_a_share_change_shows_per_unit_and_per_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         other_scheme: Path) -> None:
        """Raising the cooperating share moves 县委统战部 from 96.28 (rank 7) to 96.92 (rank 4); its lines say how."""
        before = read_assessment(_scored(tmp_path, capsys, "a.json", SCHEME))
        after = read_assessment(_scored(tmp_path, capsys, "b.json", other_scheme))
        change = {u.unit_name: u for u in compare_assessments(before, after).units}["县委统战部"]
        assert (Decimal("96.28"), Decimal("96.92"), 7, 4) == (change.total_before, change.total_after,
                                                              change.rank_before, change.rank_after)
        assert change.lines
        assert all(line.max_before != line.max_after for line in change.lines)

    def test_only_cooperating_units_keep_their_totals(self, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      other_scheme: Path) -> None:
        """县财政局 only cooperates: its share cancels out in the scaling, so its total stays 79.34."""
        before = read_assessment(_scored(tmp_path, capsys, "a.json", SCHEME))
        after = read_assessment(_scored(tmp_path, capsys, "b.json", other_scheme))
        change = {u.unit_name: u for u in compare_assessments(before, after).units}["县财政局"]
        assert (Decimal("79.34"), Decimal("79.34")) == (change.total_before, change.total_after)

    def test_the_command_prints_before_and_after(self, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 other_scheme: Path, chinese: None) -> None:
        """score --compare prints a row per unit with both totals and ranks, then the changed lines of each unit
        (in Chinese, the default: 原得分, 新名次, 行有变化)."""
        before = _scored(tmp_path, capsys, "a.json", SCHEME)
        assert 0 == main(["score", *EXAMPLE, "--scheme", str(other_scheme), "--compare", str(before)])
        text = capsys.readouterr().out
        assert "原得分" in text
        assert "新名次" in text
        assert "县委统战部" in text
        assert "96.28" in text
        assert "96.92" in text
        assert "行有变化" in text

    def test_json_comparison(self, tmp_path: Path, capsys: pytest.CaptureFixture[str], other_scheme: Path) -> None:
        """--format json gives the same comparison as data, one entry per unit."""
        before = _scored(tmp_path, capsys, "a.json", SCHEME)
        assert 0 == main(["score", *EXAMPLE, "--scheme", str(other_scheme), "--compare", str(before),
                          "--format", "json"])
        units = json.loads(capsys.readouterr().out)["units"]
        assert 30 == len(units)

    def test_not_an_assessment_is_refused(self, tmp_path: Path) -> None:
        """A JSON file that is no assessment is refused, naming the file."""
        path = tmp_path / "x.json"
        path.write_text('{"a": 1}', encoding="utf-8")
        with pytest.raises(EduPlanError, match=r"x.json: not an assessment"):
            read_assessment(path)


class TestIssued:
    def test_issue_date_moves_the_due_date_not_the_scores(self, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
        """Issued 2025-01-06 (Mon): due 10 working days later, 2025-01-20; every total is as without --issued."""
        plain = json.loads(_scored(tmp_path, capsys, "a.json", SCHEME).read_text(encoding="utf-8"))
        issued = json.loads(_scored(tmp_path, capsys, "b.json", SCHEME, "--issued", "2025-01-06")
                            .read_text(encoding="utf-8"))
        assert {("2025-01-06", "2025-01-20")} == {(r["issued"], r["due"]) for r in issued["rectifications"]}
        assert [c["total"] for c in plain["scorecards"]] == [c["total"] for c in issued["scorecards"]]

    def test_a_scorer_without_orders_refuses_issued(self, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
        """The pace scorer issues no orders, so --issued is refused with the reason."""
        scheme = tmp_path / "pace.toml"
        scheme.write_text('scorer = "pace"\n', encoding="utf-8")
        assert 1 == main(["score", *EXAMPLE, "--scheme", str(scheme), "--issued", "2025-01-06"])
        assert "issues no rectification orders" in capsys.readouterr().err

    def test_bad_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--issued must be a date."""
        assert 1 == main(["score", *EXAMPLE, "--scheme", str(SCHEME), "--issued", "soon"])
        assert "--issued must be a date such as 2024-12-31 (got 'soon')" in capsys.readouterr().err


class TestRenderAsOf:
    @pytest.mark.usefixtures("chinese")
    def test_render_scores_as_of_a_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """render --as-of 2024-09-30 heads the scorecards with that day, as score --as-of would score them."""
        assert 0 == main(["render", *EXAMPLE, "--scheme", str(SCHEME), "--view", "scorecards", "--format", "markdown",
                          "--as-of", "2024-09-30"])
        assert "截至2024年9月30日" in capsys.readouterr().out

    def test_render_issued_dates_the_orders(self, capsys: pytest.CaptureFixture[str]) -> None:
        """render --issued 2024-10-08 (after National Day): orders due Mon 21 Oct (Sat 12 Oct is a 调休 workday)."""
        assert 0 == main(["render", *EXAMPLE, "--scheme", str(SCHEME), "--view", "rectifications", "--format", "csv",
                          "--issued", "2024-10-08"])
        text = capsys.readouterr().out
        assert "2024-10-08" in text
        assert "2024-10-21" in text

    def test_as_of_needs_progress(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--as-of without progress and a period is refused, saying what to add."""
        assert 1 == main(["render", "helan", "--view", "ledger", "--as-of", "2024-09-30"])
        assert "give --progress FILE and --period P" in capsys.readouterr().err
