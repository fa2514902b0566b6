"""A writer killed (SIGKILL) between two writes leaves the store readable with every committed report."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from edu_plan import datasets
from edu_plan._store import open_store

# The child adds one report per transaction and prints its number once the write has returned.
_CHILD = textwrap.dedent("""
    import sys, pendulum
    from decimal import Decimal
    from edu_plan import Period, ProgressReport
    from edu_plan._store import open_store
    plan_id, url = sys.argv[1], sys.argv[2]
    with open_store(url) as store:
        for i in range(100_000):
            report = ProgressReport(plan_id=plan_id, target="T01-1", unit=f"u{i % 7}", period=Period.parse("2024"),
                                    value=Decimal(i), report_date=pendulum.Date(2024, 1, 1).add(days=i % 300))
            store.add_reports([report])
            print(i, flush=True)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("scheme", ["sqlite", "files"])
class TestKilledWriter:
    """Committed reports survive a writer killed mid-stream."""

    def test_every_acknowledged_report_survives(self, scheme: str, tmp_path: Path) -> None:
        """After SIGKILL the store opens, and every report the child saw committed is there."""
        url = f"sqlite:///{tmp_path / 'store.db'}" if scheme == "sqlite" else f"files:{tmp_path / 'store'}"
        plan = datasets.load("helan")
        with open_store(url) as store:
            store.save_plan(plan)
        child = subprocess.Popen([sys.executable, "-c", _CHILD, plan.id, url], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        acknowledged = -1
        for line in child.stdout:
            acknowledged = int(line)
            if acknowledged >= 40:
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        with open_store(url) as store:
            stored = store.reports(plan.id, target="T01-1")
            observations = list(store.observations(plan.id))
        values = {int(r.value) for r in stored}
        assert set(range(acknowledged + 1)) <= values
        assert len(stored) == sum(o.count for o in observations)
