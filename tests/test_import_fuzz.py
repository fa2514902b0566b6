"""Fuzzing the importers: random and mutated text never raises, and whatever comes out validates or is reported."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import plan_texts

from edu_plan import serialization, validate
from edu_plan.errors import EduPlanError
from edu_plan.plugins.importers import FindingKind, import_rows, import_text

ALPHABET = st.sampled_from(
    list("一二三四五六七八九十两百千万（）()、，。；：:“”%—-～至到")
    + list("每年学期第个所名次县局牵头配合责任单位0123456789 \n\t|")
)


def _check(text: str) -> None:
    result = import_text(text)
    assert result.plan is not None
    # What the importer writes either validates or its report says why.
    assert validate(result.plan).problems == result.report.problems
    serialization.loads_plan(serialization.dumps_plan(result.plan), "yaml") if result.ok else None


class TestFuzz:
    @given(st.text(ALPHABET, max_size=300))
    @settings(max_examples=60, deadline=None)
    def test_random_text(self, text: str) -> None:
        """Random plan-like text gives a result, never an exception."""
        _check(text)

    @given(st.text(max_size=200))
    @settings(max_examples=40, deadline=None)
    def test_any_unicode(self, text: str) -> None:
        """Any Unicode text gives a result, never an exception."""
        _check(text)

    @given(plan_texts())
    @settings(max_examples=25, deadline=None)
    def test_mutated_helan(self, text: str) -> None:
        """The Helan text with lines dropped, duplicated, cut or mixed with noise gives a result."""
        _check(text)

    @given(st.lists(st.lists(st.text(ALPHABET, max_size=12), max_size=6), max_size=8))
    @settings(max_examples=40, deadline=None)
    def test_random_rows(self, rows: list[list[str]]) -> None:
        """Random rows under a 责任清单 header give a result; only an EduPlanError may be raised."""
        try:
            result = import_rows([["序号", "重点任务", "牵头单位", "配合单位", "目标"], *rows])
        except EduPlanError:
            return
        assert result.plan is not None
        assert validate(result.plan).problems == result.report.problems


CORPUS_LINES = [
    line.strip()
    for path in sorted((Path(__file__).resolve().parent / "data" / "import" / "corpus").glob("*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
]


class TestNothingDisappears:
    @given(st.lists(st.sampled_from(CORPUS_LINES), min_size=1, max_size=40))
    @settings(max_examples=40, deadline=None)
    def test_every_line_has_a_placement(self, lines: list[str]) -> None:
        """Lines of published plans in any order: each one's words are in a placement line of the report."""
        result = import_text("\n".join(lines))
        placed = [f.source for f in result.report.of(FindingKind.PLACEMENT)]
        for line in lines:
            assert any(line in source for source in placed), line
