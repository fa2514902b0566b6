"""The installable example plugin (examples/plugin-county-kinds) works through its entry points once installed.

The package is really installed (pip, into a folder of its own) and used from a fresh
interpreter, so the test walks the path a county's own plugin takes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "plugin-county-kinds"

SCRIPT = textwrap.dedent('''
    import json
    from decimal import Decimal

    import pendulum

    import edu_plan
    from edu_plan import Group, Period, ProgressLog, ProgressReport, Registry, serialization

    registry = Registry()
    infos = {i.name: i for i in registry.describe() if i.distribution == "edu-plan-county-kinds"}

    PLAN = """
    id: county
    title: 某县方案
    horizon: {start: 2023-01-01, end: 2027-12-31}
    sections:
      - key: 一
        title: 健康
        tasks:
          - number: 1
            title: 近视防控
            responsibilities: [{unit: edu, role: lead}]
            extensions:
              supervision: {level: 重点督办, office: 县委督查室}
            targets:
              - id: T01-1
                kind: annual_reduction
                metric: 儿童青少年总体近视率
                unit_of_measure: 百分点
                baseline: {value: 52.0, as_of: 2023-01-01}
                params: {per_year: 1}
    units:
      - {id: edu, name: 县教体局}
    """
    plan = serialization.loads_plan(PLAN, "yaml", registry=registry)
    bad = serialization.reads_plan(PLAN.replace("per_year: 1", "per_year: -1")
                                   .replace("重点督办", "特别督办"), "yaml", registry=registry)
    log = ProgressLog([ProgressReport(plan_id="county", target="T01-1", unit="edu", period=Period.parse("2024"),
                                      value=Decimal("50.5"), report_date=pendulum.Date(2024, 12, 20))])
    assessment = registry.scorer("attainment").score(plan, log, {}, period=Period.parse("2024"), registry=registry)
    line = assessment.scorecard("edu").lines[0]
    print(json.dumps({
        "infos": {n: [str(i.group.value), i.distribution, i.error is None] for n, i in infos.items()},
        "errors": sorted((p.path, p.line) for p in bad.errors),
        "share": str(line.share),
        "explanation": line.explanation,
        "supervision": str(edu_plan.extension(plan.tasks[0], "supervision", registry=registry)),
    }, ensure_ascii=False))
''')


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin installed with pip into a folder of its own (no change to the project's venv)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(EXAMPLE)],
        check=True, capture_output=True,
    )
    return target


def _run(site: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                         encoding="utf-8", check=True).stdout
    result: dict[str, object] = json.loads(out)
    return result


class TestExamplePlugin:
    def test_found_through_entry_points(self, installed: Path) -> None:
        """Once installed, the kind and the extension are listed under their groups with their distribution."""
        assert {
            "annual_reduction": ["edu_plan.target_kinds", "edu-plan-county-kinds", True],
            "supervision": ["edu_plan.extensions", "edu-plan-county-kinds", True],
        } == _run(installed)["infos"]

    def test_its_checks_run_with_locations(self, installed: Path) -> None:
        """The kind's and the extension's own checks report bad data at its path and line."""
        assert [
            ["$.sections[0].tasks[0].extensions.supervision.level", 13],
            ["$.sections[0].tasks[0].targets[0].params.per_year", 20],
        ] == _run(installed)["errors"]

    def test_a_builtin_scorer_scores_the_new_kind(self, installed: Path) -> None:
        """attainment scores the new kind through its rule: fell 1.5 of the ~2 points required by end-2024."""
        result = _run(installed)
        # From 2023-01-01 to 2024-12-31 is 730 days = 1.9986 years, so 1.9986 points are required;
        # 52.0 − 50.5 = 1.5 achieved; 1.5 / 1.9986 = 0.7505.
        assert "0.7505" == result["share"]
        assert "fell from 52.0 to 50.5" in str(result["explanation"])

    def test_typed_extension_data(self, installed: Path) -> None:
        """The extension's data reads into its own attrs class."""
        assert "Supervision(level='重点督办', office='县委督查室')" == _run(installed)["supervision"]
