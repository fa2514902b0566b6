"""The bundled Helan dataset against the text of 贺党教发〔2023〕1号, and the county template.

The expected values below are transcribed from the plan's text, with unit names as the
text writes them ("县发改局、财政局、自然资源局" is split into 县发改局, 财政局, 自然资源局);
they are compared with the dataset through its unit registry, so an alias that stops
resolving fails here too.
"""

# Expected value first in asserts is the house style (CONTRIBUTING.md), which SIM300 calls a Yoda condition.

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest

from edu_plan import datasets
from edu_plan._model import Comparator, Plan, Role, Target, UnitKind
from edu_plan._periods import PeriodKind
from edu_plan.errors import PlanFileError
from edu_plan.serialization import dumps_plan, loads_plan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "helan" / "plan.yaml"
TEMPLATE = ROOT / "examples" / "template" / "plan.yaml"
END = pendulum.Date(2027, 12, 31)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return datasets.load("helan")


# -- the text, transcribed -------------------------------------------------------------------

SECTIONS = [
    ("一", "全面落实立德树人根本任务", range(1, 10)),
    ("二", "加快建设高质量教育体系", range(10, 14)),
    ("三", "打造高素质教师队伍", range(14, 17)),
    ("四", "深化教育领域综合改革", range(17, 21)),
    ("五", "统筹教育发展和安全", range(21, 23)),
]

TITLES = {
    1: "坚持不懈用党的创新理论铸魂育人",
    2: "深化思政课改革创新",
    3: "提升德育工作实效",
    4: "加强铸牢中华民族共同体意识教育",
    5: "加强心理健康教育",
    6: "加强创新素养教育",
    7: "落实体育强基",
    8: "加强学校美育工作",
    9: "强化劳动教育实践",
    10: "学前教育更加普及普惠",
    11: "义务教育更加优质均衡",
    12: "高中教育更加有特色、多样化",
    13: "职业教育更加适应社会发展",
    14: "完善师德涵养机制",
    15: "完善师能提升机制",
    16: "完善师资优化机制",
    17: "大力实施教育数字化战略",
    18: "加强教育评价改革",
    19: "稳妥推进考试招生制度改革",
    20: "巩固拓展“双减”成果",
    21: "全力维护校园政治安全",
    22: "深化平安校园建设",
}

# task: (牵头单位, 配合单位, 责任单位), each in the text's order and spelling.
RESPONSIBILITIES: dict[int, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    1: (("县教体局",), ("县委宣传部", "团县委", "富兴街道办", "各乡镇场"), ()),
    2: (("县教体局",), ("团县委", "富兴街道办", "各乡镇场"), ()),
    3: (("县教体局",), ("县委宣传部", "团县委"), ()),
    4: (("县委统战部（民宗局）", "县教体局"), ("县财政局",), ()),
    5: (("县教体局",), ("县委网信办", "县卫健局"), ()),
    6: ((), (), ("县教体局",)),
    7: (("县教体局",), ("县委网信办",), ()),
    8: (("县教体局",), ("县文旅局",), ()),
    9: (("县教体局",), ("县委网信办", "富兴街道办", "各乡镇场"), ()),
    10: (("县教体局",), ("县发改局", "财政局", "自然资源局"), ()),
    11: (("县教体局",), ("县发改局", "财政局", "自然资源局", "农业农村局"), ()),
    12: (("县教体局",), ("县财政局",), ()),
    13: (("县教体局",), ("县发改局", "青松职业技术学校", "宁夏交通学校"), ()),
    14: (("县教体局",), ("县人大办", "政协办", "人社局", "富兴街道办"), ()),
    15: (("县教体局",), ("县财政局", "人社局"), ()),
    16: (("县教体局",), ("县委编办", "县财政局", "人社局", "卫健局", "文旅局"), ()),
    17: (("县教体局",), ("县委网信办", "县财政局"), ()),
    18: ((), (), ("县教体局",)),
    19: ((), (), ("县教体局",)),
    20: (
        ("县教体局",),
        ("县财政局", "市场监管局", "综合执法局", "文旅局", "科技局", "民政局", "公安局", "消防大队"),
        (),
    ),
    21: (("县委宣传部", "县教体局"), ("县委统战部（民宗局）", "网信办"), ()),
    22: (("县教体局",), ("县委政法委", "县水务局", "公安局", "卫健局", "市场监管局", "消防大队"), ()),
}

# A fragment the prefix 县/县委 distributes over resolves to the unit with the prefix.
DISTRIBUTED = {
    "财政局": "县财政局",
    "自然资源局": "县自然资源局",
    "农业农村局": "县农业农村局",
    "政协办": "县政协办",
    "人社局": "县人社局",
    "卫健局": "县卫健局",
    "文旅局": "县文旅局",
    "市场监管局": "县市场监管局",
    "综合执法局": "县综合执法局",
    "科技局": "县科技局",
    "民政局": "县民政局",
    "公安局": "县公安局",
    "消防大队": "县消防大队",
    "网信办": "县委网信办",
    "县委统战部（民宗局）": "县委统战部",
}

# (id, kind, metric, quantity, minimum, maximum, comparator, unit of measure, every, interval, deadline)
# fmt: off
TARGET_SAMPLE: list[tuple[Any, ...]] = [
    ("T01-1", "cumulative", "打造“三进”示范课", 5, None, None, ">=", "堂", None, None, END),
    ("T03-1", "recurring", "“奋斗的最美的国”新时代先进人物进校园活动", 1, None, None, ">=", "次", "semester", 1, None),
    ("T04-1", "cumulative", "建立铸牢中华民族共同体意识教育实践基地", 10, None, None, ">=", "个", None, None, END),
    ("T04-2", "cumulative", "争创铸牢中华民族共同体意识示范校", 3, None, None, ">=", "所", None, None, END),
    ("T05-1", "milestone", "建立心理健康筛查系统", None, None, None, None, None, None, None, END),
    ("T05-5", "recurring", "心理健康状况排查", 1, None, None, ">=", "次", "school_year", 1, None),
    ("T06-1", "cumulative", "获评“部级精品课”", 100, None, None, ">=", "节", None, None, END),
    ("T07-2", "range", "每名学生掌握运动技能", None, 1, 2, None, "项", None, None, END),
    ("T08-1", "level", "校园文化艺术节覆盖率", 100, None, None, ">=", "%", None, None, END),
    ("T10-1", "recurring", "调整县域普惠性幼儿园布局规划", 1, None, None, ">=", "次", "year", 3, None),
    ("T10-2", "cumulative", "新增幼儿园", 10, None, None, ">=", "所", None, None, END),
    ("T10-3", "cumulative", "新增学位", 3600, None, None, ">=", "个", None, None, END),
    ("T10-4", "level", "普惠性幼儿园覆盖率", 92, None, None, ">=", "%", None, None, END),
    ("T11-1", "cumulative", "新建、改扩建义务教育阶段学校", 5, None, None, ">=", "所", None, None, END),
    ("T11-2", "cumulative", "新增学位", 5000, None, None, ">=", "个", None, None, END),
    ("T11-3", "milestone", "争创国家级义务教育优质均衡县", None, None, None, None, None, None, None, END),
    ("T13-1", "milestone", "挂牌成立职业教育中心", None, None, None, None, None, None, None, END),
    ("T15-1", "recurring", "选派校（园）长开展挂职锻炼、跟岗实践等综合培训",
     10, None, None, ">=", "名", "year", 1, None),
    ("T15-3", "range", "培养造就教育家型校（园）长", None, 2, 3, None, "名", None, None, END),
    ("T15-4", "recurring", "中小学（幼儿园）全员轮训", 100, None, None, ">=", "%", "year", 5, None),
    ("T15-5", "recurring", "选派中小学（幼儿园）教师到东部发达地区实地研修",
     15, None, None, ">=", "名", "year", 1, None),
    ("T15-7", "range", "培养造就教育家型教师", None, 8, 10, None, "名", None, None, END),
    ("T16-2", "milestone", "全面实行荣休制度", None, None, None, None, None, None, None, END),
    ("T17-1", "level", "教育网络到县带宽", 10000, None, None, ">=", "Mbps", None, None, END),
    ("T17-3", "level", "教育网络进班带宽", 100, None, None, ">=", "Mbps", None, None, END),
    ("T17-4", "cumulative", "建成智慧校园示范校", 5, None, None, ">=", "所", None, None, END),
    ("T20-1", "level", "培训机构全面纳入", 100, None, None, ">=", "%", None, None, END),
    ("T21-1", "qualitative", "学术活动“一事一报”制度", None, None, None, None, None, None, None, END),
    ("T22-1", "recurring", "校舍安全隐患排查整治", 1, None, None, ">=", "次", "year", 1, None),
]
# fmt: on


def _ids(plan: Plan, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(plan.unit(name).id for name in names)


def _leaves(obj: Any, path: str = "$") -> list[tuple[str, Any]]:
    """Every value inside a model object, with its path."""
    if attrs.has(type(obj)):
        found: list[tuple[str, Any]] = []
        for field in attrs.fields(type(obj)):
            found += _leaves(getattr(obj, field.name), f"{path}.{field.name}")
        return found
    if isinstance(obj, (tuple, list)):
        return [leaf for i, item in enumerate(obj) for leaf in _leaves(item, f"{path}[{i}]")]
    if isinstance(obj, dict):
        return [leaf for key, item in obj.items() for leaf in _leaves(item, f"{path}.{key}")]
    return [(path, obj)]


# -- tests ------------------------------------------------------------------------------------


class TestDatasetModule:
    def test_names_lists_helan(self) -> None:
        """names() lists the bundled datasets, Helan among them."""
        assert "helan" in datasets.names()

    def test_load_defaults_to_helan(self, plan: Plan) -> None:
        """load() without a name gives the Helan plan."""
        assert plan == datasets.load()

    def test_unknown_name_is_a_plan_file_error_naming_the_datasets(self) -> None:
        """An unknown dataset name raises PlanFileError that lists the names there are."""
        with pytest.raises(PlanFileError, match="helan"):
            datasets.load("nowhere")

    def test_path_is_the_packaged_yaml(self) -> None:
        """path() gives the packaged YAML file."""
        assert "helan.yaml" == datasets.path("helan").name


class TestMetadata:
    def test_identity(self, plan: Plan) -> None:
        """Id, title, issuer, doc number, issue date and region are those of the text."""
        assert "helan-edu-quality-2023" == plan.id
        assert "贺兰县教育质量提升行动实施方案" == plan.title
        assert "中共贺兰县委教育工作领导小组" == plan.issuer
        assert "贺党教发〔2023〕1号" == plan.doc_number
        assert pendulum.Date(2023, 3, 20) == plan.issue_date
        assert "宁夏回族自治区银川市贺兰县" == plan.region
        assert "Asia/Shanghai" == plan.timezone

    def test_basis_document(self, plan: Plan) -> None:
        """The plan implements 宁党办〔2022〕74号, by its title."""
        assert 1 == len(plan.basis)
        assert "自治区党委办公厅 人民政府办公厅印发〈关于实施教育质量提升行动的意见〉的通知" == plan.basis[0].title
        assert "宁党办〔2022〕74号" == plan.basis[0].doc_number

    def test_horizon_runs_from_issue_to_end_of_2027(self, plan: Plan) -> None:
        """The horizon starts on the issue date and ends on 2027-12-31 (到2027年)."""
        assert plan.horizon is not None
        assert pendulum.Date(2023, 3, 20) == plan.horizon.start
        assert END == plan.horizon.end

    def test_preamble_guiding_ideology_and_goals(self, plan: Plan) -> None:
        """Preamble, 指导思想 and 主要目标 are the text's paragraphs, headings left out."""
        assert plan.preamble.startswith("为深入实施教育质量提升行动，")
        assert plan.preamble.endswith("结合我县教育事业改革与发展实际，制订本方案。")
        assert plan.guiding_ideology.startswith("以习近平新时代中国特色社会主义思想为指导，")
        assert plan.guiding_ideology.endswith("为全面建设“五个示范县”提供智力支持和人才保障。")
        assert 1 == len(plan.goals)
        assert plan.goals[0].startswith("力争到2027年，基本建成高质量教育体系，")
        assert "全县教育主要发展指标和质量水平位居全区县域前列" in plan.goals[0]

    def test_safeguards(self, plan: Plan) -> None:
        """The four 保障措施, titled as in the text."""
        expected = ["加强组织领导", "落实部门责任", "加大教育投入", "强化督导考核"]
        assert expected == [s.title for s in plan.safeguards]
        assert plan.safeguards[0].text.startswith("县委教育工作领导小组要充分发挥统筹协调作用")
        assert plan.safeguards[3].text.endswith("将督导结果作为考核奖惩、项目安排的重要依据。")


class TestSectionsAndTasks:
    def test_five_sections_keyed_and_titled(self, plan: Plan) -> None:
        """There are five sections 一..五 with the text's titles."""
        assert [(key, title) for key, title, _ in SECTIONS] == [(s.key, s.title) for s in plan.sections]

    def test_tasks_per_section(self, plan: Plan) -> None:
        """Each section holds the tasks the text puts under it."""
        for (_, _, numbers), section in zip(SECTIONS, plan.sections, strict=True):
            assert list(numbers) == [t.number for t in section.tasks]

    def test_section_intros(self, plan: Plan) -> None:
        """Sections 一, 二 and 三 open with an intro paragraph; in the text 四 and 五 go straight to their tasks."""
        assert ["牢记育人的根本在于立德", "坚持以人民为中心发展教育", "加强师德师风建设"] == [
            s.intro.split("，")[0] for s in plan.sections[:3]
        ]
        assert ["", ""] == [s.intro for s in plan.sections[3:]]

    def test_twenty_two_tasks_numbered_in_order(self, plan: Plan) -> None:
        """There are 22 tasks numbered 1..22 in plan order."""
        assert list(range(1, 23)) == [t.number for t in plan.tasks]

    def test_task_titles(self, plan: Plan) -> None:
        """Every task's title is the text before its first 。."""
        assert TITLES == {t.number: t.title for t in plan.tasks}

    def test_page_breaks_rejoined(self, plan: Plan) -> None:
        """No text keeps a line break, and sentences split by a page break read whole again."""
        for task in plan.tasks:
            assert "\n" not in task.text
        assert "实施学生心理品质培育和压力分类纾解专项行动" in plan.task(5).text
        assert "新增学位 3600 个，重点扩大城市新增人口" in plan.task(10).text
        assert "从动态化清零向常态化清零转变" in plan.task(11).text
        assert "推动职业教育与产业发展深度融合" in plan.task(13).text
        assert "不低于公务员平均工资收入水平" in plan.task(16).text
        assert "坚持教育和宗教相分离" in plan.task(21).text

    def test_wording_kept_as_written(self, plan: Plan) -> None:
        """Oddities of the source are transcribed, not corrected."""
        assert "常态化开展开展调研课摸底" in plan.task(6).text
        assert "每学年进行一次中小學生心理健康状况排查" in plan.task(5).text
        assert "感党思" in plan.task(1).text

    def test_text_follows_the_title(self, plan: Plan) -> None:
        """A task's text starts after its title and ends with the paragraph's last sentence."""
        assert plan.task(1).text.startswith("将习近平新时代中国特色社会主义思想融入办学治校各领域")
        assert plan.task(22).text.endswith("让学校成为最阳光、最安全的地方。")


class TestResponsibilities:
    @pytest.mark.parametrize("number", sorted(RESPONSIBILITIES))
    def test_units_and_roles_as_in_the_text(self, plan: Plan, number: int) -> None:
        """Each task's 牵头/配合/责任 units are exactly the text's, in its order."""
        leads, cooperating, responsible = RESPONSIBILITIES[number]
        task = plan.task(number)
        assert _ids(plan, leads) == task.units(Role.LEAD)
        assert _ids(plan, cooperating) == task.units(Role.COOPERATING)
        assert _ids(plan, responsible) == task.units(Role.RESPONSIBLE)

    def test_two_leads(self, plan: Plan) -> None:
        """Tasks 4 and 21 have two lead units; all other tasks at most one."""
        two = [t.number for t in plan.tasks if len(t.units(Role.LEAD)) == 2]
        assert [4, 21] == two
        assert ("united-front", "education-sports") == plan.task(4).units(Role.LEAD)
        assert ("party-publicity", "education-sports") == plan.task(21).units(Role.LEAD)

    def test_sole_responsible(self, plan: Plan) -> None:
        """Tasks 6, 18 and 19 have 县教体局 as sole 责任单位 and no lead or cooperating unit."""
        sole = [t.number for t in plan.tasks if t.units(Role.RESPONSIBLE)]
        assert [6, 18, 19] == sole
        for number in sole:
            task = plan.task(number)
            assert () == task.units(Role.LEAD)
            assert () == task.units(Role.COOPERATING)
            assert ("education-sports",) == task.owners

    def test_prefix_distributes(self, plan: Plan) -> None:
        """A fragment after 县…、 or 县委…、 names the unit with the prefix."""
        for fragment, name in DISTRIBUTED.items():
            assert name == plan.unit(fragment).name

    def test_every_registered_unit_is_used_or_a_member(self, plan: Plan) -> None:
        """Every unit in the registry holds a responsibility or is a member of a collective."""
        used = {r.unit for t in plan.tasks for r in t.responsibilities}
        members = {m for u in plan.units for m in u.members}
        assert set() == {u.id for u in plan.units} - used - members


class TestUnits:
    def test_counts(self, plan: Plan) -> None:
        """26 bodies named in the task lists, one collective and its 7 members."""
        kinds = Counter(u.kind for u in plan.units)
        assert 34 == len(plan.units)
        assert 1 == kinds[UnitKind.COLLECTIVE]
        assert 5 == kinds[UnitKind.TOWNSHIP]
        assert 2 == kinds[UnitKind.FARM]

    def test_ids_are_ascii_kebab_case(self, plan: Plan) -> None:
        """Unit ids are lowercase ASCII words joined by hyphens."""
        for unit in plan.units:
            assert unit.id.isascii()
            assert all(part.isalnum() and part.islower() for part in unit.id.split("-")), unit.id

    def test_education_bureau(self, plan: Plan) -> None:
        """县教体局 has its full name and the 领导小组办公室 it houses as an alias."""
        unit = plan.unit("education-sports")
        assert "县教体局" == unit.name
        assert "贺兰县教育体育局" == unit.full_name
        assert unit is plan.unit("县委教育工作领导小组办公室")

    def test_united_front_with_ethnic_religious_affairs(self, plan: Plan) -> None:
        """县委统战部（民宗局） and 民宗局 are the one unit 县委统战部."""
        assert "united-front" == plan.unit("县委统战部（民宗局）").id
        assert "united-front" == plan.unit("民宗局").id

    def test_youth_league_full_name(self, plan: Plan) -> None:
        """团县委 is 共青团贺兰县委员会."""
        assert "共青团贺兰县委员会" == plan.unit("团县委").full_name

    def test_kinds_of_special_units(self, plan: Plan) -> None:
        """The street office, the two schools and the collective have their own kinds."""
        assert UnitKind.SUBDISTRICT == plan.unit("富兴街道办").kind
        assert UnitKind.SCHOOL == plan.unit("青松职业技术学校").kind
        assert UnitKind.EXTERNAL == plan.unit("宁夏交通学校").kind
        assert UnitKind.COLLECTIVE == plan.unit("各乡镇场").kind

    def test_townships_and_farms_collective(self, plan: Plan) -> None:
        """各乡镇场 expands to the county's five towns and townships and its two farms."""
        members = [plan.unit(m) for m in plan.expand("townships-and-farms")]
        expected = ["习岗镇", "金贵镇", "立岗镇", "洪广镇", "常信乡", "南梁台子管委会", "暖泉农场"]
        assert expected == [m.name for m in members]
        assert {UnitKind.TOWNSHIP, UnitKind.FARM} == {m.kind for m in members}

    def test_spellings_are_unique(self, plan: Plan) -> None:
        """No name, full name or alias belongs to two units."""
        spellings = [s for u in plan.units for s in u.spellings]
        assert len(spellings) == len(set(spellings))


class TestTargets:
    def test_counts_by_kind(self, plan: Plan) -> None:
        """52 targets: 17 cumulative, 11 level, 4 range, 10 recurring, 5 milestone, 5 qualitative."""
        kinds = Counter(t.kind for _, t in plan.iter_targets())
        expected = {"cumulative": 17, "level": 11, "range": 4, "recurring": 10, "milestone": 5, "qualitative": 5}
        assert expected == dict(kinds)

    def test_tasks_with_targets(self, plan: Plan) -> None:
        """Tasks 14, 18 and 19 state no checkable target; every other task has at least one."""
        assert [14, 18, 19] == [t.number for t in plan.tasks if not t.targets]

    def test_ids_follow_task_and_text_order(self, plan: Plan) -> None:
        """Target ids are T{task:02d}-{n}, n counting from 1 in each task."""
        for task in plan.tasks:
            expected = [f"T{task.number:02d}-{n}" for n in range(1, len(task.targets) + 1)]
            assert expected == [t.id for t in task.targets]

    @pytest.mark.parametrize("row", TARGET_SAMPLE, ids=[row[0] for row in TARGET_SAMPLE])
    def test_sample(self, plan: Plan, row: tuple[Any, ...]) -> None:
        """The sampled target has the kind, amounts, unit of measure, recurrence and deadline of the text."""
        target_id, kind, metric, quantity, minimum, maximum, comparator, uom, every, interval, deadline = row
        _, target = plan.target(target_id)
        assert kind == target.kind
        assert metric == target.metric
        assert (None if quantity is None else Decimal(quantity)) == target.quantity
        assert (None if minimum is None else Decimal(minimum)) == target.minimum
        assert (None if maximum is None else Decimal(maximum)) == target.maximum
        assert (None if comparator is None else Comparator(comparator)) == target.comparator
        assert uom == target.unit_of_measure
        if every is None:
            assert target.recurrence is None
        else:
            assert target.recurrence is not None
            assert PeriodKind(every) == target.recurrence.every
            assert interval == target.recurrence.interval
        assert deadline == target.deadline

    def test_relative_wage_target(self, plan: Plan) -> None:
        """教师平均工资收入水平不低于公务员 is a level target relative to 公务员平均工资收入水平, with no quantity."""
        _, target = plan.target("T16-1")
        assert "level" == target.kind
        assert Comparator.GE == target.comparator
        assert "公务员平均工资收入水平" == target.relative_to
        assert target.quantity is None

    def test_five_hundred_percents(self, plan: Plan) -> None:
        """The 5个100% of task 20 are five level targets of 100%."""
        targets = plan.task(20).targets
        assert ["培训机构全面纳入", "预收费用全面监管", "学生信息全面采集", "日常监管全面使用", "应急处置全面应用"] == [
            t.metric for t in targets
        ]
        assert {("level", Decimal(100), "%")} == {(t.kind, t.quantity, t.unit_of_measure) for t in targets}

    def test_recurring_targets_have_no_deadline(self, plan: Plan) -> None:
        """Recurring targets carry a recurrence and no deadline; all others have a deadline and no recurrence."""
        for _, target in plan.iter_targets():
            if target.kind == "recurring":
                assert (target.recurrence is not None, target.deadline) == (True, None), target.id
            else:
                assert (target.recurrence, target.deadline) == (None, END), target.id

    def test_sources_are_quotes_of_the_task(self, plan: Plan) -> None:
        """Every target's source is a verbatim quote of its task's paragraph."""
        for task, target in plan.iter_targets():
            assert target.source is not None
            assert target.source in f"{task.title}。{task.text}", target.id

    def test_owners_default_to_the_task(self, plan: Plan) -> None:
        """No target names its own owners: they are the task's leads (or sole responsible unit)."""
        for task, target in plan.iter_targets():
            assert () == target.owners
            assert task.owners == task.target_owners(target)


class TestTypes:
    def test_amounts_are_decimals(self, plan: Plan) -> None:
        """Every quantity, minimum, maximum and weight is a Decimal, and no float appears anywhere."""
        amounts = {"quantity", "minimum", "maximum", "weight", "value"}
        for path, value in _leaves(plan):
            assert not isinstance(value, float), path
            if path.rsplit(".", 1)[-1] in amounts and value is not None:
                assert Decimal is type(value), path

    def test_dates_are_pendulum_dates(self, plan: Plan) -> None:
        """Every date in the plan is a pendulum.Date (not a datetime.date, not a date-time)."""
        dates = [(path, value) for path, value in _leaves(plan) if isinstance(value, dt.date)]
        assert len(dates) >= 3
        for path, value in dates:
            assert pendulum.Date is type(value), path

    def test_targets_are_targets(self, plan: Plan) -> None:
        """Targets load as Target objects."""
        assert all(isinstance(t, Target) for _, t in plan.iter_targets())


class TestFiles:
    def test_example_is_a_copy_of_the_package_data(self) -> None:
        """examples/helan/plan.yaml is byte-identical to the packaged dataset."""
        assert datasets.path("helan").read_bytes() == EXAMPLE.read_bytes()

    def test_package_data_is_canonical(self, plan: Plan) -> None:
        """Writing the loaded plan gives the packaged file back byte for byte."""
        assert datasets.path("helan").read_text(encoding="utf-8") == dumps_plan(plan, "yaml")

    def test_template_loads(self) -> None:
        """The county template is a valid plan with a target of each built-in kind and a collective."""
        template = loads_plan(TEMPLATE.read_text(encoding="utf-8"), "yaml", source=str(TEMPLATE))
        kinds = {t.kind for _, t in template.iter_targets()}
        assert {"cumulative", "level", "range", "recurring", "milestone", "qualitative"} == kinds
        roles = {r.role for t in template.tasks for r in t.responsibilities}
        assert {Role.LEAD, Role.COOPERATING, Role.RESPONSIBLE} == roles
        assert any(u.is_collective for u in template.units)
