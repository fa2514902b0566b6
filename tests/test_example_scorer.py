"""The installable example scorer (examples/plugin-scorer) is found through its entry point and passes the contract.

The package is really installed (pip, into a folder of its own) and used from a fresh
interpreter, so the test walks the path a third party's scorer takes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from edu_plan.testing.scorers import ScorerContract

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "plugin-scorer"

SCRIPT = textwrap.dedent('''
    import json
    from edu_plan import Period, Registry, datasets
    from edu_plan.progress import load_progress

    registry = Registry()
    info = {i.name: i for i in registry.describe("edu_plan.scorers")}["compliance"]
    plan = datasets.load("helan")
    log = load_progress("examples/helan/progress-2023-2024.csv", plan=plan)
    assessment = registry.scorer("compliance").score(plan, log, {"points": 100}, period=Period.parse("2024"))
    print(json.dumps({"distribution": info.distribution, "error": info.error is None,
                      "totals": {c.unit: str(c.total) for c in assessment.scorecards}}))
''')


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example scorer installed with pip into a folder of its own (no change to the project's venv)."""
    target = tmp_path_factory.mktemp("site")
    build = tmp_path_factory.mktemp("src")
    # Build from a copy, so that no build/ or egg-info folder is left in examples/.
    subprocess.run(["cp", "-r", f"{EXAMPLE}/.", str(build)], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(build)],
        check=True, capture_output=True,
    )
    return target


class TestInstalledScorer:
    def test_found_through_its_entry_point_and_scores(self, installed: Path) -> None:
        """Once installed, 'compliance' loads from its distribution and scores the Helan example.

        县委宣传部 owns one target (T21-1, rated 4 → 100%): 1 of 1 met → 100.
        """
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), *sys.path])}
        out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, cwd=ROOT,
                             encoding="utf-8", check=True).stdout
        result = json.loads(out)
        assert ("edu-plan-compliance-scorer", True) == (result["distribution"], result["error"])
        assert "100.00" == result["totals"]["party-publicity"]


class TestComplianceContract(ScorerContract):
    """The example scorer passes the same public contract as the built-ins."""

    def make_scorer(self) -> Any:
        sys.path.insert(0, str(EXAMPLE / "src"))
        try:
            from edu_plan_compliance_scorer import COMPLIANCE
        finally:
            sys.path.remove(str(EXAMPLE / "src"))
        return COMPLIANCE
