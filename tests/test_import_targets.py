"""Reading targets out of plan sentences: numbers, measure words, ranges, comparators, recurrences, deadlines."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from edu_plan import Comparator, PeriodKind
from edu_plan._numbers import parse_number, parse_quantity
from edu_plan.plugins.importers import extract_targets


class TestNumbers:
    @pytest.mark.parametrize(("text", "value"), [
        ("3600", "3600"), ("3 600", "3600"), ("３６００", "3600"), ("92.5", "92.5"), ("两", "2"), ("十", "10"),
        ("十五", "15"), ("三千六百", "3600"), ("一万二千", "12000"), ("九十二点五", "92.5"), ("万", "10000"),
    ])
    def test_values(self, text: str, value: str) -> None:
        """Arabic (with stray spaces, full-width digits) and Chinese numerals read to the same Decimal."""
        assert Decimal(value) == parse_number(text)

    def test_not_a_number(self) -> None:
        """Words are not numbers."""
        assert parse_number("学位") is None


class TestKinds:
    def test_parallel_cumulative(self) -> None:
        """新增幼儿园10所，新增学位3600个 gives two cumulative targets, each with its own metric."""
        targets, _ = extract_targets("新增幼儿园10所，新增学位3600个。")
        assert [("cumulative", "新增幼儿园", Decimal(10), "所"), ("cumulative", "新增学位", Decimal(3600), "个")] == [
            (t.kind, t.metric, t.quantity, t.unit_of_measure) for t in targets]

    def test_list_with_dun(self) -> None:
        """打造学校10所、基地5个: the words between two numbers name the second; the verb carries over."""
        targets, _ = extract_targets("打造劳动教育示范学校 10 所、自治区级劳动教育实践基地 5 个。")
        assert ["打造劳动教育示范学校", "打造自治区级劳动教育实践基地"] == [t.metric for t in targets]

    @pytest.mark.parametrize("dash", ["—", "–", "-", "～", "至", "到"])
    def test_range(self, dash: str) -> None:
        """2—3名 (any dash, 至 or 到) is a range from 2 to 3."""
        targets, _ = extract_targets(f"培养造就2{dash}3名教育家型校长。")
        assert [("range", Decimal(2), Decimal(3), "名")] == [(t.kind, t.minimum, t.maximum, t.unit_of_measure)
                                                            for t in targets]

    @pytest.mark.parametrize(("text", "comparator", "approximate"), [
        ("覆盖率达到92%以上", Comparator.GE, False), ("覆盖率不低于92%", Comparator.GE, False),
        ("辍学率控制在1%以下", Comparator.LE, False), ("辍学率不超过1%", Comparator.LE, False),
        ("巩固率达到92%左右", Comparator.GE, True),
    ])
    def test_level_comparators(self, text: str, comparator: Comparator, approximate: bool) -> None:
        """A share is a level; 以上/不低于 mean ≥, 以下/不超过 mean ≤, 左右 marks it approximate."""
        targets, _ = extract_targets(text)
        assert [("level", Decimal(92) if "92" in text else Decimal(1), comparator, approximate)] == [
            (t.kind, t.quantity, t.comparator, t.approximate) for t in targets]

    def test_relative(self) -> None:
        """不低于公务员平均工资收入水平 is a level relative to another value, with no number."""
        targets, _ = extract_targets("确保义务教育教师平均工资收入水平不低于公务员平均工资收入水平。")
        assert [("义务教育教师平均工资收入水平", "公务员平均工资收入水平", Comparator.GE)] == [
            (t.metric, t.relative_to, t.comparator) for t in targets]


class TestRecurrences:
    @pytest.mark.parametrize(("text", "every", "interval"), [
        ("每学期组织一次大家访", PeriodKind.SEMESTER, 1), ("每学年进行一次排查", PeriodKind.SCHOOL_YEAR, 1),
        ("每年开展一次隐患排查整治", PeriodKind.YEAR, 1), ("每 3 年调整一次布局规划", PeriodKind.YEAR, 3),
        ("每两年开展一次质量监测", PeriodKind.YEAR, 2), ("每季度通报一次进展", PeriodKind.QUARTER, 1),
    ])
    def test_every(self, text: str, every: PeriodKind, interval: int) -> None:
        """每学期 / 每学年 / 每年 / 每3年 / 每两年 / 每季度 give the recurrence; 一次 is the count, no deadline."""
        targets, _ = extract_targets(text, issue_year=2023)
        assert [("recurring", Decimal(1), every, interval, None)] == [
            (t.kind, t.quantity, t.recurrence.every, t.recurrence.interval, t.deadline) for t in targets
            if t.recurrence is not None]

    def test_cycle_of_everyone(self) -> None:
        """5年一周期的全员轮训: every member once per 5-year cycle counted from the issue year (100%)."""
        targets, _ = extract_targets("开展5年一周期的中小学（幼儿园）全员轮训。", issue_year=2023)
        assert 1 == len(targets)
        recurrence = targets[0].recurrence
        assert recurrence is not None
        assert (Decimal(100), "%", 5, "2023") == (targets[0].quantity, targets[0].unit_of_measure,
                                                  recurrence.interval, str(recurrence.anchor))


class TestDeadlines:
    def test_deadline_forms(self) -> None:
        """到2027年 → 2027-12-31, 2025年底前 → 2025-12-31, 2025年6月底前 → 2025-06-30; none otherwise."""
        targets, _ = extract_targets("到2027年，新增幼儿园10所。2025年底前建成示范校3所。2025年6月底前培训教师200名。"
                                     "新增学位100个。")
        assert [pendulum.Date(2027, 12, 31), pendulum.Date(2025, 12, 31), pendulum.Date(2025, 6, 30), None] == [
            t.deadline for t in targets]

    def test_year_without_deadline_word(self) -> None:
        """A year that is not a deadline (2024年起) gives none."""
        targets, _ = extract_targets("2024年起新增学位100个。")
        assert [None] == [t.deadline for t in targets]


class TestSlogans:
    def test_five_hundred_percent(self) -> None:
        """“5个100%” explained by the five items before it gives five 100% levels."""
        targets, _ = extract_targets("实现甲全面纳入、乙全面监管、丙全面采集、丁全面使用、戊全面应用“5个100%”。")
        assert ["甲全面纳入", "乙全面监管", "丙全面采集", "丁全面使用", "戊全面应用"] == [t.metric for t in targets]
        assert {(Decimal(100), "%", "level")} == {(t.quantity, t.unit_of_measure, t.kind) for t in targets}

    def test_slogan_that_does_not_add_up(self) -> None:
        """“3个100%” after two items gives no target (the text does not explain it)."""
        targets, _ = extract_targets("实现甲全面纳入、乙全面监管“3个100%”。")
        assert [] == targets

    def test_bandwidth(self) -> None:
        """万兆到县、千兆入校、百兆进班 is 10000, 1000 and 100 Mbps."""
        targets, _ = extract_targets("实现教育网络万兆到县、千兆入校、百兆进班。")
        assert [Decimal(10000), Decimal(1000), Decimal(100)] == [t.quantity for t in targets]
        assert ["教育网络到县带宽", "教育网络入校带宽", "教育网络进班带宽"] == [t.metric for t in targets]


class TestNotTargets:
    @pytest.mark.parametrize("text", [
        "“一人一案”建立学生心理健康档案。", "加强“三名”工作室建设。",
        "县委教育工作领导小组 2023 年第 1 次会议研究通过。",
        "着力打造一支政治过硬的队伍。", "完善“四位一体”的服务机制。", "将铸牢中华民族共同体意识厚植每个孩子心灵深处。",
    ])
    def test_words_with_numbers(self, text: str) -> None:
        """Slogans, quoted numbers, ordinals and 一 as a word give no target."""
        targets, _ = extract_targets(text)
        assert [] == targets

    def test_missed_commitment_is_reported(self) -> None:
        """A number with no measure word after it is reported as a missed commitment, not dropped silently."""
        targets, missed = extract_targets("力争覆盖率提高15。")
        assert [] == targets
        assert ["力争覆盖率提高15"] == [m.source for m in missed]

    def test_source_sentence_kept(self) -> None:
        """Each target keeps the sentence it came from."""
        targets, _ = extract_targets("到 2027 年，全县普惠性幼儿园覆盖率达到 92%以上，新增自治区示范园 5 个。")
        sentence = "到 2027 年，全县普惠性幼儿园覆盖率达到 92%以上，新增自治区示范园 5 个"
        assert {sentence} == {t.source for t in targets}


def _one(text: str) -> tuple[object, ...]:
    targets, _ = extract_targets(text, issue_year=2025)
    assert 1 == len(targets), targets
    t = targets[0]
    return (t.kind, t.quantity, t.unit_of_measure, t.comparator, t.recurrence, t.deadline)


class TestQuantities:
    @pytest.mark.parametrize(("text", "value"), [
        ("1万", "10000"), ("1.5万", "15000"), ("15万", "150000"), ("2亿", "200000000"), ("三十", "30"),
        ("87.75万", "877500"), ("400", "400"),
    ])
    def test_parse_quantity(self, text: str, value: str) -> None:
        """An Arabic number times 万 or 亿 is exact; other numbers read as parse_number reads them."""
        assert Decimal(value) == parse_quantity(text)

    def test_wan_before_measure_word(self) -> None:
        """服务15万名学生 is 150000名; 培训1万名左右教师 is 10000名, approximate."""
        assert ("cumulative", Decimal(150000), "名", Comparator.GE, None, None) == _one("服务15万名学生")
        targets, _ = extract_targets("培训1万名左右教师")
        assert [(Decimal(10000), True)] == [(t.quantity, t.approximate) for t in targets]

    def test_wan_yuan_stays_a_measure_word(self) -> None:
        """超过400万元 is 400 of the measure word 万元, not 4000000元."""
        assert ("cumulative", Decimal(400), "万元", Comparator.GT, None, None) == _one("投资超过400万元")

    def test_wan_person_times(self) -> None:
        """每年培训1.5万人次: 15000 人次 every year (人次 whole, not 人 then 次)."""
        targets, _ = extract_targets("每年开展农村实用技术培训1.5万人次")
        assert [("recurring", Decimal(15000), "人次")] == [(t.kind, t.quantity, t.unit_of_measure) for t in targets]

    def test_chinese_one_with_comparator(self) -> None:
        """不少于一名 is a count of one (一 alone stays a word: 一支队伍)."""
        assert ("level", Decimal(1), "名", Comparator.GE, None, None) == _one("每所学校配备不少于一名专职心理教师")
        assert [] == extract_targets("建设一支高素质教师队伍")[0]

    def test_length_of_time(self) -> None:
        """不超过三年 is a level of at most 3 年; 不少于6个月 at least 6 个月."""
        assert ("level", Decimal(3), "年", Comparator.LE, None, None) == _one("挂职时间不超过三年")
        assert ("level", Decimal(6), "个月", Comparator.GE, None, None) == _one("企业实践累计不少于6个月")

    def test_one_each(self) -> None:
        """一村两名 is a level per village (2名 each), not 2 in all."""
        assert ("level", Decimal(2), "名", Comparator.GE, None, None) == _one("选派大学生村官一村两名")

    def test_per_unit_of_measure(self) -> None:
        """3000元/公里 keeps its per-unit and is a level."""
        assert ("level", Decimal(3000), "元/公里") == _one("补助标准为3000元/公里")[:3]


class TestLevelsNotCounts:
    def test_per_student(self) -> None:
        """生均图书不低于35册 is a level per student, not 35 books in all."""
        assert ("level", Decimal(35), "册", Comparator.GE, None, None) == _one("生均图书不低于35册")

    def test_yearly_share(self) -> None:
        """每年…比例不低于15% is a level held every year, not a recurring count of 15."""
        assert ("level", Decimal(15), "%", Comparator.GE, None, None) == _one("每年交流轮岗教师比例不低于15%")

    def test_per_student_per_year(self) -> None:
        """每生每年不低于600元 is a level (per student, every year)."""
        assert ("level", Decimal(600), "元", Comparator.GE, None, None) == _one("生均公用经费每生每年不低于600元")

    def test_yearly_count_stays_recurring(self) -> None:
        """每年招聘教师30名 stays a recurring count: no share, no per-head word."""
        assert "recurring" == _one("每年招聘教师30名")[0]


class TestPublishedDeadlines:
    def test_deadline_in_later_clause(self) -> None:
        """…达到80%以上，2025年底前完成: the later clause without a quantity gives the deadline."""
        assert pendulum.Date(2025, 12, 31) == _one("普惠性幼儿园覆盖率达到80%以上，2025年底前完成")[5]

    def test_later_clause_with_its_own_quantity(self) -> None:
        """…达到80%，到2027年达到90%: the 2027 deadline is the second number's, not the first's."""
        targets, _ = extract_targets("覆盖率达到80%，到2027年达到90%", issue_year=2025)
        assert [None, pendulum.Date(2027, 12, 31)] == [t.deadline for t in targets]

    def test_deadline_without_quantity(self) -> None:
        """到2030年…应装尽装 is a milestone due by the end of 2030."""
        assert ("milestone", None, None, None, None, pendulum.Date(2030, 12, 31)) == _one(
            "到2030年，新建住宅小区应装尽装")

    def test_year_without_completion_is_no_milestone(self) -> None:
        """2024年起开展试点 names a year, no deadline and no completion: no target."""
        assert [] == extract_targets("2024年起开展试点工作")[0]


class TestCommitmentsNotTargets:
    @pytest.mark.parametrize("text", ["推行生活垃圾二次分拣", "树立1+2+3工作理念", "做到“四个到位”", "做到四个到位",
                                      "实现义务教育学校网络全覆盖"])
    def test_slogans_and_ordinals(self, text: str) -> None:
        """Ordinals, slogans and 实现…全覆盖 without a quantity become no target."""
        assert [] == extract_targets(text)[0]

    def test_full_coverage_commitment_listed(self) -> None:
        """实现…全覆盖 is listed as a commitment not turned into a target."""
        _, missed = extract_targets("实现义务教育学校网络全覆盖")
        assert 1 == len(missed)

    def test_counted_ordinal_word_kept(self) -> None:
        """新建三个实训基地 is a count: a Chinese numeral before 个 and a noun is no slogan when it is the object."""
        assert Decimal(3) == _one("新建实训基地三个")[1]
