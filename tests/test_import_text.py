"""The ``text`` importer on the Helan plan's official text and on varied documents of the same family."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest

from edu_plan import Plan, Role, Target, datasets, validate
from edu_plan.plugins.importers import FindingKind, ImportResult, clean_lines, import_text, split_units

ROOT = Path(__file__).resolve().parent.parent
HELAN_TEXT = (ROOT / "examples" / "helan" / "plan-text.txt").read_text(encoding="utf-8")
DATA = Path(__file__).resolve().parent / "data" / "import"
QUANTITATIVE = {"cumulative", "level", "range", "recurring"}


def _key(target: Target) -> tuple[object, ...]:
    r = target.recurrence
    return (target.kind, target.quantity, target.minimum, target.maximum, target.unit_of_measure,
            (r.every, r.interval, r.anchor) if r else None, target.deadline, target.relative_to)


def _responsibilities(plan: Plan, reference: Plan) -> dict[int, list[tuple[str, Role]]]:
    """Each task's responsibilities as (reference unit id, role): units compared by name, not by id."""
    return {task.number: [(reference.unit(plan.unit(r.unit).name).id, r.role) for r in task.responsibilities]
            for task in plan.tasks}


def _compare(plan: Plan, reference: Plan) -> tuple[int, int, list[tuple[int, tuple[object, ...]]]]:
    """(quantitative reference targets reproduced, those missed, imported targets with no reference twin)."""
    hit = missed = 0
    extra: list[tuple[int, tuple[object, ...]]] = []
    for task in reference.tasks:
        mine = [_key(t) for t in plan.task(task.number).targets]
        for target in task.targets:
            if target.kind not in QUANTITATIVE:
                continue
            if _key(target) in mine:
                mine.remove(_key(target))
                hit += 1
            else:
                missed += 1
        extra += [(task.number, k) for k in mine]
    return hit, missed, extra


@pytest.fixture(scope="module")
def helan() -> ImportResult:
    return import_text(HELAN_TEXT, source="plan-text.txt")


@pytest.fixture(scope="module")
def reference() -> Plan:
    return datasets.load("helan")


class TestHelanReproduced:
    def test_cover(self, helan: ImportResult, reference: Plan) -> None:
        """The cover gives the title, issuer, doc number, issue date and the basis document."""
        plan = helan.plan
        assert plan is not None
        assert (reference.title, reference.issuer, reference.doc_number, reference.issue_date) == (
            plan.title, plan.issuer, plan.doc_number, plan.issue_date)
        assert reference.basis == plan.basis
        assert reference.horizon == plan.horizon

    def test_sections_and_tasks(self, helan: ImportResult, reference: Plan) -> None:
        """All 5 sections and 22 tasks come back with their keys and titles."""
        assert helan.plan is not None
        assert [(s.key, s.title) for s in reference.sections] == [(s.key, s.title) for s in helan.plan.sections]
        assert [(t.number, t.title) for t in reference.tasks] == [(t.number, t.title) for t in helan.plan.tasks]

    def test_texts_intros_goals_safeguards(self, helan: ImportResult, reference: Plan) -> None:
        """Task texts, section intros, the guiding ideology, goals and safeguards are the curated ones."""
        plan = helan.plan
        assert plan is not None
        assert [t.text for t in reference.tasks] == [t.text for t in plan.tasks]
        assert [s.intro for s in reference.sections] == [s.intro for s in plan.sections]
        assert (reference.preamble, reference.guiding_ideology, reference.goals) == (
            plan.preamble, plan.guiding_ideology, plan.goals)
        assert reference.safeguards == plan.safeguards

    def test_responsibilities_identical(self, helan: ImportResult, reference: Plan) -> None:
        """Every task's responsibilities are the curated ones, units matched by name through the registry."""
        assert helan.plan is not None
        assert _responsibilities(reference, reference) == _responsibilities(helan.plan, reference)

    def test_units_merged(self, helan: ImportResult) -> None:
        """县委统战部（民宗局） is one unit with its other spellings as aliases; 各乡镇场 stays a collective."""
        plan = helan.plan
        assert plan is not None
        united = plan.unit("县委统战部")
        assert ("县委统战部（民宗局）", "民宗局") == united.aliases
        assert plan.unit("各乡镇场").is_collective
        assert len(plan.units) == len({u.name for u in plan.units})

    def test_targets_reproduced(self, helan: ImportResult, reference: Plan) -> None:
        """At least 90% of the curated quantitative targets come back identical (42 of 42 today), none extra."""
        assert helan.plan is not None
        hit, missed, extra = _compare(helan.plan, reference)
        assert [] == extra
        assert hit / (hit + missed) >= 0.9
        assert (42, 0) == (hit, missed)

    def test_sources_are_in_the_text(self, helan: ImportResult) -> None:
        """Every target keeps a source sentence that is in its task's text: no target is invented."""
        assert helan.plan is not None
        for task, target in helan.plan.iter_targets():
            assert target.source
            assert target.source in task.text

    def test_validates(self, helan: ImportResult) -> None:
        """The imported plan validates (the collective without members is a warning only)."""
        assert helan.ok
        assert ["empty-collective"] == [p.code for p in helan.report.problems]

    def test_fast(self) -> None:
        """Importing the Helan text takes well under a second."""
        started = time.perf_counter()
        import_text(HELAN_TEXT)
        assert time.perf_counter() - started < 2.0

    def test_same_bytes(self) -> None:
        """The same text gives the same plan file and the same report, byte for byte."""
        from edu_plan import serialization

        first, second = import_text(HELAN_TEXT), import_text(HELAN_TEXT)
        assert first.plan is not None
        assert second.plan is not None
        assert serialization.dumps_plan(first.plan) == serialization.dumps_plan(second.plan)
        assert first.report.to_markdown() == second.report.to_markdown()


def _pdf_like(text: str, width: int = 37) -> str:
    """The text as a PDF extraction gives it: lines cut every ``width`` characters, page numbers and headers."""
    out: list[str] = []
    for number, paragraph in enumerate(text.splitlines()):
        line = paragraph.strip()
        if not line:
            continue
        chunks = [line[i:i + width] for i in range(0, len(line), width)]
        out += chunks
        if number % 25 == 24:
            out += ["", f"— {number // 25 + 1} —", "贺兰县教育质量提升行动实施方案", ""]
    return "\n".join(out)


class TestMutatedHelan:
    def _check(self, text: str, reference: Plan, *, titles: bool = True) -> ImportResult:
        result = import_text(text)
        assert result.plan is not None
        if titles:
            assert [(t.number, t.title) for t in reference.tasks] == [(t.number, t.title) for t in result.plan.tasks]
        assert _responsibilities(reference, reference) == _responsibilities(result.plan, reference)
        hit, missed, extra = _compare(result.plan, reference)
        assert [] == extra
        assert hit / (hit + missed) >= 0.9
        return result

    def test_pdf_extraction(self, reference: Plan) -> None:
        """Lines cut mid-sentence, page numbers and running headers: the same plan comes back."""
        result = self._check(_pdf_like(HELAN_TEXT), reference)
        assert result.plan is not None
        # A space at a cut is lost, as in real extractions; the words are the same.
        assert [t.text.replace(" ", "") for t in reference.tasks] == [
            t.text.replace(" ", "") for t in result.plan.tasks]
        removed = [f.source for f in result.report.of(FindingKind.PLACEMENT) if f.where == "dropped"]
        assert {"— 3 —", "贺兰县教育质量提升行动实施方案"} <= set(removed)

    def test_parenthesised_task_numbers(self, reference: Plan) -> None:
        """Tasks numbered （1） instead of 1. are still the 22 tasks."""
        text = re.sub(r"^(\d{1,2})\. ", r"（\1）", HELAN_TEXT, flags=re.M)
        self._check(text, reference)

    def test_trailing_parenthesis(self, reference: Plan) -> None:
        """Responsibilities given as （县教体局牵头，县委宣传部、团县委配合） at the end of the task."""

        def fold(match: re.Match[str]) -> str:
            lead, coop = match.group("lead"), match.group("coop")
            return f"（{lead}牵头，{coop}配合）\n"

        text = re.sub(r"。\n\n牵头单位：(?P<lead>[^\n]+)\n\n配合单位：(?P<coop>[^\n]+?)，?\n", lambda m: "。" + fold(m),
                      HELAN_TEXT)
        assert text.count("配合）") >= 15
        self._check(text, reference)

    def test_responsible_instead_of_lead(self, reference: Plan) -> None:
        """责任单位 in place of 牵头单位 gives the same units, with the responsible role."""
        text = HELAN_TEXT.replace("牵头单位：县教体局\n", "责任单位：县教体局\n")
        result = import_text(text)
        assert result.plan is not None
        task = result.plan.task(10)
        assert Role.RESPONSIBLE is task.responsibilities[0].role
        assert "县教体局" == result.plan.unit(task.responsibilities[0].unit).name


class TestOtherCounties:
    def test_parenthesis_chinese_numerals_approximate(self) -> None:
        """（1）-numbered tasks, trailing responsibility parentheses, Chinese numerals and 左右."""
        result = import_text((DATA / "county-a-parenthesis.txt").read_text(encoding="utf-8"))
        plan = result.plan
        assert plan is not None
        assert ("永宁县教育质量提升行动实施方案", "永教发〔2024〕5号", pendulum.Date(2024, 4, 8)) == (
            plan.title, plan.doc_number, plan.issue_date)
        assert [1, 2, 3] == [t.number for t in plan.tasks]
        assert ["县教体局", "县发改局", "县财政局"] == [plan.unit(r.unit).name for r in plan.task(1).responsibilities]
        assert [Role.RESPONSIBLE] == [r.role for r in plan.task(2).responsibilities]
        seats = plan.task(1).targets[1]
        assert (Decimal(1200), "个", True) == (seats.quantity, seats.unit_of_measure, seats.approximate)
        share = plan.task(1).targets[2]
        assert ("level", Decimal(85), pendulum.Date(2025, 12, 31)) == (share.kind, share.quantity, share.deadline)
        assert result.ok

    def test_chinese_numbered_tasks_and_page_headers(self) -> None:
        """Sections 一、, tasks （一） restarting per section, page headers removed, 市-prefix distributed."""
        result = import_text((DATA / "county-b-chinese-numbered.txt").read_text(encoding="utf-8"))
        plan = result.plan
        assert plan is not None
        assert [1, 2, 3] == [t.number for t in plan.tasks]
        assert ["落实立德树人", "推进教育数字化"] == [s.title for s in plan.sections]
        assert ["市教体局", "市卫健局", "市文旅局"] == [plan.unit(r.unit).name for r in plan.task(2).responsibilities]
        assert Decimal(3) == plan.task(1).targets[2].quantity  # "建设\n思政名师工作室 3 个" joined
        assert ["加强组织领导"] == [s.title for s in plan.safeguards]

    def test_table_gives_responsibilities(self) -> None:
        """A 责任清单 table in the document gives the responsibilities of tasks the text names without them."""
        result = import_text((DATA / "county-c-table.txt").read_text(encoding="utf-8"))
        plan = result.plan
        assert plan is not None
        assert [("市教体局", Role.LEAD), ("市公安局", Role.LEAD), ("市消防大队", Role.COOPERATING)] == [
            (plan.unit(r.unit).name, r.role) for r in plan.task(3).responsibilities]
        assert result.ok

    def test_invalid_plan_is_kept(self) -> None:
        """A task without units gives a plan that fails validation, returned with the problem in the report."""
        result = import_text("1. 扩充学前资源。新增幼儿园 10 所。")
        assert result.plan is not None
        assert not result.ok
        assert ["no-lead"] == [p.code for p in result.report.errors]
        assert validate(result.plan).problems == result.report.problems


class TestCleanUp:
    def test_joins_broken_sentences(self) -> None:
        """A line that ends no sentence is joined to the next; headings and responsibility lines stay apart."""
        paragraphs, removed = clean_lines("1. 标题。正文的一半\n\n另一半。\n— 2 —\n牵头单位：县教体局\n")
        assert ["1. 标题。正文的一半另一半。", "牵头单位：县教体局"] == [p.text for p in paragraphs]
        assert [(4, "— 2 —")] == removed

    def test_prefix_distributed(self) -> None:
        """县发改局、财政局 means 县发改局 and 县财政局; 团县委 and 各乡镇场 are names of their own."""
        assert [("县发改局", "县发改局"), ("财政局", "县财政局"), ("团县委", "团县委"), ("各乡镇场", "各乡镇场")] == (
            split_units("县发改局、财政局，团县委，各乡镇场"))


class TestPlacement:
    def test_lone_lead_line_under_duties_heading(self) -> None:
        """三、职责分工 then 牵头单位：县人社局: line 1 is the duties section; line 2 names no task, so it is
        dropped with its reason (under “职责分工”, which is not a task) and reported as unplaced."""
        result = import_text("三、职责分工\n牵头单位：县人社局")
        placed = [(f.line, f.source, f.where) for f in result.report.of(FindingKind.PLACEMENT)]
        assert [(1, "三、职责分工", "section"), (2, "牵头单位：县人社局", "dropped")] == placed
        assert ["牵头单位：县人社局"] == [f.source for f in result.report.of(FindingKind.UNPLACED)]

    def test_unit_line_of_a_section_heading(self) -> None:
        """三、保障措施, 牵头单位：县教育局, then task 2. with its own units: the heading is a section and the
        numbered line a task, but the unit line under the heading belongs to no task: dropped, and reported."""
        result = import_text("三、保障措施\n牵头单位：县教育局\n"
                             "2.改善办学条件。完成薄弱学校改造40所（牵头单位：市教育局；配合单位：市财政局）。")
        placed = [(f.line, f.where) for f in result.report.of(FindingKind.PLACEMENT)]
        assert [(1, "section"), (2, "dropped"), (3, "task")] == placed
        assert ["牵头单位：县教育局"] == [f.source for f in result.report.of(FindingKind.UNPLACED)]
