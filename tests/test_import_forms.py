"""The forms county plans really take: how units are named, how tasks are laid out, attachment tables, the report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from edu_plan import Plan, Role
from edu_plan._i18n import use_language
from edu_plan._model import UnitKind
from edu_plan.plugins.importers import FindingKind, ImportResult, import_text, split_units
from edu_plan.plugins.importers._flat import find_flat_tables
from edu_plan.plugins.importers._units import (
    COLLECTIVES,
    UnitRegistry,
    looks_like_units,
    parse_responsibility_line,
    parse_trailing_parenthesis,
)

CORPUS = Path(__file__).resolve().parent / "data" / "import" / "corpus"
HEAD = "某县教育提升行动方案\n为办好教育，制定本方案。\n一、重点任务\n"


def _units(plan: Plan, number: int) -> list[tuple[str, Role]]:
    return [(plan.unit(r.unit).name, r.role) for r in plan.task(number).responsibilities]


def _plan(text: str) -> Plan:
    result = import_text(text)
    assert result.plan is not None
    return result.plan


class TestResponsibilityForms:
    @pytest.mark.parametrize("line", ["（责任单位：区建管委、区房管局）", "(责任单位：区建管委、区房管局)",
                                      "责任单位：区建管委、区房管局。", "（责任单位:区建管委、区房管局）"])
    def test_own_line_parenthesis(self, line: str) -> None:
        """A unit line in full- or half-width parentheses keeps no parenthesis on its last unit."""
        plan = _plan(HEAD + "1.新建学校。新建小学2所。\n" + line + "\n")
        assert [("区建管委", Role.RESPONSIBLE), ("区房管局", Role.RESPONSIBLE)] == _units(plan, 1)
        assert ["区建管委", "区房管局"] == [u.name for u in plan.units]

    @pytest.mark.parametrize(("tail", "expected"), [
        ("（市教委牵头负责，各区政府组织落实）", [("市教委", Role.LEAD), ("各区政府", Role.COOPERATING)]),
        ("（市教委牵头负责、各区政府组织落实）", [("市教委", Role.LEAD), ("各区政府", Role.COOPERATING)]),
        ("（市教委牵头负责，市人社局按职责分工负责）", [("市教委", Role.LEAD), ("市人社局", Role.RESPONSIBLE)]),
        ("（市教委按职责组织落实）", [("市教委", Role.RESPONSIBLE)]),
        ("（牵头部门：市体育局；实施部门：市教委）", [("市体育局", Role.LEAD), ("市教委", Role.COOPERATING)]),
        ("(牵头单位:市教育局;配合单位:市人社局)", [("市教育局", Role.LEAD), ("市人社局", Role.COOPERATING)]),
        ("（负责部门：市教育局）", [("市教育局", Role.RESPONSIBLE)]),
    ])
    def test_inline_roles(self, tail: str, expected: list[tuple[str, Role]]) -> None:
        """Role words and phrases at the end of a task give each unit its role."""
        _, mentions = parse_trailing_parenthesis("新建学校。" + tail)
        assert expected == [(m.name, m.role) for m in mentions]

    @pytest.mark.parametrize(("text", "names"), [
        ("市财政局、各区、县级市人民政府", ["市财政局", "各区、县级市人民政府"]),
        ("市教育局、各有关区、县级市", ["市教育局", "各有关区、县级市"]),
        ("各区、县级市教育局", ["各区、县级市教育局"]),
        ("县教体局、各乡镇、县财政局", ["县教体局", "各乡镇", "县财政局"]),
    ])
    def test_collectives_kept_whole(self, text: str, names: list[str]) -> None:
        """A collective with 、 (各区、县级市) is one unit; a unit after a collective is its own."""
        assert names == [n for _w, n in split_units(text)]

    def test_collectives_extensible(self) -> None:
        """The list of known collective forms is a list a caller can extend."""
        assert "各区、县级市" in COLLECTIVES

    @pytest.mark.parametrize(("text", "names"), [
        ("区公安局、公安青浦分局", ["区公安局", "公安青浦分局"]),
        ("县发改局、财政局", ["县发改局", "县财政局"]),
        ("市交通委科技信息处、港务监管处", ["市交通委科技信息处", "市交通委港务监管处"]),
        ("市港航中心、中国船级社上海分社", ["市港航中心", "中国船级社上海分社"]),
        ("市工商联，各区、有关行业协会", ["市工商联", "各区", "有关行业协会"]),
        ("区水务局、区绿化市容局等相关部门，各街镇", ["区水务局", "区绿化市容局", "各街镇"]),
        # A party committee's prefix: its own organs take 县委, a government bureau only 县.
        ("县委统战部（民宗局）、财政局", ["县委统战部（民宗局）", "县财政局"]),
        ("县委宣传部、网信办、文旅局", ["县委宣传部", "县委网信办", "县文旅局"]),
        ("永宁县委组织部、人社局、编办", ["永宁县委组织部", "永宁县人社局", "永宁县委编办"]),
    ])
    def test_prefix_only_where_it_belongs(self, text: str, names: list[str]) -> None:
        """A shared prefix goes only to names that lack one and are its kind (a division takes its body's)."""
        assert names == [n for _w, n in split_units(text)]

    @pytest.mark.parametrize(("line", "expected"), [
        ("区建设管理委、区发展改革委、区财政局、", True), ("区“两旧”专班、区房管局", True), ("各街镇", True),
        ("完成既有多层住宅加装电梯700台", False), ("改建或新建9座左右口袋公园", False),
        ("区建设管理委负责指导推进全区工作。", False),
    ])
    def test_a_line_of_units(self, line: str, expected: bool) -> None:
        """A line of a flattened table is a unit cell only when every piece is a unit name."""
        assert expected is looks_like_units(line)


class TestUnitRules:
    def test_a_prefix_is_shared_only_after_it(self) -> None:
        """财政局、县教体局: no prefix has been seen when 财政局 is read, so it stays 财政局."""
        assert [("财政局", "财政局"), ("县教体局", "县教体局")] == split_units("财政局、县教体局")

    def test_a_division_first_takes_no_owner(self) -> None:
        """科技信息处、县教体局: no body named before the division, so it stays 科技信息处."""
        assert ["科技信息处", "县教体局"] == [n for _w, n in split_units("科技信息处、县教体局")]

    @pytest.mark.parametrize(("text", "names"), [
        # 县教体局 is no division's owner: the next division takes the plain prefix 县.
        ("县教体局、科技信息处", ["县教体局", "县科技信息处"]),
        # 财政局 is no division: it takes the prefix 市, not the body 市交通委.
        ("市交通委科技信息处、财政局", ["市交通委科技信息处", "市财政局"]),
    ])
    def test_only_a_division_takes_its_body(self, text: str, names: list[str]) -> None:
        """A division's body (市交通委) is given only to a division after a division of that body."""
        assert names == [n for _w, n in split_units(text)]

    def test_no_split_inside_a_parenthesis(self) -> None:
        """县委统战部（民宗局、宗教局）、县财政局: the 、 inside the parenthesis does not split: two units."""
        names = [n for _w, n in split_units("县委统战部（民宗局、宗教局）、县财政局")]
        assert ["县委统战部（民宗局、宗教局）", "县财政局"] == names

    def test_no_split_inside_a_nested_parenthesis(self) -> None:
        """县委统战部（民宗局（宗教局）、侨办）、县财政局: after the inner ）the outer one is still open: two units."""
        names = [n for _w, n in split_units("县委统战部（民宗局（宗教局）、侨办）、县财政局")]
        assert ["县委统战部（民宗局（宗教局）、侨办）", "县财政局"] == names

    def test_half_width_parentheses_become_full_width(self) -> None:
        """县委统战部(民宗局) is written, and named, 县委统战部（民宗局）."""
        assert [("县委统战部（民宗局）", "县委统战部（民宗局）")] == split_units("县委统战部(民宗局)")

    def test_each_label_gives_the_units_up_to_the_next(self) -> None:
        """牵头单位：甲；配合单位：乙；责任单位：丙 → 甲 leads, 乙 cooperates, 丙 is responsible."""
        mentions = parse_responsibility_line("牵头单位：县教体局；配合单位：县发改局；责任单位：县财政局")
        assert [("县教体局", Role.LEAD), ("县发改局", Role.COOPERATING), ("县财政局", Role.RESPONSIBLE)] == [
            (m.name, m.role) for m in mentions]

    def test_a_completed_name_is_less_sure(self) -> None:
        """配合单位：县发改局、财政局: 县发改局 as written, confidence 1; 财政局 completed to 县财政局, 0.9."""
        mentions = parse_responsibility_line("配合单位：县发改局、财政局")
        assert [("县发改局", Decimal(1)), ("县财政局", Decimal("0.9"))] == [(m.name, m.confidence) for m in mentions]

    def test_a_role_in_brackets_after_a_name(self) -> None:
        """责任单位：县教体局（牵头）、县财政局（配合）: the bracket gives the role and leaves the name."""
        mentions = parse_responsibility_line("责任单位：县教体局（牵头）、县财政局（配合）")
        assert [("县教体局", Role.LEAD), ("县财政局", Role.COOPERATING)] == [(m.name, m.role) for m in mentions]

    @pytest.mark.parametrize(("name", "kind"), [
        ("各乡镇", UnitKind.COLLECTIVE), ("农业农村局等单位", UnitKind.COLLECTIVE), ("全县各乡镇", UnitKind.COLLECTIVE),
        ("宁夏交通学校", UnitKind.EXTERNAL), ("自治区教育厅", UnitKind.EXTERNAL), ("银川市教育局", UnitKind.EXTERNAL),
        ("甘肃省教育厅", UnitKind.EXTERNAL), ("富兴街道办", UnitKind.SUBDISTRICT), ("暖泉农场", UnitKind.FARM),
        ("贺兰工业园区管委会", UnitKind.FARM), ("贺兰山林场", UnitKind.FARM), ("青松职业技术学校", UnitKind.SCHOOL),
        ("银川能源学院", UnitKind.SCHOOL), ("贺兰县第一中学", UnitKind.SCHOOL), ("立岗小学", UnitKind.SCHOOL),
        ("县第一幼儿园", UnitKind.SCHOOL), ("立岗镇", UnitKind.TOWNSHIP), ("金贵乡", UnitKind.TOWNSHIP),
        ("县教体局", UnitKind.DEPARTMENT),
    ])
    def test_unit_kinds_from_names(self, name: str, kind: UnitKind) -> None:
        """A unit's kind is read from its name: 各…/…等单位/…各乡镇 collective; 宁夏…, 自治区…, 银川市…, ..省…
        external; …街道… subdistrict; …农场/管委会/林场 farm; …学校/学院/中学/小学/幼儿园 school; …镇/乡
        township; anything else a department."""
        registry = UnitRegistry()
        registry.resolve(name)
        assert kind is registry.units()[0].kind


class TestStructure:
    def test_safeguard_items_with_units_are_tasks(self) -> None:
        """A safeguards item with its units is a task of the safeguards section; one without stays a safeguard."""
        plan = _plan(HEAD + "1.新建学校。新建小学2所。（县教体局牵头）\n二、保障措施\n"
                     "（一）加强组织领导。定期研究。（牵头单位：县教体局；配合单位：县财政局）\n（二）加强宣传。营造氛围。\n")
        assert [("一", [1]), ("二", [2])] == [(s.key, [t.number for t in s.tasks]) for s in plan.sections]
        assert [("县教体局", Role.LEAD), ("县财政局", Role.COOPERATING)] == _units(plan, 2)
        assert ["加强宣传"] == [s.title for s in plan.safeguards]

    def test_number_followed_by_digits(self) -> None:
        """11.121人才梯队项目 after task 10 is task 11 (121人才梯队项目), not the decimal 11.121."""
        tasks = "".join(f"{n}.任务{n}。内容。（县教体局负责）\n" for n in range(1, 11))
        plan = _plan(HEAD + tasks + "11.121人才梯队项目。建设梯队10个。（县教体局负责）\n")
        assert (11, "121人才梯队项目") == (plan.tasks[-1].number, plan.tasks[-1].title)

    def test_unnumbered_sub_heading_with_paragraph(self) -> None:
        """（四）推进… followed by its paragraph, among sections of tasks, is a task in a section of its own."""
        plan = _plan("某县教育提升行动方案\n一、重点任务\n（一）扩大资源\n1.新建学校。新建小学2所。（县教体局负责）\n"
                     "（二）推进课后服务提质\n课后服务覆盖所有学校。\n（责任单位：县教体局）\n")
        assert ["新建学校", "推进课后服务提质"] == [t.title for t in plan.tasks]
        assert "课后服务覆盖所有学校。" == plan.tasks[1].text
        assert [("县教体局", Role.RESPONSIBLE)] == _units(plan, 2)

    def test_sub_items_kept_and_unit_line_after_them(self) -> None:
        """Sub-items (1)–(3) stay in the task's text, and the unit line after them is the task's."""
        plan = _plan(HEAD + "1.加强教师培训。实施提升工程。\n（1）培训新教师500人；\n（2）培养骨干教师300名；\n"
                     "牵头单位：县教体局\n配合单位：县人社局\n")
        task = plan.task(1)
        assert "实施提升工程。（1）培训新教师500人；（2）培养骨干教师300名；" == task.text
        assert [("县教体局", Role.LEAD), ("县人社局", Role.COOPERATING)] == _units(plan, 1)
        assert [500, 300] == [int(t.quantity or 0) for t in task.targets]

    def test_attachments_that_are_not_task_tables(self) -> None:
        """Numbered clauses of a legal-basis or procedure attachment are no tasks, and the report says so."""
        with use_language("en"):
            result = import_text(HEAD + "1.新建学校。新建小学2所。（县教体局负责）\n"
                                 "2.改善条件。改造学校4所。（县教体局负责）\n附件1\n政策依据\n"
                                 "1.《中华人民共和国义务教育法》第十五条\n附件2\n工作流程\n1.立项阶段。学校提出需求。\n")
        assert result.plan is not None
        assert 2 == len(result.plan.tasks)
        notes = [f for f in result.report.of(FindingKind.NOTE) if "not a task table" in f.message]
        assert 2 == len(notes)

    def test_repeated_section_keys(self) -> None:
        """（一） under 二、 and （一） under 三、 are two sections with different keys, not an error."""
        plan = _plan("某县教育提升行动方案\n一、重点任务\n（一）资源\n1.新建学校。新建小学2所。（县教体局负责）\n"
                     "二、改革任务\n（一）评价\n2.改革评价。完善评价。（县教体局负责）\n")
        assert ["一", "二.一"] == [s.key for s in plan.sections]

    def test_work_steps_not_tasks(self) -> None:
        """Numbered items under 实施步骤 are steps, not tasks."""
        plan = _plan("某县教育提升行动方案\n一、实施步骤\n（一）动员部署\n1.组织排查。全面排查。\n"
                     "二、重点任务\n1.新建学校。新建小学2所。（县教体局负责）\n")
        assert ["新建学校"] == [t.title for t in plan.tasks]

    def test_task_titled_like_a_safeguard(self) -> None:
        """4.健全经费保障机制 among the tasks is a task, though its words are a safeguard's."""
        plan = _plan(HEAD + "1.新建学校。新建小学2所。\n2.健全经费保障机制。落实经费。\n"
                     "三、保障措施\n（一）加强领导。协调。\n")
        assert ["新建学校", "健全经费保障机制"] == [t.title for t in plan.tasks]


class TestMetadata:
    def test_first_co_signer(self) -> None:
        """Co-signers one a line above the date: the issuer is the first of them."""
        plan = _plan("东川县教育体育局\n东川县财政局\n东川县人力资源和社会保障局\n2025年3月6日\n"
                     "东川县学前教育行动方案\n一、重点任务\n1.新建园。新建幼儿园2所。（县教体局负责）\n")
        assert "东川县教育体育局" == plan.issuer

    def test_title_over_two_lines_and_issuer_after_it(self) -> None:
        """A title broken over two lines is whole; an issuer and date under the title are read."""
        plan = _plan("关于印发的通知\n西岭市义务教育优质均衡发展\n三年行动计划\n西岭市教育局\n2025年2月14日\n"
                     "为推动发展，制定本计划。\n一、重点任务\n1.新建学校。新建中小学8所。（市教育局负责）\n")
        assert ("西岭市义务教育优质均衡发展三年行动计划", "西岭市教育局", "2025-02-14") == (
            plan.title, plan.issuer, str(plan.issue_date))


class TestAttachmentTables:
    def test_flattened_table_rebuilt(self) -> None:
        """A table one cell per line is rebuilt: header found, repeated header skipped, wrapped cells joined."""
        lines = list(enumerate((CORPUS / "flat-table.txt").read_text(encoding="utf-8").splitlines(), start=1))
        tables = find_flat_tables(lines)
        assert 1 == len(tables)
        rows = tables[0].rows
        assert [1, 2, 3, 4, 5] == [r.number for r in rows]
        assert ("县教体局", "县发改局、自然资源局、住建局，各乡镇", "2027年底前") == (
            rows[0].lead, rows[0].cooperating, rows[0].deadline)

    def test_merged_unit_cell_filled_down(self) -> None:
        """A row without units (a merged cell) takes the row above's, marked less sure."""
        text = ("序号\n工作任务\n推进单位\n1\n新建小学\n区教育局\n2\n改造操场\n3\n建设食堂\n区教育局、区财政局\n")
        lines = list(enumerate(text.splitlines(), start=1))
        table = find_flat_tables(lines)[0]
        assert ["区教育局", "区教育局", "区教育局、区财政局"] == [r.responsible for r in table.rows]
        assert (7,) == table.filled

    def test_units_only_in_the_attachment(self) -> None:
        """A plan whose body names no unit takes them from its attachment table, and validates."""
        result = import_text((CORPUS / "flat-table.txt").read_text(encoding="utf-8"))
        assert result.ok
        assert result.plan is not None
        assert [("县财政局", Role.LEAD), ("县教体局", Role.COOPERATING)] == _units(result.plan, 4)

    def test_units_only_in_duties(self) -> None:
        """A plan whose units sit only in a 职责分工 section validates; each duty goes to the task it describes."""
        result = import_text((CORPUS / "duties.txt").read_text(encoding="utf-8"))
        assert result.ok
        assert result.plan is not None
        assert [("区市场监管局", Role.RESPONSIBLE), ("区教育局", Role.LEAD)] == _units(result.plan, 3)


@pytest.fixture(scope="module")
def forms() -> ImportResult:
    return import_text((CORPUS / "forms.txt").read_text(encoding="utf-8"))


class TestPlacementReport:
    def test_every_line_placed(self, forms: ImportResult) -> None:
        """Every non-empty line of the source is in the report's placement list."""
        text = (CORPUS / "forms.txt").read_text(encoding="utf-8")
        placed = {f.line for f in forms.report.of(FindingKind.PLACEMENT)}
        lines = {n for n, line in enumerate(text.splitlines(), start=1) if line.strip()}
        assert set() == lines - placed

    def test_dropped_lines_say_why(self) -> None:
        """A line dropped is said to be dropped, with a reason, at confidence 0 (in the reader's language)."""
        with use_language("en"):
            result = import_text(HEAD + "1.新建学校。新建小学2所。（县教体局负责）\n— 2 —\n")
        dropped = [f for f in result.report.of(FindingKind.PLACEMENT) if f.where == "dropped"]
        assert [("— 2 —", 0)] == [(f.source, int(f.confidence)) for f in dropped]
        assert dropped[0].message.startswith("dropped: ")
        with use_language("zh"):
            again = import_text(HEAD + "1.新建学校。新建小学2所。（县教体局负责）\n— 2 —\n")
        assert "dropped" in [f.where for f in again.report.of(FindingKind.PLACEMENT)]

    def test_in_the_markdown(self, forms: ImportResult) -> None:
        """The Markdown report has the placement section."""
        assert "段落去向" in forms.report.to_markdown()
