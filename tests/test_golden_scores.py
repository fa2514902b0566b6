"""Golden files of what an auditor signs: ledger, bulletin, scorecards and score lines of the Helan example.

Every text format, byte for byte, in Chinese (the default, what a county reads); the table and CSV in
English as well (``*.en.*``, what ``--lang en`` gives).  Set EDU_PLAN_UPDATE_GOLDEN=1 to write them again
after a deliberate change of wording or layout, then review the diff before committing it: a change of
wording must never change a figure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from edu_plan import Assessment, Period, Plan, datasets
from edu_plan._i18n import use_language
from edu_plan.plugins.render import CSV, HTML, JSON, MARKDOWN, TABLE
from edu_plan.plugins.scoring import load_scheme
from edu_plan.progress import ProgressLog, load_progress
from edu_plan.views import build

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
VIEWS = ("ledger", "bulletin", "scorecards", "scorelines")
FORMATS = {"table": TABLE, "markdown": MARKDOWN, "csv": CSV, "json": JSON, "html": HTML}
UPDATE = os.environ.get("EDU_PLAN_UPDATE_GOLDEN") == "1"
ENGLISH_FORMATS = ("table", "csv")


def _score(lang: str) -> tuple[Plan, ProgressLog, Assessment]:
    """The Helan example scored for 2024 with its own scheme (示例数据，非真实数据), in ``lang``."""
    with use_language(lang):
        plan = datasets.load("helan")
        progress = load_progress(ROOT / "examples" / "helan" / "progress-2023-2024.csv", plan=plan)
        scorer, scheme = load_scheme(ROOT / "examples" / "helan" / "scheme.toml")
        return plan, progress, scorer.score(plan, progress, scheme, period=Period.parse("2024"))


@pytest.fixture(scope="module")
def scored() -> tuple[Plan, ProgressLog, Assessment]:
    """The Helan example scored in Chinese, as a county runs it with no option set."""
    return _score("zh")


@pytest.fixture(scope="module")
def scored_en() -> tuple[Plan, ProgressLog, Assessment]:
    """The Helan example scored in English (``--lang en``)."""
    return _score("en")


def _golden(name: str, data: str) -> None:
    path = GOLDEN / name
    raw = data.encode("utf-8")
    if UPDATE:
        path.write_bytes(raw)
    assert path.exists(), f"{name}: no golden file yet; run with EDU_PLAN_UPDATE_GOLDEN=1 and review it"
    assert path.read_bytes() == raw, f"{name} differs from the golden file; rerun with EDU_PLAN_UPDATE_GOLDEN=1"


class TestScoreGolden:
    @pytest.mark.parametrize("view_name", VIEWS)
    @pytest.mark.parametrize("fmt", sorted(FORMATS))
    def test_helan_score_view_matches_golden_file(self, scored: tuple[Plan, ProgressLog, Assessment],
                                                  view_name: str, fmt: str) -> None:
        """The Helan example's view in this format, in Chinese, is byte for byte the reviewed golden file."""
        _check(scored, view_name, fmt, "zh")

    @pytest.mark.parametrize("view_name", VIEWS)
    @pytest.mark.parametrize("fmt", ENGLISH_FORMATS)
    def test_helan_score_view_in_english_matches_golden_file(
            self, scored_en: tuple[Plan, ProgressLog, Assessment], view_name: str, fmt: str) -> None:
        """The same view in English is byte for byte its reviewed golden file (``*.en.*``): same figures."""
        _check(scored_en, view_name, fmt, "en")


def _check(scored: tuple[Plan, ProgressLog, Assessment], view_name: str, fmt: str, lang: str) -> None:
    plan, progress, assessment = scored
    renderer = FORMATS[fmt]
    with use_language(lang):
        views = build(view_name, plan, progress=progress, assessment=assessment, period=assessment.period)
        # CSV holds one view a file: a view in several parts (the bulletin and its 'behind' list) gives several.
        parts = [(view_name if i == 0 else f"{view_name}-{v.name}", (v,)) for i, v in enumerate(views)] \
            if fmt == "csv" else [(view_name, views)]
        for name, chosen in parts:
            data = renderer.render(chosen)
            assert isinstance(data, str)
            _golden(f"helan-2024-{name}{'.en' if lang == 'en' else ''}{renderer.suffix}", data)
