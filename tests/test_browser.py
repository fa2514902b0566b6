"""The HTML report of the Helan example in a real headless Chromium: everything shows, nothing leaks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from edu_plan import Period, datasets, serialization
from edu_plan._progress import ProgressLog
from edu_plan.plugins.render import HTML, HtmlRenderer
from edu_plan.progress import load_progress
from edu_plan.views import assess, build

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
EXAMPLE_PROGRESS = ROOT / "examples" / "helan" / "progress-2023-2024.csv"
EXAMPLE_SCHEME = ROOT / "examples" / "helan" / "scheme.toml"
CHARTS = ("progress", "heatmap", "lights", "bars")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _browser_or_skip() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("EDU_PLAN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"EDU_PLAN_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}; apt-get install chromium")
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium); set EDU_PLAN_REQUIRE_BROWSER=1 to fail")


@pytest.fixture(scope="module")
def chromium() -> Any:
    """One headless Chromium for the module's pages (Playwright runs one sync session at a time)."""
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def page_report(tmp_path_factory: pytest.TempPathFactory, helan_sample_progress: ProgressLog, chromium: Any) -> Any:
    """The Helan report (plan views, ledger, bulletin, scores) opened in Chromium, with what it logged and asked for."""
    folder = tmp_path_factory.mktemp("browser")
    report = folder / "helan-report.html"
    plan = datasets.load("helan")
    period = Period.parse("2024")
    if EXAMPLE_PROGRESS.exists() and EXAMPLE_SCHEME.exists():
        # The Helan example: its illustrative progress file scored with its efficiency scheme.
        progress: ProgressLog = load_progress(EXAMPLE_PROGRESS, plan=plan)
        scheme = serialization.loads(EXAMPLE_SCHEME.read_text(encoding="utf-8"), "toml")
        assessment = assess(plan, progress, period=period, scheme=scheme)
    else:
        progress, assessment = helan_sample_progress, None
    views = build("report", plan, progress=progress, assessment=assessment, period=period)
    report.write_text(HTML.render(views, title="贺兰县教育质量提升行动 · 2024 年报告（示例数据，非真实数据）"),
                      encoding="utf-8")
    errors: list[str] = []
    requests: list[str] = []
    page = chromium.new_page(viewport={"width": 1000, "height": 800})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    yield {"page": page, "errors": errors, "requests": requests, "folder": folder}
    page.close()


def _narrow_columns(page: Any, view: str) -> list[tuple[str, float, float]]:
    """The header cells of ``view``'s table narrower than two characters: (label, width, 2 em)."""
    return [tuple(x) for x in page.evaluate(f"""() => [...document.querySelectorAll(
        'section[data-view="{view}"] th')].map(th => [th.textContent, th.getBoundingClientRect().width,
        2 * parseFloat(getComputedStyle(th).fontSize)]).filter(x => x[1] < x[2])""")]


class TestReportInBrowser:
    def test_all_22_tasks_show(self, page_report: Any) -> None:
        """The responsibility list shows 22 visible rows, tasks 1 to 22."""
        page = page_report["page"]
        rows = page.locator('section[data-view="responsibilities"] tbody tr')
        assert 22 == rows.count()
        assert [str(n) for n in range(1, 23)] == [rows.nth(i).locator("td").first.inner_text() for i in range(22)]
        assert rows.nth(21).is_visible()

    @pytest.mark.parametrize("chart", CHARTS)
    def test_every_chart_is_drawn(self, page_report: Any, chart: str) -> None:
        """Each chart (progress bars, heat map, light grid, score bars) is visible with a real size on the page."""
        figure = page_report["page"].locator(f'figure[data-chart="{chart}"]').first
        box = figure.bounding_box()
        assert figure.is_visible()
        assert box is not None
        assert box["width"] > 100
        assert box["height"] > 20
        # The drawing itself, not only the caption: SVG shapes are present.
        assert figure.locator("rect, circle").count() > 0

    def test_no_script_error(self, page_report: Any) -> None:
        """Nothing is logged as an error and no script error happens (the page has no script at all)."""
        assert [] == page_report["errors"]
        assert 0 == page_report["page"].locator("script").count()

    def test_no_outside_request(self, page_report: Any) -> None:
        """The page asks for nothing but itself: every request is a file: or data: URL."""
        assert [] == [u for u in page_report["requests"] if not u.startswith(("file:", "data:"))]

    def test_no_bar_label_clipped(self, page_report: Any) -> None:
        """Every bar's label and value (\"56.7 不合格\") shows whole: its scrollWidth is within its clientWidth."""
        page = page_report["page"]
        sizes = page.evaluate("""() => [...document.querySelectorAll('.edu-plan-bar-text, .edu-plan-bar-label')]
            .map(e => [e.textContent, e.scrollWidth, e.clientWidth])""")
        assert len(sizes) > 80  # 52 progress bars and 30 score bars, each with a label and a value
        assert [] == [s for s in sizes if s[1] > s[2] or s[2] == 0]

    def test_score_values_inside_the_chart(self, page_report: Any) -> None:
        """Each score's value label (\"56.7 不合格\") ends inside the chart's box, not beyond its right edge."""
        figure = page_report["page"].locator('figure[data-chart="bars"]').first
        right = figure.bounding_box()["x"] + figure.bounding_box()["width"]
        texts = figure.locator(".edu-plan-bar-text")
        assert texts.count() == 30
        ends = [texts.nth(i).bounding_box() for i in range(texts.count())]
        assert all(box is not None and box["x"] + box["width"] <= right + 0.5 for box in ends)
        assert "不合格" in texts.all_inner_texts()[-1]

    def test_veto_marked(self, page_report: Any) -> None:
        """The vetoed unit's value carries a visible 否决 badge (veto in English)."""
        badge = page_report["page"].locator("figure[data-chart=bars] li[data-vetoed] .edu-plan-badge")
        assert badge.count() >= 1
        assert badge.first.is_visible()

    def test_no_column_narrower_than_two_characters(self, page_report: Any) -> None:
        """In the 责任清单 at 1000 px, every column (header cell) is at least two characters (2 em) wide."""
        assert [] == _narrow_columns(page_report["page"], "responsibilities")

    def test_wide_table_scrolls_on_a_phone(self, page_report: Any) -> None:
        """At 390 px the 责任清单 scrolls sideways inside its box, its columns still two characters or wider."""
        page = page_report["page"]
        page.set_viewport_size({"width": 390, "height": 800})
        try:
            wrap = page.locator('section[data-view="responsibilities"] .edu-plan-table-wrap')
            assert [] == _narrow_columns(page, "responsibilities")
            scroll, client = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert scroll > client
            # The page itself does not scroll sideways: only the table's box does.
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        finally:
            page.set_viewport_size({"width": 1000, "height": 800})

    def test_screenshots(self, page_report: Any) -> None:
        """A screenshot of the page and of each chart is saved under the test's folder.

        With EDU_PLAN_UPDATE_GALLERY=1 they are copied to docs/gallery/ too; otherwise a test
        run never writes into the source tree.
        """
        page, folder = page_report["page"], page_report["folder"]
        update = os.environ.get("EDU_PLAN_UPDATE_GALLERY") == "1"
        shot = folder / "report.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        if update:
            GALLERY.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, GALLERY / "report.png")
        for chart in CHARTS:
            box = page.locator(f'figure[data-chart="{chart}"]').first.bounding_box()
            path = folder / f"chart-{chart}.png"
            # At most 640 px high: the 52 progress bars would make a large picture for the gallery.
            clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 640)}
            page.screenshot(path=str(path), clip=clip, full_page=True)
            assert path.stat().st_size > 1_000
            if update:
                shutil.copyfile(path, GALLERY / f"chart-{chart}.png")
        assert {f"chart-{c}.png" for c in CHARTS} <= {p.name for p in GALLERY.iterdir()}  # the gallery shows each


@pytest.fixture(scope="module")
def page_fragment(tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> Any:
    """A host page (its own styles: red paragraphs, a 900 px body) with the 责任清单 embedded as a fragment."""
    folder = tmp_path_factory.mktemp("fragment")
    fragment = HtmlRenderer(fragment=True).render(build("responsibilities", datasets.load("helan")))
    host = folder / "host.html"
    host.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>督查督办</title>'
        '<style id="host">body{max-width:900px} p{color:rgb(255, 0, 0)} table{font-size:30px}</style></head>'
        f'<body><p id="own">督查督办系统</p>{fragment}</body></html>',
        encoding="utf-8",
    )
    page = chromium.new_page(viewport={"width": 1000, "height": 800})
    page.goto(host.as_uri())
    page.wait_for_load_state("load")
    yield page
    page.close()


class TestFragmentInBrowser:
    def test_every_rule_scoped(self, page_fragment: Any) -> None:
        """Read through the browser's CSSOM, every selector of the fragment's style sheet starts with .edu-plan."""
        selectors = page_fragment.evaluate("""() => {
            const out = [];
            const walk = rules => { for (const r of rules) {
                if (r.selectorText) out.push(...r.selectorText.split(',').map(s => s.trim()));
                else if (r.cssRules) walk(r.cssRules); } };
            for (const sheet of document.styleSheets) if (sheet.ownerNode.id !== 'host') walk(sheet.cssRules);
            return out; }""")
        assert len(selectors) > 30
        assert [] == [s for s in selectors if not s.startswith(".edu-plan")]

    def test_host_styles_untouched(self, page_fragment: Any) -> None:
        """The host's own paragraph keeps its red colour; no <html> or <body> came with the fragment."""
        assert "rgb(255, 0, 0)" == page_fragment.locator("#own").evaluate("e => getComputedStyle(e).color")
        assert (1, 1) == (page_fragment.locator("html").count(), page_fragment.locator("body").count())

    def test_table_shows_in_the_host(self, page_fragment: Any) -> None:
        """The 22 tasks show in the host page, no column narrower than two characters."""
        rows = page_fragment.locator('.edu-plan section[data-view="responsibilities"] tbody tr')
        assert 22 == rows.count()
        assert rows.nth(21).is_visible()
        assert [] == _narrow_columns(page_fragment, "responsibilities")
