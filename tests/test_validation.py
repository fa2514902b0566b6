"""validate() finds every problem at once, each with its location; loading a file adds the line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given
from tests.strategies import plans

from edu_plan import (
    Comparator,
    Horizon,
    Plan,
    PlanValidationError,
    Problem,
    Recurrence,
    Responsibility,
    Role,
    Section,
    Severity,
    Target,
    Task,
    Unit,
    UnitKind,
    datasets,
    serialization,
    validate,
)

DATA = Path(__file__).parent / "data"


def _plan(*targets: Target, responsibilities: tuple[Responsibility, ...] | None = None,
          units: tuple[Unit, ...] | None = None, **plan_fields: object) -> Plan:
    """A one-task plan around ``targets``."""
    task = Task(
        number=1,
        title="任务",
        responsibilities=responsibilities or (Responsibility(unit="edu", role=Role.LEAD),),
        targets=targets,
    )
    return Plan(
        id="p",
        title="方案",
        horizon=Horizon(start=pendulum.Date(2023, 3, 20), end=pendulum.Date(2027, 12, 31)),
        sections=(Section(key="一", title="部分", tasks=(task,)),),
        units=units if units is not None else (Unit(id="edu", name="县教体局"),),
        **plan_fields,  # type: ignore[arg-type]
    )


def _only_error(plan: Plan) -> Problem:
    errors = validate(plan).errors
    assert len(errors) == 1, errors
    return errors[0]


class TestValidPlans:
    def test_helan_is_valid(self) -> None:
        """The bundled Helan plan has no error and no warning."""
        result = validate(datasets.load("helan"))
        assert result.errors == ()
        assert result.warnings == ()

    @given(plan=plans())
    def test_generated_plans_are_valid(self, plan: Plan) -> None:
        """Every plan the strategy builds passes validation (errors only; unknown extensions give notes)."""
        assert validate(plan).errors == ()


class TestRules:
    def test_duplicate_task_number(self) -> None:
        """Two tasks with one number: the second is reported at its number."""
        plan = _plan()
        section = plan.sections[0]
        plan = attrs.evolve(plan, sections=(attrs.evolve(section, tasks=section.tasks * 2),))
        problem = _only_error(plan)
        assert problem.path == "$.sections[0].tasks[1].number"
        assert "duplicate task number 1" in problem.message

    def test_duplicate_target_id(self) -> None:
        """Two targets with one id: the second is reported at its id."""
        target = Target(id="T1", kind="milestone", metric="挂牌")
        problem = _only_error(_plan(target, target))
        assert problem.path == "$.sections[0].tasks[0].targets[1].id"
        assert "duplicate target id 'T1'" in problem.message

    def test_duplicate_unit_id(self) -> None:
        """Two units with one id: the second is reported at its id, with the hint to use aliases."""
        problem = _only_error(_plan(units=(Unit(id="edu", name="县教体局"), Unit(id="edu", name="教体局"))))
        assert problem.path == "$.units[1].id"
        assert problem.message == "duplicate unit id 'edu'"
        assert problem.hint is not None
        assert "aliases" in problem.hint

    def test_unknown_unit_suggests_the_nearest(self) -> None:
        """A responsibility naming an unknown unit says which unit was probably meant."""
        plan = _plan(responsibilities=(Responsibility(unit="edu", role=Role.LEAD),
                                       Responsibility(unit="edu2", role=Role.COOPERATING)))
        problem = _only_error(plan)
        assert problem.path == "$.sections[0].tasks[0].responsibilities[1].unit"
        assert problem.message == "unknown unit 'edu2'"
        assert problem.hint == "did you mean 'edu'?"

    def test_unknown_unit_given_by_name_points_to_its_id(self) -> None:
        """A responsibility naming a unit by its Chinese name is told the id to use."""
        plan = _plan(responsibilities=(Responsibility(unit="县教体局", role=Role.LEAD),))
        problem = _only_error(plan)
        assert problem.hint == "use the id 'edu'"

    def test_collective_with_unknown_member(self) -> None:
        """A collective listing a member that is not a unit is reported at that member."""
        units = (Unit(id="edu", name="县教体局"),
                 Unit(id="towns", name="各乡镇场", kind=UnitKind.COLLECTIVE, members=("edu", "xigang")))
        problem = _only_error(_plan(units=units))
        assert problem.path == "$.units[1].members[1]"
        assert problem.message == "unknown member 'xigang'"

    def test_task_without_lead_or_responsible(self) -> None:
        """A task with only cooperating units is reported: someone must own it."""
        plan = _plan(responsibilities=(Responsibility(unit="edu", role=Role.COOPERATING),))
        problem = _only_error(plan)
        assert problem.path == "$.sections[0].tasks[0].responsibilities"
        assert "neither a lead (牵头) nor a responsible (责任) unit" in problem.message

    def test_range_with_min_above_max(self) -> None:
        """A range whose minimum exceeds its maximum is reported at the minimum."""
        problem = _only_error(_plan(Target(id="T1", kind="range", metric="校长", minimum=3, maximum=2)))
        assert problem.path == "$.sections[0].tasks[0].targets[0].minimum"
        assert problem.message == "'minimum' must be <= 'maximum' (got 3 > 2)"

    def test_negative_quantity(self) -> None:
        """A negative quantity is reported in attrs' style, with the value."""
        target = Target(id="T1", kind="cumulative", metric="新增幼儿园", quantity=Decimal(-3))
        problem = _only_error(_plan(target))
        assert problem.path == "$.sections[0].tasks[0].targets[0].quantity"
        assert problem.message == "'quantity' must be >= 0 (got Decimal('-3'))"

    def test_recurring_without_period(self) -> None:
        """A recurring target without its recurrence is reported, with an example of how to write one."""
        problem = _only_error(_plan(Target(id="T1", kind="recurring", metric="大家访", quantity=1)))
        assert problem.path == "$.sections[0].tasks[0].targets[0].recurrence"
        assert problem.message == "a recurring target needs 'recurrence'"
        assert problem.hint is not None
        assert "every: semester" in problem.hint

    def test_deadline_outside_horizon(self) -> None:
        """A deadline after the plan's horizon is reported with the horizon."""
        target = Target(id="T1", kind="milestone", metric="挂牌", deadline=pendulum.Date(2030, 12, 31))
        problem = _only_error(_plan(target))
        assert problem.path == "$.sections[0].tasks[0].targets[0].deadline"
        assert "within the plan's horizon 2023-03-20 .. 2027-12-31 (got 2030-12-31)" in problem.message

    def test_newer_schema_version(self) -> None:
        """An in-memory plan claiming a newer schema is reported at schema_version."""
        problem = _only_error(_plan(schema_version=2))
        assert problem.path == "$.schema_version"
        assert problem.message == "'schema_version' must be <= 1 (got 2)"

    def test_unknown_kind(self) -> None:
        """A target of a kind no plugin provides is reported with the nearest installed kind."""
        problem = _only_error(_plan(Target(id="T1", kind="cumulativ", metric="新增", quantity=1)))
        assert problem.path == "$.sections[0].tasks[0].targets[0].kind"
        assert problem.hint == "did you mean 'cumulative'?"

    def test_level_without_quantity_or_reference(self) -> None:
        """A level target needs a quantity or a relative reference (不低于…)."""
        problem = _only_error(_plan(Target(id="T1", kind="level", metric="覆盖率", comparator=Comparator.GE)))
        assert "'quantity'" in problem.message

    def test_relative_level_is_accepted(self) -> None:
        """不低于公务员平均工资收入水平 is a valid level target with no quantity."""
        target = Target(id="T1", kind="level", metric="教师平均工资收入水平", comparator=Comparator.GE,
                        relative_to="公务员平均工资收入水平")
        assert validate(_plan(target)).ok

    def test_ignored_field_is_a_warning(self) -> None:
        """A field the kind does not use is a warning, not an error."""
        target = Target(id="T1", kind="milestone", metric="挂牌", quantity=1)
        result = validate(_plan(target))
        assert result.ok
        assert [w.message for w in result.warnings] == ["'quantity' is ignored by a milestone target"]

    def test_every_problem_at_once(self) -> None:
        """Several problems in one plan are all reported, in document order."""
        plan = _plan(
            Target(id="T1", kind="range", metric="校长", minimum=3, maximum=2),
            Target(id="T2", kind="recurring", metric="家访", recurrence=Recurrence(every="semester"), quantity=-1),
            responsibilities=(Responsibility(unit="nobody", role=Role.LEAD),),
        )
        codes = [p.code for p in validate(plan).errors]
        assert codes == ["unknown-unit", "range-order", "negative-quantity"]


class TestPlanFile:
    def test_every_problem_with_its_line(self) -> None:
        """The hand-made bad plan is rejected listing each of its errors with the line it is on."""
        with pytest.raises(PlanValidationError) as caught:
            serialization.load_plan(DATA / "invalid-plan.yaml")
        found = {(p.line, p.code) for p in caught.value.problems if p.severity is Severity.ERROR}
        assert {
            (17, "unknown-unit"),
            (23, "negative-quantity"),
            (25, "duplicate-target"),
            (28, "range-order"),
            (31, "duplicate-task"),
            (33, "no-lead"),
            (37, "missing-field"),
            (44, "outside-horizon"),
            (50, "duplicate-unit"),
            (55, "unknown-unit"),
        } == found

    def test_message_names_file_and_line(self) -> None:
        """The error's text names the file, the line and the path of each problem."""
        with pytest.raises(PlanValidationError) as caught:
            serialization.load_plan(DATA / "invalid-plan.yaml")
        text = str(caught.value)
        assert "10 problems found" in text
        assert "invalid-plan.yaml:17 ($.sections[0].tasks[0].responsibilities[1].unit): error: unknown unit " \
               "'educaton' — did you mean 'education'?" in text

    @pytest.mark.parametrize("fmt", ["json", "toml"])
    def test_lines_in_other_formats(self, tmp_path: Path, fmt: serialization.Format) -> None:
        """JSON and TOML plan files get lines too: the negative quantity is found on its own line."""
        data = serialization.loads((DATA / "invalid-plan.yaml").read_text(encoding="utf-8"), "yaml")
        text = serialization.dumps(data, fmt)
        path = tmp_path / f"plan.{fmt}"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(PlanValidationError) as caught:
            serialization.load_plan(path)
        (negative,) = [p for p in caught.value.problems if p.code == "negative-quantity"]
        assert negative.line is not None
        assert "quantity" in text.splitlines()[negative.line - 1]

    def test_wrong_types_and_unknown_keys_are_all_listed(self, tmp_path: Path) -> None:
        """Structural mistakes (a misspelt key, a bad date, a bad role) are all reported at once, with lines."""
        path = tmp_path / "plan.yaml"
        path.write_text(
            "id: p\ntitel: 方案\nissue_date: 2023-13-01\nsections:\n  - key: 一\n    title: t\n    tasks:\n"
            "      - number: 1\n        title: t\n        responsibilities:\n"
            "          - unit: a\n            role: boss\n",
            encoding="utf-8",
        )
        with pytest.raises(PlanValidationError) as caught:
            serialization.load_plan(path)
        lines = sorted(p.line or 0 for p in caught.value.problems)
        text = str(caught.value)
        assert "'title' is missing" in text
        assert "titel" in text
        assert "2023-13-01" in text
        assert "boss" in text
        assert 0 not in lines
