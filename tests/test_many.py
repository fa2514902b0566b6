"""assess_many: many plans scored at once, here or over an executor, with the same results."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import attrs
import pendulum
import pytest

from edu_plan import Period, ProgressLog, ProgressSnapshot, assess_many, datasets
from edu_plan._i18n import use_language
from edu_plan.errors import ScoringError
from edu_plan.plugins.scoring import load_scheme
from edu_plan.progress import load_progress

ROOT = Path(__file__).resolve().parent.parent
PERIOD = Period.parse("2024")
AS_OF = pendulum.Date(2024, 12, 31)


@pytest.fixture(scope="module")
def national() -> tuple[list, ProgressLog, object]:
    """Four county copies of the Helan plan with the example progress (示例数据，非真实数据)."""
    plan = datasets.load("helan")
    log = load_progress(ROOT / "examples" / "helan" / "progress-2023-2024.csv", plan=plan)
    plans = [attrs.evolve(plan, id=f"county-{n}") for n in range(4)]
    reports = [attrs.evolve(r, plan_id=p.id) for p in plans for r in log.reports(plan.id)]
    _scorer, scheme = load_scheme(ROOT / "examples" / "helan" / "scheme.toml")
    return plans, ProgressLog(reports), scheme


class TestAssessMany:
    def test_one_assessment_per_plan_in_order(self, national: tuple) -> None:
        """Without an executor, one assessment per plan, in the order given, each for its own plan."""
        plans, log, scheme = national
        result = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD)
        assert ["county-0", "county-1", "county-2", "county-3"] == [a.plan_id for a in result]

    def test_process_pool_gives_the_same_assessments(self, national: tuple) -> None:
        """Two worker processes, chunks of one plan: assessment for assessment the same as scoring here."""
        plans, log, scheme = national
        here = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD)
        with ProcessPoolExecutor(2) as pool:
            there = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD, executor=pool, chunk_size=1)
        assert here == there

    def test_threads_and_uneven_chunks(self, national: tuple) -> None:
        """Chunks of 3 over 4 plans (a short last chunk) on threads give the same list."""
        plans, log, scheme = national
        here = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD)
        with ThreadPoolExecutor(2) as pool:
            assert here == assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD, executor=pool,
                                       chunk_size=3)

    def test_chunk_size_must_be_positive(self, national: tuple) -> None:
        """chunk_size 0 is refused with the rule in attrs' form."""
        plans, log, scheme = national
        with use_language("en"), pytest.raises(ScoringError, match=r"'chunk_size' must be >= 1 \(got 0\)"):
            assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD, chunk_size=0)


class TestProgressSnapshot:
    def test_answers_for_its_day(self, national: tuple) -> None:
        """A snapshot gives the source's observations of its day, all or evidenced only, and narrows by target."""
        _plans, log, _scheme = national
        snapshot = ProgressSnapshot.of(log, ["county-0"], AS_OF)
        assert list(log.observations("county-0", until=AS_OF)) == snapshot.observations("county-0", until=AS_OF)
        assert list(log.observations("county-0", until=AS_OF, evidenced_only=True)) == snapshot.observations(
            "county-0", until=AS_OF, evidenced_only=True)
        first = snapshot.observations("county-0", until=AS_OF)[0].target
        assert {first} == {o.target for o in snapshot.observations("county-0", until=AS_OF, targets=[first])}

    def test_refuses_another_day(self, national: tuple) -> None:
        """Asked for another day than its own, a snapshot refuses and names the day it holds."""
        _plans, log, _scheme = national
        snapshot = ProgressSnapshot.of(log, ["county-0"], AS_OF)
        with use_language("en"), pytest.raises(ScoringError, match="as of 2024-12-31"):
            snapshot.observations("county-0", until=pendulum.Date(2024, 6, 30))


class TestDaskCluster:
    def test_local_cluster_gives_the_same_assessments(self, national: tuple) -> None:
        """On a real Dask LocalCluster with two worker processes, assess_many returns what it returns here."""
        distributed = pytest.importorskip("distributed")
        plans, log, scheme = national
        here = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                      silence_logs=40) as cluster, distributed.Client(cluster) as client:
            there = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD,
                                executor=client.get_executor(), chunk_size=2)
        assert there.engine == "columnar"
        assert here.totals() == there.totals()
        assert here == there


class TestFromAStore:
    def test_store_progress_over_a_pool(self, national: tuple, tmp_path: Path) -> None:
        """With a SQLite store as the progress, workers get snapshots and return what scoring from the log gives."""
        from edu_plan import open_store

        plans, log, scheme = national
        here = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD)
        with open_store(f"sqlite:///{tmp_path / 'national.db'}") as store:
            store.save_plans(plans)
            store.add_reports(log.reports())
            with ProcessPoolExecutor(2) as pool:
                there = assess_many(plans, store, scheme, scorer="efficiency", period=PERIOD, executor=pool,
                                    chunk_size=2)
        assert here == there
