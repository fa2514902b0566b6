"""Every view and every explanation in both languages; the forms people read; the plan's own words.

Chinese is the default of everything a person reads (issue 10): a view built with no option set has
no English word beyond ids (unit ids, scorer names) and the plan's own data; built with ``lang="en"``
it has none of the house vocabulary (责任清单, 牵头, 完成时限, 截至…).
"""

from __future__ import annotations

import html
import importlib.util
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pendulum
import pytest

from edu_plan import Period, Plan, datasets
from edu_plan._assessment import Percent, Step
from edu_plan._i18n import use_language
from edu_plan.plugins.scoring import load_scheme
from edu_plan.progress import ProgressLog, load_progress
from edu_plan.views import VIEW_NAMES, BarChart, HeatMap, LightGrid, ProgressBars, View, build, responsibility_list

ROOT = Path(__file__).resolve().parent.parent
HELAN = ROOT / "examples" / "helan"
SCHEMES = {"pace": None, "attainment": {"scorer": "attainment"}, "efficiency": HELAN / "scheme.toml"}

# The house vocabulary, written by hand: none of it may appear in English output.
VOCABULARY = ("责任清单", "工作台账", "进展情况通报", "考核得分", "得分明细", "整改清单", "目标指标清单", "牵头单位",
              "配合单位", "责任单位", "完成时限", "截至", "学年", "学期", "未报送", "按期推进", "部分完成", "未完成",
              "说明", "序号", "等次", "满分", "一票否决", "加分", "扣分", "评分方法", "进度滞后", "单位任务分工",
              "红绿灯", "累计", "水平", "区间", "里程碑", "定性", "最新值", "按进度折算", "分值", "折算为",
              "合格", "部门")
LATIN = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def helan() -> Plan:
    return datasets.load("helan")


@pytest.fixture(scope="module")
def progress(helan: Plan) -> ProgressLog:
    return load_progress(HELAN / "progress-2023-2024.csv", plan=helan)


def _plan_words(plan: Plan) -> set[str]:
    """The Latin words the plan's own data holds (unit ids, measure words such as Mbps, names such as AI)."""
    texts: list[str] = [plan.id, plan.title]
    for unit in plan.units:
        texts += [unit.id, unit.name, *unit.aliases]
    for task in plan.tasks:
        texts += [task.title, task.text or ""]
        for target in task.targets:
            texts += [target.metric, target.text or "", target.source or "", target.unit_of_measure or ""]
    return {word for text in texts for word in LATIN.findall(text)}


def _scheme_ids() -> set[str]:
    """The words of the rule ids of the example scheme (safety-incident…), shown in the 一票否决 column."""
    text = (HELAN / "scheme.toml").read_text(encoding="utf-8")
    return {word for rule in re.findall(r'^id = "([^"]+)"', text, re.M) for word in LATIN.findall(rule)}


def _texts(view: View) -> Iterator[str]:
    """Every string a person reads in ``view``: title, subtitle, headers, cells as shown, notes, charts."""
    yield from (view.title, view.subtitle, *view.headers, *view.notes)
    for row in view.shown_texts():
        yield from row
    for chart in view.charts:
        yield chart.title
        if isinstance(chart, ProgressBars):
            yield from (t for bar in chart.bars for t in (bar.label, bar.text))
        elif isinstance(chart, BarChart):
            yield from (t for group in chart.groups for t in (group.label, *(b.text for b in group.bars)))
        elif isinstance(chart, LightGrid):
            yield from (*chart.rows, *(tip for tips in chart.tips for tip in tips))
        elif isinstance(chart, HeatMap):
            yield from (text for _value, text in chart.legend)


def _views(plan: Plan, progress: ProgressLog, scheme_name: str, lang: str) -> list[View]:
    scheme: Any = SCHEMES[scheme_name]
    if isinstance(scheme, Path):
        scheme = load_scheme(scheme)[1]
    views: list[View] = []
    for name in VIEW_NAMES:
        views += build(name, plan, progress=progress, period=Period.parse("2024"), scheme=scheme, lang=lang)
    return views


@pytest.mark.parametrize("scheme_name", sorted(SCHEMES))
def test_chinese_views_have_no_english_word_beyond_ids(helan: Plan, progress: ProgressLog, scheme_name: str) -> None:
    """Every view of Helan (VIEW_NAMES, example progress, each scorer) in Chinese: the only Latin words are the
    plan's own (unit ids such as education-sports, Mbps) and the scorer's name (评分方法：pace).

    Expected: no other Latin word, by reading every title, header, shown cell, note and chart label.
    """
    allowed = _plan_words(helan) | {"pace", "attainment", "efficiency"}
    with use_language("zh"):
        found = {word for view in _views(helan, progress, scheme_name, "zh") for text in _texts(view)
                 for word in LATIN.findall(text)} - allowed - _scheme_ids()
    assert set() == found


@pytest.mark.parametrize("scheme_name", sorted(SCHEMES))
def test_english_views_have_none_of_the_chinese_vocabulary(helan: Plan, progress: ProgressLog,
                                                           scheme_name: str) -> None:
    """The same views in English: no word of the house vocabulary (责任清单, 完成时限, 截至…) outside the plan's
    own data (task titles, unit names, the scheme's rule titles are the county's words and stay as written)."""
    data = " ".join([*(u.name for u in helan.units), *(t.title + (t.text or "") for t in helan.tasks),
                     *(g.metric + (g.text or "") + (g.source or "") for _t, g in helan.iter_targets()),
                     (HELAN / "scheme.toml").read_text(encoding="utf-8"), helan.title])
    words = [w for w in VOCABULARY if w not in data]
    with use_language("en"):
        views = _views(helan, progress, scheme_name, "en")
        found = {w for view in views for text in _texts(view) for w in words if w in text}
    assert set() == found
    assert "Responsibility list" == views[0].title


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("i18n_tool_views", ROOT / "tools" / "i18n.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool_views"] = module
    spec.loader.exec_module(module)
    return module


def _step_templates() -> list[str]:
    """Every explanation template: the message ids with fields marked in the kinds and the scorers."""
    found = []
    for message in _tool().extract():
        places = [path for path, _line in message.locations]
        if isinstance(message.id, str) and "{" in message.id and any(
                p.startswith(("src/edu_plan/plugins/kinds/", "src/edu_plan/plugins/scoring/")) for p in places):
            found.append(message.id)
    return sorted(set(found))


def _filled(template: str) -> Step:
    """The template with a value of each field's type: a number, a share, a date, a period."""
    values: dict[str, Any] = {}
    for _text, field, _spec, _conv in string.Formatter().parse(template):
        if field:
            values[field] = {"share": Percent(Decimal("0.5")), "deadline": pendulum.Date(2027, 12, 31),
                             "as_of": pendulum.Date(2024, 12, 31), "period": Period.parse("2024-2025-1"),
                             "start": pendulum.Date(2023, 3, 20)}.get(field, Decimal(7))
    return Step(template=template, values=values)


def test_there_are_explanation_templates_to_check() -> None:
    """The kinds and scorers mark their explanations: at least the 20 templates of the kinds and the pace scorer."""
    assert len(_step_templates()) >= 20


@pytest.mark.parametrize("template", _step_templates())
def test_every_explanation_template_reads_in_both_languages(template: str) -> None:
    """Filled with numbers, a share, dates and a period: in Chinese no Latin word (dates 2027年12月31日, the
    period 2024—2025学年第一学期), in English no Chinese character."""
    shown = _filled(template)
    with use_language("zh"):
        chinese = shown.render()
    with use_language("en"):
        english = shown.render()
    # Names quoted from the plan or scheme files stay as written there: “comparator”, 'growth', [ordinal].
    unquoted = re.sub(r"“[^”]*”|'[^']*'|\[[a-z_]+\]|\b(?:years|values)\b", "", chinese)
    assert [] == LATIN.findall(unquoted), chinese
    assert [] == CJK.findall(english), english


class TestForms:
    def test_each_view_function_takes_a_language(self, helan: Plan) -> None:
        """responsibility_list(plan, lang=…) is 责任清单 in Chinese, Responsibility list in English, whatever the
        language around the call, and the view remembers it."""
        with use_language("en"):
            chinese = responsibility_list(helan, lang="zh")
        with use_language("zh"):
            english = responsibility_list(helan, lang="en")
        assert ("责任清单", "zh", "Responsibility list", "en") == (chinese.title, chinese.lang, english.title,
                                                                  english.lang)

    def test_the_subtitle_says_as_of_in_words(self, helan: Plan, progress: ProgressLog) -> None:
        """The 2024 assessment stands on 31 December 2024: the subtitle ends 2024年（截至2024年12月31日）."""
        (view,) = build("scorecards", helan, progress=progress, period=Period.parse("2024"), lang="zh")
        assert view.subtitle.endswith(" · 2024年（截至2024年12月31日）")

    def test_the_english_subtitle(self, helan: Plan, progress: ProgressLog) -> None:
        """In English the same day reads "2024 (as of 31 December 2024)"."""
        (view,) = build("scorecards", helan, progress=progress, period=Period.parse("2024"), lang="en")
        assert view.subtitle.endswith(" · 2024 (as of 31 December 2024)")

    def test_periods_in_explanations_are_named(self, helan: Plan, progress: ProgressLog) -> None:
        """T05-2 (每学期组织一次大家访) is met in both semesters of 2023—2024: the pace-free attainment line names
        them 2023—2024学年第一学期 and 2023—2024学年第二学期, not 2023-2024-1."""
        (view,) = build("scorelines", helan, progress=progress, period=Period.parse("2024"),
                        scheme={"scorer": "attainment"}, lang="zh")
        line = next(row for row in view.rows if row[2].value == "T05-2")
        assert "2023—2024学年第一学期" in str(line[-1].value)
        assert "2023—2024学年第二学期" in str(line[-1].value)
        assert "2023-2024-1" not in str(line[-1].value)

    def test_shares_read_as_percentages(self, helan: Plan, progress: ProgressLog) -> None:
        """A score line's 完成度 is a share kept exact (0.8921 in JSON) and shown as 89.21%."""
        (view,) = build("scorelines", helan, progress=progress, period=Period.parse("2024"),
                        scheme=load_scheme(HELAN / "scheme.toml")[1], lang="zh")
        column = next(c for c in view.columns if c.key == "share")
        index = view.columns.index(column)
        row = next(r for r in view.rows if r[2].value == "T04-2" and r[0].value == "县财政局")
        assert (Decimal("0.8921"), "89.21%") == (row[index].value, row[index].shown(column))

    def test_the_bulletin_shows_completion_as_a_percentage(self, helan: Plan, progress: ProgressLog) -> None:
        """T10-2 (新增幼儿园10所): 5 new kindergartens reported by the end of 2024 are 5/10 of it, shown as 50%."""
        with use_language("zh"):
            targets_view, _behind = build("bulletin", helan, progress=progress, period=Period.parse("2024"))
            column = next(c for c in targets_view.columns if c.key == "achieved")
            index = targets_view.columns.index(column)
            row = next(r for r in targets_view.rows if r[1].value == "T10-2")
            assert ("完成度", Decimal("0.5"), "50%") == (column.label, row[index].value, row[index].shown(column))

    def test_dates_read_as_people_write_them_and_stay_typed(self, helan: Plan) -> None:
        """Task 1's 完成时限 is the date 2027-12-31 (typed, ISO in CSV) and reads 2027年12月31日."""
        with use_language("zh"):
            view = responsibility_list(helan)
            cell, column = view.rows[0][6], view.columns[6]
            assert (pendulum.Date(2027, 12, 31), "2027-12-31", "2027年12月31日") == (
                cell.value, cell.text, cell.shown(column))


class TestPlanWords:
    """Expected values copied by hand from the plan text (贺党教发〔2023〕1号, /work/shared/seed)."""

    def test_the_responsibility_list_shows_the_plans_wording(self, helan: Plan) -> None:
        """Task 10 reads as the plan writes it: 新增幼儿园10所, 新增学位3600个, not 新增幼儿园 10所以上."""
        with use_language("zh"):
            targets = responsibility_list(helan).rows[9][5].value
        assert "原则上每3年调整一次县域普惠性幼儿园布局规划；新增幼儿园10所；新增学位3600个；" \
               "全县普惠性幼儿园覆盖率达到92%以上；新增自治区示范园5个" == targets

    def test_a_recurring_task_reads_as_its_recurrence(self, helan: Plan) -> None:
        """Task 22 (加强校舍安全，每年开展一次隐患排查整治) recurs every year: its 完成时限 is 每年, not 2027-12-31."""
        with use_language("zh"):
            row = responsibility_list(helan).rows[21]
        assert ("每年开展一次隐患排查整治", "每年") == (row[5].value, row[6].value)

    def test_a_recurring_target_in_english(self, helan: Plan) -> None:
        """In English the recurrence of T10-1 (原则上每3年调整一次…) reads "every 3 years"."""
        _task, target = helan.target("T10-1")
        with use_language("en"):
            assert "every 3 years" == target.timing()

    def test_a_target_without_wording_is_described(self) -> None:
        """A target with no text of its own reads as its generated description."""
        from edu_plan import Target

        target = Target(id="X", kind="cumulative", metric="新建小学", quantity=2, unit_of_measure="所")
        assert ("新建小学 2所", "新建小学2所") == (target.wording(), attrs_evolve(target, text="新建小学2所").wording())


@pytest.fixture(scope="module")
def imported() -> Plan:
    from edu_plan.plugins.importers import import_text

    return import_text((HELAN / "plan-text.txt").read_text(encoding="utf-8"), source="plan-text.txt").plan


class TestImportedWords:
    """The text importer keeps each target's phrase as the plan writes it (examples/helan/plan-text.txt)."""

    def test_a_count_keeps_its_words(self, imported: Plan) -> None:
        """…新增幼儿园 10 所，新增学位 3600 个… gives 新增幼儿园 10 所 (spaced as the text is), not the sentence."""
        texts = [t.text for _task, t in imported.iter_targets()]
        assert "新增幼儿园 10 所" in texts
        assert "新增学位 3600 个" in texts

    def test_a_recurrence_and_a_bound_are_part_of_the_words(self, imported: Plan) -> None:
        """每学期组织一次大家访 keeps its 每学期; 覆盖率达到 92%以上 keeps its 以上."""
        texts = [t.text for _task, t in imported.iter_targets()]
        assert "每学期组织一次大家访" in texts
        assert "全县普惠性幼儿园覆盖率达到 92%以上" in texts


def attrs_evolve(target: Any, **changes: Any) -> Any:
    import attrs

    return attrs.evolve(target, **changes)


class TestCommandLine:
    """The done-when of issue 10: the score of 县财政局 and the bulletin, as a county runs them."""

    SCORE: ClassVar[list[str]] = ["score", "helan", "--progress", "examples/helan/progress-2023-2024.csv", "--scheme",
             "examples/helan/scheme.toml", "--period", "2024"]

    def _run(self, args: list[str], lang: str | None) -> str:
        import os

        env = {k: v for k, v in os.environ.items() if k != "EDU_PLAN_LANG"}
        if lang:
            env["EDU_PLAN_LANG"] = lang
        done = subprocess.run([sys.executable, "-m", "edu_plan.cli", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, check=True)
        return done.stdout

    def test_the_score_of_the_finance_bureau_is_chinese(self, helan: Plan) -> None:
        """With no option set, `score … --unit 县财政局` has no English word beyond ids and the plan's data.

        Read as the table (its title and notes) and as CSV, whose cells are not wrapped mid-word.
        """
        table = self._run([*self.SCORE, "--unit", "县财政局"], None)
        assert "考核得分明细" in table
        notes = [line for line in table.splitlines() if line and line[0] not in "┌├│└"]
        out = "\n".join([*notes, self._run([*self.SCORE, "--unit", "县财政局", "--format", "csv"], None)])
        allowed = _plan_words(helan) | {"efficiency"} | _scheme_ids()
        assert "考核得分明细" in out
        assert set() == set(LATIN.findall(out)) - allowed

    def test_the_bulletin_is_chinese(self, helan: Plan) -> None:
        """With no option set, `render helan --view bulletin` is Chinese: 进展情况通报, 截至2024年12月31日."""
        out = html.unescape(self._run(["render", *self.SCORE[1:], "--view", "bulletin", "--format", "markdown"], None))
        assert "进展情况通报" in out
        assert "截至2024年12月31日" in out
        assert set() == set(LATIN.findall(out)) - _plan_words(helan) - {"efficiency"} - _scheme_ids()

    def test_in_english_they_are_english(self) -> None:
        """With EDU_PLAN_LANG=en (what --lang en sets) the same two commands speak English."""
        score = self._run([*self.SCORE, "--unit", "县财政局"], "en")
        bulletin = self._run(["render", *self.SCORE[1:], "--view", "bulletin"], "en")
        assert "Score lines" in score
        assert "Progress bulletin" in bulletin
        assert not [w for w in ("考核得分明细", "截至", "说明", "完成时限", "牵头") if w in score + bulletin]
