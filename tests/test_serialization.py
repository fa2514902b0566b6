"""Plan files round-trip exactly through YAML, JSON and TOML, with the same types back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from tests.strategies import plans

from edu_plan import Period, Plan, datasets, serialization
from edu_plan.errors import PlanFileError, SchemaVersionError

FORMATS = serialization.FORMATS


def _leaves(obj: Any) -> Iterator[Any]:
    """Every attribute value inside a model object, depth first."""
    if attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):
            yield from _leaves(getattr(obj, field.name))
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from _leaves(item)
    else:
        yield obj


def _roundtrip(plan: Plan, fmt: serialization.Format) -> Plan:
    text = serialization.dumps_plan(plan, fmt)
    return serialization.structure(serialization.loads(text, fmt), Plan, fmt)


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", FORMATS)
    @given(plan=plans())
    def test_plan_comes_back_equal(self, fmt: serialization.Format, plan: Plan) -> None:
        """Any valid plan written in a format and read back is equal to the original."""
        assert plan == _roundtrip(plan, fmt)

    @pytest.mark.parametrize("fmt", FORMATS)
    @given(plan=plans())
    def test_same_types_come_back(self, fmt: serialization.Format, plan: Plan) -> None:
        """Dates come back as pendulum.Date, quantities as Decimal, periods as Period — never plain types."""
        original = [type(v) for v in _leaves(plan)]
        assert original == [type(v) for v in _leaves(_roundtrip(plan, fmt))]

    @pytest.mark.parametrize("fmt", FORMATS)
    @given(plan=plans())
    def test_dumping_twice_gives_the_same_bytes(self, fmt: serialization.Format, plan: Plan) -> None:
        """Writing the read-back plan gives the same text: the canonical form is a fixed point."""
        text = serialization.dumps_plan(plan, fmt)
        assert text == serialization.dumps_plan(_roundtrip(plan, fmt), fmt)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_helan_round_trips(self, fmt: serialization.Format) -> None:
        """The whole Helan plan survives each format unchanged."""
        plan = datasets.load("helan")
        assert plan == _roundtrip(plan, fmt)

    def test_helan_types(self) -> None:
        """The Helan plan read from TOML has pendulum dates and Decimal quantities."""
        plan = _roundtrip(datasets.load("helan"), "toml")
        assert type(plan.issue_date) is pendulum.Date
        quantities = [t.quantity for _, t in plan.iter_targets() if t.quantity is not None]
        assert quantities
        assert {Decimal} == {type(q) for q in quantities}


class TestCanonicalForm:
    def test_keys_follow_the_model_order(self) -> None:
        """A plan file lists the fields in the model's order, not alphabetically, so diffs stay small."""
        data = serialization.unstructure(datasets.load("helan"), "json")
        keys = list(data)
        assert keys.index("id") < keys.index("title") < keys.index("sections") < keys.index("units")

    def test_defaults_are_left_out_but_schema_version_is_kept(self) -> None:
        """Fields at their default are not written, except schema_version, which every document carries."""
        plan = Plan(id="p", title="方案")
        assert serialization.unstructure(plan, "json") == {"id": "p", "title": "方案", "schema_version": 1}

    def test_decimal_written_exactly(self) -> None:
        """92.50 is written as 92.50 in JSON and YAML, not as a float approximation."""
        data = {"q": Decimal("92.50"), "big": Decimal("12345678901234567890.123")}
        assert '"q": 92.50' in serialization.dumps(data, "json")
        assert "big: 12345678901234567890.123" in serialization.dumps(data, "yaml")
        toml = serialization.loads(serialization.dumps(data, "toml"), "toml")
        assert Decimal("12345678901234567890.123") == toml["big"]

    def test_chinese_text_is_written_as_is(self) -> None:
        """Chinese text is written as UTF-8 characters, not escapes, in every format."""
        plan = Plan(id="p", title="贺兰县教育质量提升行动实施方案")
        for fmt in FORMATS:
            assert "贺兰县教育质量提升行动实施方案" in serialization.dumps_plan(plan, fmt)

    def test_periods_are_written_as_identifiers(self) -> None:
        """A Period is written as its identifier (2024-2025-1) and read back from it."""
        assert serialization.unstructure(Period.parse("2024-2025-1")) == "2024-2025-1"
        assert Period.parse("2024Q3") == serialization.structure("2024Q3", Period)

    def test_datetime_keeps_its_offset(self) -> None:
        """A pendulum.DateTime comes back as pendulum.DateTime with its UTC offset, not as a naive datetime."""
        moment = pendulum.datetime(2024, 3, 1, 9, 30, tz="Asia/Shanghai")
        for fmt in FORMATS:
            back = serialization.structure(serialization.unstructure(moment, fmt), pendulum.DateTime, fmt)
            assert type(back) is pendulum.DateTime
            assert moment == back
            assert dt.timedelta(hours=8) == back.utcoffset()


class TestFiles:
    @pytest.mark.parametrize("suffix", [".yaml", ".json", ".toml"])
    def test_dump_and_load_file(self, tmp_path: Path, suffix: str) -> None:
        """dump_plan writes a file that load_plan reads back equal, format chosen by suffix."""
        plan = datasets.load("helan")
        path = tmp_path / f"plan{suffix}"
        serialization.dump_plan(plan, path)
        assert plan == serialization.load_plan(path)

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """A file with an unknown suffix is refused with a message naming the accepted ones."""
        with pytest.raises(PlanFileError, match=r"name the file \.yaml, \.json or \.toml"):
            serialization.load_plan(tmp_path / "plan.txt")

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a PlanFileError naming the file."""
        with pytest.raises(PlanFileError, match=r"plan\.yaml: no such file"):
            serialization.load_plan(tmp_path / "plan.yaml")

    def test_syntax_error_names_the_line(self, tmp_path: Path) -> None:
        """A YAML syntax error names the file and line."""
        path = tmp_path / "plan.yaml"
        path.write_text("id: p\ntitle: [unclosed\n", encoding="utf-8")
        with pytest.raises(PlanFileError, match=r"plan.yaml:3: not valid YAML"):
            serialization.load_plan(path)

    def test_gbk_is_read(self, tmp_path: Path) -> None:
        """A file saved in GBK is read as GB18030 (its superset), as Excel on Chinese Windows writes it."""
        path = tmp_path / "plan.yaml"
        path.write_bytes("id: p\ntitle: 方案\n".encode("gbk"))
        assert "方案" == serialization.load_plan(path).title

    def test_not_text(self, tmp_path: Path) -> None:
        """Bytes that are neither UTF-8 nor GB18030 are refused with advice to save the file as UTF-8, naming it."""
        path = tmp_path / "plan.yaml"
        path.write_bytes(b"id: p\ntitle: \xff\xff\n")
        with pytest.raises(PlanFileError, match=r"plan\.yaml: not UTF-8 or GB18030 text; save the file as UTF-8"):
            serialization.load_plan(path)

    def test_newer_schema_version_is_refused(self, tmp_path: Path) -> None:
        """A document from a newer library is refused before anything else is read."""
        path = tmp_path / "plan.json"
        path.write_text('{"id": "p", "title": "t", "schema_version": 99}', encoding="utf-8")
        with pytest.raises(SchemaVersionError, match=r"'schema_version' must be <= 1 \(got 99\)"):
            serialization.load_plan(path)
