"""Keep the Helan plan and its progress in a store, then score 2024 from the store.

    .venv/bin/python examples/helan/store_and_score.py [STORE_URL]

STORE_URL defaults to a new SQLite file in a temporary folder; a county moving to a shared server
passes e.g. postgresql+psycopg://user@host/db.  The database sums the reports (GROUP BY); the
scores are the same as scoring the progress file in memory, which the script checks.  The progress
is illustrative (示例数据，非真实数据).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from edu_plan import Period, datasets, open_store, serialization
from edu_plan.plugins.scoring import load_scheme
from edu_plan.progress import load_progress

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    url = argv[0] if argv else f"sqlite:///{tempfile.mkdtemp(prefix='helan-store-')}/helan.db"
    plan = datasets.load("helan")
    progress = load_progress(HERE / "progress-2023-2024.csv", plan=plan)
    scorer, scheme = load_scheme(HERE / "scheme.toml")
    period = Period.parse("2024")

    with open_store(url) as store:
        revision = store.save_plan(plan)
        added = store.add_reports(progress.reports(plan.id))
        store.add_events(progress.all_events)
        print(f"{store.url}: plan {revision.plan_id} revision {revision.revision}, {added} new reports")
        from_store = scorer.score(plan, store, scheme, period=period)
        store.save_assessment(from_store)

    in_memory = scorer.score(plan, progress, scheme, period=period)
    same = serialization.dumps(serialization.unstructure(from_store), "json") == serialization.dumps(
        serialization.unstructure(in_memory), "json")
    print(f"scored from the store = scored in memory: {same}")
    for card in from_store.ranking()[:5]:
        print(f"  {card.peer_group} {card.rank}. {card.unit_name} {card.total} {card.grade}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
