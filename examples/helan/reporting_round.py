"""The office's December 2024 round for the Helan plan: workbooks out, status, lapses scored.

The reports are illustrative (示例数据，非真实数据). Run from the repository root with a folder to
write the round's workbooks into::

    python examples/helan/reporting_round.py round-2024-12/
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import pendulum

from edu_plan import Period, datasets
from edu_plan.plugins.scoring import load_scheme
from edu_plan.progress import load_progress
from edu_plan.reporting import (
    ReportStatus,
    answered_targets,
    make_template,
    parse_rule,
    reporting_status,
    template_name,
    with_lapses,
)

HERE = Path(__file__).parent


def main(folder: Path) -> None:
    """Write every unit's workbook, print who reported, and score the month with the lapses found."""
    plan = attrs.evolve(datasets.load("helan"), reporting=(parse_rule("每月28日前"),))
    period = Period.parse("2024-12")
    earlier = load_progress(HERE / "progress-2023-2024.csv", plan=plan)
    written = 0
    for unit in plan.units:
        if unit.is_collective or not answered_targets(plan, unit.id):
            continue
        (folder / template_name(plan, unit.id, period)).write_bytes(
            make_template(plan, unit.id, period, progress=earlier))
        written += 1
    print(f"示例数据，非真实数据 — {written} workbooks written to {folder}")

    received = load_progress(HERE / "progress-2024-12.csv", plan=plan)
    as_of = pendulum.Date(2025, 1, 5)
    for state in reporting_status(plan, received, period, as_of=as_of):
        late = f", {state.days_late} days late" if state.status is ReportStatus.LATE else ""
        print(f"{plan.unit(state.unit).name}: {state.status.value}{late}")

    scorer, scheme = load_scheme(HERE / "scheme.toml")
    assessment = scorer.score(plan, with_lapses(plan, received, period), scheme, period=period)
    for card in assessment.scorecards:
        for deduction in card.deductions:
            print(f"{card.unit_name}: {deduction.rule} −{deduction.points}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
