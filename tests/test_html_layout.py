"""The HTML layout: the embeddable fragment, empty views, the title once, minimum column widths, grade colours."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from edu_plan import datasets
from edu_plan._assessment import Scorecard, Veto
from edu_plan.plugins.render import HTML, HtmlRenderer, stylesheet
from edu_plan.views import Bar, BarChart, BarGroup, Cell, Column, View, build
from edu_plan.views._score import grades_best_first

FRAGMENT = HtmlRenderer(fragment=True)


def _selectors(css: str) -> list[str]:
    """Every selector of a style sheet, the @media wrappers taken off."""
    out = []
    for block in re.findall(r"([^{}]+)\{[^{}]*\}", re.sub(r"@media[^{]*\{", "", css)):
        out += [s.strip() for s in block.split(",") if s.strip()]
    return out


def _scores(*bars: Bar, grades: tuple[str, ...] = ("优秀", "良好", "合格", "不合格")) -> View:
    chart = BarChart(title="单位得分", groups=(BarGroup(label="部门", bars=bars),), grades=grades)
    return View(name="scorecards", title="得分", columns=(Column(key="u", label="单位"),),
                rows=((Cell(value="甲"),),), charts=(chart,))


def _bar(label: str, total: str, grade: str, *, vetoed: bool = False) -> Bar:
    return Bar(label=label, value=Decimal(total), maximum=Decimal(100), text=f"{total} {grade}", grade=grade,
               vetoed=vetoed)


def _fills(page: str, label: str) -> list[str]:
    """The fills of the rects in the bar of ``label`` (background first, then the bar)."""
    item = re.search(rf'<span class="edu-plan-bar-label">{label}</span>(<svg.*?</svg>)', page)
    assert item is not None
    return re.findall(r'<rect [^>]*fill="(#[0-9a-f]+)"', item.group(1))


class TestFragment:
    def test_no_page_around_it(self) -> None:
        """The fragment is one <div class="edu-plan">: no doctype, <html>, <head>, <body>, <meta> or CSP."""
        text = FRAGMENT.render(build("workload", datasets.load("helan")))
        assert text.startswith('<div class="edu-plan">\n')
        assert text.rstrip().endswith("</div>")
        assert [] == re.findall(r"<(?:!doctype|html|head|body|meta)\b", text, flags=re.I)
        assert "content-security-policy" not in text.lower()

    def test_every_style_rule_scoped(self) -> None:
        """Every selector of the fragment's <style> starts with .edu-plan: nothing styles the host page."""
        text = FRAGMENT.render(build("workload", datasets.load("helan")))
        (css,) = re.findall(r"<style>(.*?)</style>", text, flags=re.S)
        selectors = _selectors(css)
        assert len(selectors) > 30
        assert [] == [s for s in selectors if not s.startswith(".edu-plan")]

    def test_every_class_prefixed(self) -> None:
        """Every class the fragment uses starts with edu-plan (edu-plan itself for the wrapper)."""
        text = FRAGMENT.render(build("workload", datasets.load("helan")))
        classes = {c for attr in re.findall(r'class="([^"]*)"', text) for c in attr.split()}
        assert classes
        assert set() == {c for c in classes if not c.startswith("edu-plan")}

    def test_without_style(self) -> None:
        """style=False leaves the <style> out; stylesheet() gives the same scoped rules for the host to serve."""
        text = HtmlRenderer(fragment=True, style=False).render(build("workload", datasets.load("helan")))
        assert "<style" not in text
        assert stylesheet() in FRAGMENT.render(build("workload", datasets.load("helan")))

    def test_page_rules_only_in_the_page(self) -> None:
        """The whole page keeps its global rules (body, @page) and CSP; the fragment has neither."""
        views = build("workload", datasets.load("helan"))
        page, fragment = HTML.render(views), FRAGMENT.render(views)
        assert [True, True, True] == [word in page for word in ("@page", "body{", "Content-Security-Policy")]
        assert [False, False] == [word in fragment for word in ("@page", "body{")]


class TestLayout:
    def test_empty_view_says_none(self, chinese: None) -> None:
        """A view without rows shows 无 and no table (no bare borders)."""
        view = View(name="behind", title="进度滞后单位", columns=(Column(key="u", label="单位"),), rows=())
        text = HTML.render([view])
        assert '<p class="edu-plan-empty">无</p>' in text
        assert "<table" not in text

    def test_single_view_title_once(self) -> None:
        """One view: its title is the page's h1 and no h2 repeats it."""
        text = HTML.render(build("responsibilities", datasets.load("helan")))
        body = text.split("<body>", 1)[1]
        assert 1 == body.count("<h1>")
        assert "<h2>" not in body

    def test_several_views_keep_their_headings(self) -> None:
        """Two views under a title: one h1 (the title), one h2 per view."""
        plan = datasets.load("helan")
        text = HTML.render([*build("responsibilities", plan), *build("workload", plan)], title="贺兰")
        assert (1, 2) == (text.count("<h1>"), text.count("<h2>"))

    def test_text_columns_have_a_minimum_width(self, chinese: None) -> None:
        """责任清单: 序号 2 em (its header), 重点任务 6 em (up to 15 characters), 牵头单位 6 em (up to 10),
        配合单位 12 em (up to 44), 责任单位 4 em (县教体局), 主要目标 12 em (prose), 完成时限 4 em (its header)."""
        text = HTML.render(build("responsibilities", datasets.load("helan")))
        minima = re.findall(r'<th scope="col"><span class="edu-plan-min-(\d+)">', text)
        assert ["2", "6", "6", "12", "4", "12", "4"] == minima


class TestGradeColours:
    def test_each_grade_its_colour(self) -> None:
        """优秀 green #2e7d32, 良好 blue #2166ac, 合格 amber #f2a900, 不合格 red #c62828 (after the grey track)."""
        page = HTML.render([_scores(_bar("甲", "95", "优秀"), _bar("乙", "85", "良好"), _bar("丙", "70", "合格"),
                                    _bar("丁", "57.64", "不合格"))])
        assert ["#e5e7eb", "#2e7d32"] == _fills(page, "甲")
        assert ["#e5e7eb", "#2166ac"] == _fills(page, "乙")
        assert ["#e5e7eb", "#f2a900"] == _fills(page, "丙")
        assert ["#e5e7eb", "#c62828"] == _fills(page, "丁")

    def test_veto_grey_hatched_and_badged(self, chinese: None) -> None:
        """A vetoed bar is grey (#9e9e9e) with hatching strokes and a 否决 badge after 83.74 不合格."""
        page = HTML.render([_scores(_bar("常信乡", "83.74", "不合格", vetoed=True))])
        assert ["#e5e7eb", "#9e9e9e"] == _fills(page, "常信乡")
        assert '<path d="M0 10L5 0' in page
        assert '83.74 不合格<span class="edu-plan-badge">否决</span>' in page
        assert "一票否决" in page  # the legend names the hatching

    def test_label_whole(self) -> None:
        """The value label is HTML text, whole: 57.64 不合格, never cut to fit a drawing."""
        page = HTML.render([_scores(_bar("县人社局", "57.64", "不合格"))])
        assert '<span class="edu-plan-bar-text">57.64 不合格</span>' in page

    def test_legend_lists_the_grades(self) -> None:
        """The legend has the grades best first, each after its swatch."""
        page = HTML.render([_scores(_bar("甲", "95", "优秀"))])
        legend = re.search(r'<ul class="edu-plan-legend">(.*?)</ul>', page)
        assert legend is not None
        assert ["优秀", "良好", "合格", "不合格"] == re.findall(r"</svg>([^<]+)</li>", legend.group(1))


class TestGradesBestFirst:
    @staticmethod
    def _card(unit: str, total: str, grade: str, *, vetoed: bool = False) -> Scorecard:
        return Scorecard(unit=unit, unit_name=unit, peer_group="部门", total=Decimal(total), max_points=Decimal(100),
                         grade=grade, vetoes=(Veto(rule="安全", reason="事故"),) if vetoed else ())

    def test_by_the_best_total_without_a_veto(self) -> None:
        """优秀 95, 良好 82, 合格 70, and 不合格 held only under a veto at 85: 优秀, 良好, 合格, 不合格."""
        cards = [self._card("a", "70", "合格"), self._card("b", "85", "不合格", vetoed=True),
                 self._card("c", "95", "优秀"), self._card("d", "82", "良好")]
        assert ("优秀", "良好", "合格", "不合格") == grades_best_first(cards)

    def test_a_veto_does_not_lift_a_grade(self) -> None:
        """不合格 earned at 50 and forced at 99 by a veto ranks by the 50: below 合格 at 65."""
        cards = [self._card("a", "50", "不合格"), self._card("b", "99", "不合格", vetoed=True),
                 self._card("c", "65", "合格")]
        assert ("合格", "不合格") == grades_best_first(cards)


@pytest.mark.parametrize("fragment", [False, True])
def test_same_views_same_text(fragment: bool) -> None:
    """The page and the fragment have no clock or random id: the same views give the same text."""
    renderer = HtmlRenderer(fragment=fragment)
    views = build("responsibilities", datasets.load("helan"))
    assert renderer.render(views) == renderer.render(views)


class TestCli:
    def test_fragment_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`render … --format html --fragment` prints the fragment: it starts with <div class="edu-plan">."""
        from edu_plan.cli import main

        assert 0 == main(["render", "helan", "--view", "workload", "--format", "html", "--fragment"])
        assert capsys.readouterr().out.startswith('<div class="edu-plan">\n<style>')

    def test_fragment_needs_html(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--fragment` with the table format is refused, naming the format given (exit status 1)."""
        from edu_plan.cli import main

        assert 1 == main(["render", "helan", "--view", "workload", "--fragment"])
        assert "--fragment is for the html format (got --format table)" in capsys.readouterr().err
