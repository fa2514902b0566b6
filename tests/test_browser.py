"""The HTML report of the Helan example in a real headless Chromium: everything shows, nothing leaks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from edu_plan import Period, datasets, serialization
from edu_plan._progress import ProgressLog
from edu_plan.plugins.render import HTML
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
def page_report(tmp_path_factory: pytest.TempPathFactory, helan_sample_progress: ProgressLog) -> Any:
    """The Helan report (plan views, ledger, bulletin, scores) opened in Chromium, with what it logged and asked for."""
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

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
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri())
            page.wait_for_load_state("load")
            yield {"page": page, "errors": errors, "requests": requests, "folder": folder}
        finally:
            browser.close()


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
