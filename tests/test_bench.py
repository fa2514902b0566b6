"""Every benchmark under bench/ runs at its --smoke size, so a benchmark that no longer runs fails CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted(p.name for p in (ROOT / "bench").glob("*.py") if not p.name.startswith("_"))  # _x.py: shared helpers


class TestBenchmarksRun:
    def test_every_script_is_listed(self) -> None:
        """The smoke run covers every script of bench/ (a new one is picked up without editing this test)."""
        assert "store_national.py" in SCRIPTS
        assert len(SCRIPTS) >= 5

    @pytest.mark.parametrize("script", SCRIPTS)
    def test_smoke(self, script: str) -> None:
        """`python bench/<script> --smoke` exits 0 and prints its figures."""
        command = [sys.executable, str(ROOT / "bench" / script), "--smoke"]
        if script == "store_national.py":
            url = os.environ.get("EDU_PLAN_TEST_POSTGRESQL")
            command += ["--postgresql", url] if url else ["--skip-postgresql"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
        assert 0 == done.returncode, done.stderr[-3000:]
        assert done.stdout.strip(), "the benchmark printed nothing"
