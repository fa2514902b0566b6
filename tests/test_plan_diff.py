"""Plan versions compared: `edu-plan diff` and `edu-plan history`, and the view they share."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from tests.strategies import plans

import edu_plan
from edu_plan import Responsibility, Role
from edu_plan._diff import ChangeKind, diff_plans, diff_view
from edu_plan._i18n import use_language
from edu_plan.cli import main


@pytest.fixture(scope="module")
def helan() -> edu_plan.Plan:
    return edu_plan.datasets.load("helan")


def _amended(plan: edu_plan.Plan) -> edu_plan.Plan:
    """Task 10 gets 县人社局 as a cooperating unit instead of 县自然资源局; T10-2 asks for 12 kindergartens, not 10."""
    sections = []
    for section in plan.sections:
        tasks = []
        for task in section.tasks:
            if task.number == 10:
                responsibilities = tuple(
                    Responsibility(unit="human-resources", role=Role.COOPERATING) if r.unit == "natural-resources"
                    else r for r in task.responsibilities)
                targets = tuple(attrs.evolve(t, quantity=Decimal(12)) if t.id == "T10-2" else t for t in task.targets)
                task = attrs.evolve(task, responsibilities=responsibilities, targets=targets)
            tasks.append(task)
        sections.append(attrs.evolve(section, tasks=tuple(tasks)))
    return attrs.evolve(plan, sections=tuple(sections))


class TestDiff:
    def test_exactly_the_two_changes(self, helan: edu_plan.Plan) -> None:
        """Task 10's units and T10-2's quantity are the only differences listed, field by field."""
        changes = diff_plans(helan, _amended(helan))
        assert [("responsibility", "10", "units"), ("target", "T10-2", "quantity")] == [
            (c.what, c.key, c.field) for c in changes]
        assert ("10", "12") == (changes[1].old, changes[1].new)
        assert "县自然资源局" in changes[0].old
        assert "县自然资源局" not in changes[0].new
        assert "县人社局" in changes[0].new

    def test_same_plan(self, helan: edu_plan.Plan) -> None:
        """A plan compared with itself has no differences."""
        assert [] == diff_plans(helan, helan)

    def test_added_and_removed(self, helan: edu_plan.Plan) -> None:
        """A target taken out is listed as removed, one put in as added."""
        task = helan.task(10)
        shorter = attrs.evolve(task, targets=task.targets[1:])
        section = next(s for s in helan.sections if task in s.tasks)
        changed = attrs.evolve(helan, sections=tuple(
            attrs.evolve(s, tasks=tuple(shorter if t.number == 10 else t for t in s.tasks)) if s is section else s
            for s in helan.sections))
        assert [(ChangeKind.REMOVED, "target", task.targets[0].id)] == [
            (c.kind, c.what, c.key) for c in diff_plans(helan, changed)]
        assert [(ChangeKind.ADDED, "target", task.targets[0].id)] == [
            (c.kind, c.what, c.key) for c in diff_plans(changed, helan)]

    def test_view_rows(self, helan: edu_plan.Plan) -> None:
        """The view has one row per change: the field named in the reader's language (here English)."""
        with use_language("en"):
            view = diff_view(diff_plans(helan, _amended(helan)), old="helan", new="amended.yaml")
        assert [("T10-2", "quantity", "10", "12")] == [
            (r["key"], r["field"], r["old"], r["new"]) for r in view.records() if r["key"] == "T10-2"]


class TestDiffCli:
    def test_exit_status(self, helan: edu_plan.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Like diff(1): 0 for the same plan, 1 for different ones, 2 for a file that cannot be read."""
        amended = tmp_path / "amended.yaml"
        edu_plan.dump_plan(_amended(helan), amended)
        assert 0 == main(["diff", "helan", "helan"])
        assert 1 == main(["diff", "helan", str(amended), "--format", "markdown"])
        out = capsys.readouterr().out
        assert "T10-2" in out
        assert "| 10 " in out
        assert 2 == main(["diff", "helan", str(tmp_path / "missing.yaml")])

    def test_html(self, helan: edu_plan.Plan, tmp_path: Path) -> None:
        """`--format html -o FILE` writes a page listing the changes."""
        amended = tmp_path / "amended.yaml"
        edu_plan.dump_plan(_amended(helan), amended)
        page = tmp_path / "diff.html"
        assert 1 == main(["diff", "helan", str(amended), "--format", "html", "-o", str(page)])
        assert "T10-2" in page.read_text(encoding="utf-8")

    def test_store_revisions(self, helan: edu_plan.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`diff plan@1 plan@2 --store URL` compares stored revisions; `history` lists them."""
        url = f"sqlite:///{tmp_path / 'store.db'}"
        with edu_plan.open_store(url) as store:
            store.save_plan(helan)
            store.save_plan(_amended(helan))
        capsys.readouterr()
        assert 1 == main(["diff", f"{helan.id}@1", f"{helan.id}@2", "--store", url, "--format", "csv"])
        assert "T10-2" in capsys.readouterr().out
        assert 0 == main(["history", helan.id, "--store", url])
        lines = capsys.readouterr().out.splitlines()
        assert [f"{helan.id}@1", f"{helan.id}@2"] == [line.split()[0] for line in lines]

    def test_bad_revision(self, helan: edu_plan.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A revision that is not a number is refused in words, status 2."""
        url = f"sqlite:///{tmp_path / 'store.db'}"
        with edu_plan.open_store(url) as store:
            store.save_plan(helan)
        assert 2 == main(["diff", f"{helan.id}@one", f"{helan.id}@1", "--store", url])
        assert "@" in capsys.readouterr().err


class TestDiffProperties:
    @settings(max_examples=25, deadline=None)
    @given(plans(), plans())
    def test_a_difference_is_found_exactly_when_plans_differ(self, old: edu_plan.Plan, new: edu_plan.Plan) -> None:
        """diff_plans lists nothing for equal plans and at least one change for unequal ones."""
        assert (old != new) == bool(diff_plans(old, new))

    @settings(max_examples=25, deadline=None)
    @given(plans())
    def test_round_trip_has_no_differences(self, plan: edu_plan.Plan) -> None:
        """A plan written and read back differs from itself in nothing."""
        assert [] == diff_plans(plan, edu_plan.loads_plan(edu_plan.dumps_plan(plan, "yaml"), "yaml"))
