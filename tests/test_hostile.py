"""Hostile inputs at every door: each is refused (or warned about) with one clear message, never a traceback or a hang.

The catalogue is ``tests/hostile.py``; each case runs its commands in a child process limited to
1 GiB of address space and 20 s a command.  The hypothesis tests feed arbitrary bytes to the readers
in this process.
"""

from __future__ import annotations

import contextlib
import string
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hostile import CASES, Case, prepare, run_case

from edu_plan import serialization
from edu_plan._reading import check_controls, check_zip, csv_rows, read_text
from edu_plan.errors import EduPlanError, PlanFileError
from edu_plan.limits import use_limits
from edu_plan.progress import read_progress


class TestCatalogue:
    @pytest.mark.parametrize("case", CASES, ids=[f"{c.category}: {c.name}" for c in CASES])
    def test_each_command_handles_the_input_clearly(self, case: Case, tmp_path: Path) -> None:
        """Every command given this input refuses, warns or accepts as due, naming the file, within the bounds."""
        folder = tmp_path / "work"
        folder.mkdir()
        prepare(folder, case)
        results = run_case(case, folder)
        assert [] == [(" ".join(r.argv), r.verdict, r.why[:300]) for r in results if r.verdict != "clear"]
        assert len(case.commands) == len(results)

    def test_every_category_of_the_issue_is_covered(self) -> None:
        """The catalogue holds inputs of every category the issue lists."""
        expected = {"files", "numbers", "plan", "progress", "schemes", "imports", "paths", "stores", "terminal"}
        assert expected == {c.category for c in CASES}


_TEXT = st.text(st.sampled_from([*string.printable, "\x00", "\x07", "：", "贺", "\u202e", "&", "*", "[", "{", "'"]),
                max_size=300)


class TestReadersNeverCrash:
    @settings(max_examples=150, deadline=None)
    @given(data=st.binary(max_size=400), suffix=st.sampled_from([".yaml", ".json", ".toml"]))
    def test_any_bytes_as_a_plan(self, tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
        """Any bytes read as a plan give a document or an EduPlanError, nothing else."""
        path = tmp_path_factory.mktemp("p") / f"plan{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(EduPlanError):
            serialization.read_plan(path)

    @settings(max_examples=150, deadline=None)
    @given(text=_TEXT, fmt=st.sampled_from(["yaml", "json", "toml"]))
    def test_any_text_as_a_plan(self, text: str, fmt: serialization.Format) -> None:
        """Any text parsed as a plan gives a document or an EduPlanError, nothing else."""
        with contextlib.suppress(EduPlanError):
            serialization.reads_plan(text, fmt, source=f"plan.{fmt}")

    @settings(max_examples=150, deadline=None)
    @given(text=_TEXT, suffix=st.sampled_from([".csv", ".yaml", ".json"]))
    def test_any_text_as_progress(self, tmp_path_factory: pytest.TempPathFactory, text: str, suffix: str) -> None:
        """Any text read as a progress file gives rows and problems or an EduPlanError, nothing else."""
        path = tmp_path_factory.mktemp("p") / f"progress{suffix}"
        path.write_text(text, encoding="utf-8")
        with contextlib.suppress(EduPlanError):
            read_progress(path, plan_id="p")


class TestGuardedReader:
    def test_size_limit_boundary(self, tmp_path: Path) -> None:
        """A file of exactly the limit is read; one byte more is refused, naming the file."""
        path = tmp_path / "plan.yaml"
        path.write_bytes(b"a" * 100)
        with use_limits(file_size=100):
            assert "a" * 100 == read_text(path)
        path.write_bytes(b"a" * 101)
        with use_limits(file_size=100), pytest.raises(PlanFileError, match=r"plan\.yaml: is larger than the limit"):
            read_text(path)

    def test_depth_limit_boundary(self) -> None:
        """A JSON document nested exactly to the limit is read; one level more is refused."""
        with use_limits(depth=5):
            assert [[[[[]]]]] == serialization.loads("[[[[[]]]]]", "json")
            with pytest.raises(PlanFileError, match="nested deeper than the limit of 5"):
                serialization.loads("[[[[[[]]]]]]", "json")

    def test_yaml_depth_limit_boundary(self) -> None:
        """A YAML document nested exactly to the limit is read; one level more is refused with its line."""
        with use_limits(depth=3):
            assert {"a": {"b": [1]}} == serialization.loads("a:\n  b:\n    - 1\n", "yaml")
            with pytest.raises(PlanFileError, match=r"x\.yaml:3: nested deeper"):
                serialization.loads("a:\n  b:\n    - - 1\n      - 2\n", "yaml", source="x.yaml")

    def test_number_length_boundary(self) -> None:
        """A number of exactly number_chars characters is read; one more is refused with its line."""
        with use_limits(number_chars=5):
            assert {"a": 12345} == serialization.loads("a: 12345\n", "yaml")
            with pytest.raises(PlanFileError, match=r"x\.yaml:2: a number of 6 characters"):
                serialization.loads("b: 1\na: 123456\n", "yaml", source="x.yaml")

    def test_alias_budget_boundary(self) -> None:
        """A YAML document that expands to exactly the node budget is read; one node more is refused."""
        text = "a: &x [1, 2]\nb: *x\n"  # mapping 1 + keys 2 + two lists of 1 + 2 items each = 9 nodes
        with use_limits(yaml_nodes=9):
            assert {"a": [1, 2], "b": [1, 2]} == serialization.loads(text, "yaml")
        with use_limits(yaml_nodes=8), pytest.raises(PlanFileError, match="through its aliases"):
            serialization.loads(text, "yaml")

    def test_duplicate_keys_are_refused_in_every_format(self) -> None:
        """A key written twice is refused in YAML, JSON and TOML, with the line of the second."""
        with pytest.raises(PlanFileError, match=r"p\.yaml:3: the key 'a' appears twice \(first on line 1\)"):
            serialization.loads("a: 1\nb: 2\na: 3\n", "yaml", source="p.yaml")
        with pytest.raises(PlanFileError, match=r"p\.json:3: the key 'a' appears twice"):
            serialization.loads('{"a": 1,\n"b": 2,\n"a": 3}', "json", source="p.json")
        with pytest.raises(PlanFileError, match=r"p\.toml:2"):
            serialization.loads("a = 1\na = 2\n", "toml", source="p.toml")

    def test_nul_is_located_by_line_and_column(self) -> None:
        """A NUL byte is refused naming its line and column."""
        with pytest.raises(PlanFileError, match=r"p\.yaml:2: holds a NUL byte at column 4"):
            serialization.loads("a: 1\nb: \x00\n", "yaml", source="p.yaml")

    def test_tab_and_form_feed_are_text(self) -> None:
        """Tab, carriage return and form feed (text taken from a PDF has it) are not control bytes to refuse."""
        check_controls("第一页\x0c第二页\tx\r\n")
        assert {"a": "x\ty"} == serialization.loads('a: "x\ty"\r\n', "yaml")

    def test_non_finite_toml_number_is_refused_with_its_line(self) -> None:
        """inf and nan in TOML are refused with the line."""
        with pytest.raises(PlanFileError, match=r"s\.toml:2: 'nan' is not a finite number"):
            serialization.loads("a = 1\nb = nan\n", "toml", source="s.toml")

    def test_csv_cell_limit_boundary(self) -> None:
        """A CSV cell of exactly the limit is read; one character more is refused with the row's line."""
        with use_limits(csv_cell=10):
            assert [(1, ["h"]), (2, ["a" * 10])] == list(csv_rows("h\n" + "a" * 10 + "\n"))
            with pytest.raises(PlanFileError, match=r"p\.csv:2: a cell is longer than the limit of 10"):
                list(csv_rows("h\n" + "a" * 11 + "\n", source="p.csv"))

    def test_unterminated_quote_names_its_line(self) -> None:
        """A quoted cell never closed is refused naming the line where the row starts."""
        with pytest.raises(PlanFileError, match=r"p\.csv:3: a quoted cell"):
            list(csv_rows('h\nok\n"open\nmore\n', source="p.csv"))

    def test_zip_member_limits(self, tmp_path: Path) -> None:
        """A container with more parts than the limit, or a part bigger than the limit, is refused before unpacking."""
        import zipfile

        path = tmp_path / "book.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as container:
            for i in range(3):
                container.writestr(f"m{i}.xml", "x" * 100)
        with use_limits(zip_members=3):
            check_zip(path)
        with use_limits(zip_members=2), pytest.raises(PlanFileError, match=r"book\.xlsx: holds 3 parts"):
            check_zip(path)
        with use_limits(zip_member_size=99), pytest.raises(PlanFileError, match="unpacks to 100 bytes"):
            check_zip(path)
        with use_limits(zip_total_size=299), pytest.raises(PlanFileError, match="unpacks to 300 bytes"):
            check_zip(path)


class TestDoors:
    def test_progress_log_given_the_plan_refuses_a_report_that_does_not_fit(self) -> None:
        """ProgressLog(plans=[plan]).add refuses a milestone value of 5 with one ProgressError, adding nothing."""
        import pendulum

        from edu_plan import Period, ProgressLog, ProgressReport, datasets
        from edu_plan.errors import ProgressError

        plan = datasets.load("helan")
        log = ProgressLog(plans=[plan])
        report = ProgressReport(plan_id=plan.id, target="T05-1", unit="education-sports", period=Period.parse("2024"),
                                value=5, report_date=pendulum.Date(2024, 6, 30))
        with pytest.raises(ProgressError, match=r"'value' of a milestone must be 1 \(done\) or 0 \(not done\)"):
            log.add(report)
        assert 0 == len(log)

    def test_progress_log_without_the_plan_still_keeps_the_value_limits(self) -> None:
        """A plain ProgressLog refuses a value with 7 decimal places, which no store could keep exactly."""
        import pendulum

        from edu_plan import Period, ProgressLog, ProgressReport
        from edu_plan.errors import ProgressError

        report = ProgressReport(plan_id="p", target="T", unit="u", period=Period.parse("2024"), value="0.1234567",
                                report_date=pendulum.Date(2024, 6, 30))
        with pytest.raises(ProgressError, match="at most 6 decimal places"):
            ProgressLog().add(report)
        assert 1 == ProgressLog().add(attrs.evolve(report, value=Decimal("0.123456")))

    def test_wrong_types_are_edu_plan_errors_in_attrs_words(self) -> None:
        """A quantity of 'x' raises ModelValueError saying 'quantity' must be <Decimal> (got 'x')."""
        from edu_plan import Target
        from edu_plan.errors import ModelValueError

        with pytest.raises(ModelValueError) as info:
            Target(id="T", kind="level", metric="m", quantity="x")
        assert "'quantity' must be <Decimal> (got 'x')" == str(info.value)
        assert isinstance(info.value, EduPlanError)

    def test_value_limits_boundary(self) -> None:
        """Just below 10^12 with 6 decimals is kept; 10^12 and a seventh decimal are refused."""
        from edu_plan.limits import number_problem

        assert None is number_problem(Decimal("999999999999.999999"))
        assert "'value' must be below 10^12 in magnitude" in (number_problem(Decimal(10) ** 12) or "")
        assert "at most 6 decimal places" in (number_problem(Decimal("0.0000001")) or "")
        assert None is number_problem(Decimal("1.5000000"))  # trailing zeros are the same value
