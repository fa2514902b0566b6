"""Extensions: typed data on plan objects, checked when installed, kept unchanged when not."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from edu_plan import PlanValidationError, Severity, datasets, extension, serialization, validate, with_extension
from edu_plan.plugins.extensions import Budget, Contact, Funding

PLAN = """\
id: p
title: 方案
sections:
  - key: 一
    title: 部分
    tasks:
      - number: 1
        title: 任务
        responsibilities:
          - unit: edu
            role: lead
        extensions:
          x-county-priority:
            level: 重点
            score: 1.50
            tags: [民生, 2024]
          budget:
            total: 120.5
            sources:
              - source: 县级财政
                amount: 100
              - source: 自治区资金
                amount: 20.5
units:
  - id: edu
    name: 县教体局
    extensions:
      contact:
        person: 张三
        title: 副局长
        phone: 0951-1234567
"""


class TestUnknownExtension:
    def test_loads_with_a_note(self, tmp_path: Path) -> None:
        """Data of an extension that is not installed loads, with a note saying it was not checked."""
        path = tmp_path / "plan.yaml"
        path.write_text(PLAN, encoding="utf-8")
        document = serialization.read_plan(path)
        assert document.ok
        (note,) = [p for p in document.problems if p.severity is Severity.NOTE]
        assert note.path == "$.sections[0].tasks[0].extensions.x-county-priority"
        assert note.line == 13
        assert "not installed; its data is kept unchanged but was not checked" in note.message

    @pytest.mark.parametrize("fmt", serialization.FORMATS)
    def test_is_written_back_unchanged(self, tmp_path: Path, fmt: serialization.Format) -> None:
        """Exported in any format and read back, the unknown extension's data is exactly what was read."""
        plan = serialization.loads_plan(PLAN, "yaml")
        back = serialization.loads_plan(serialization.dumps_plan(plan, fmt), fmt)
        data = back.tasks[0].extensions["x-county-priority"]
        assert {"level": "重点", "score": Decimal("1.50"), "tags": ["民生", 2024]} == data
        assert "score: 1.50" in serialization.dumps_plan(back, "yaml")


class TestInstalledExtensions:
    def test_typed_access(self) -> None:
        """extension() reads budget and contact data into their typed classes, with Decimal amounts."""
        plan = serialization.loads_plan(PLAN, "yaml")
        budget = extension(plan.tasks[0], "budget")
        assert Budget(total=Decimal("120.5"), sources=(Funding(source="县级财政", amount=Decimal(100)),
                                                      Funding(source="自治区资金", amount=Decimal("20.5")))) == budget
        assert Contact(person="张三", title="副局长", phone="0951-1234567") == extension(plan.units[0], "contact")

    def test_with_extension_writes_typed_data(self) -> None:
        """with_extension() stores typed data as plain data that reads back equal."""
        task = datasets.load("helan").task(10)
        budget = Budget(total=Decimal(3600), year=2024)
        changed = with_extension(task, "budget", budget)
        assert budget == extension(changed, "budget")
        assert {"total": Decimal(3600), "year": 2024} == changed.extensions["budget"]
        assert extension(with_extension(changed, "budget", None), "budget") is None

    def test_bad_data_is_rejected_with_its_location(self, tmp_path: Path) -> None:
        """An installed extension with bad data is an error at the exact key, with the line."""
        path = tmp_path / "plan.yaml"
        path.write_text(PLAN.replace("phone: 0951-1234567", "phone: call me").replace("total: 120.5", "total: lots"),
                        encoding="utf-8")
        with pytest.raises(PlanValidationError) as caught:
            serialization.load_plan(path)
        found = {(p.path, p.line) for p in caught.value.problems if p.severity is Severity.ERROR}
        assert {("$.sections[0].tasks[0].extensions.budget.total", 18),
                ("$.units[0].extensions.contact.phone", 31)} == found

    def test_sources_not_adding_up_is_a_warning(self) -> None:
        """Budget sources that do not add up to the total give a warning naming both sums."""
        plan = serialization.loads_plan(PLAN.replace("amount: 20.5", "amount: 20"), "yaml")
        (warning,) = validate(plan).warnings
        assert warning.message == "the sources add up to 120 万元 but 'total' is 120.5 万元"

    def test_extension_on_the_wrong_object(self) -> None:
        """A budget on a unit is refused: the extension says where it applies."""
        plan = serialization.loads_plan(PLAN, "yaml")
        unit = attrs.evolve(plan.units[0], extensions={"budget": {"total": 1}})
        (error,) = validate(attrs.evolve(plan, units=(unit,))).errors
        assert error.message == "extension 'budget' does not apply to a unit (it applies to: plan, section, task)"
