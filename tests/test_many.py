"""assess_many: many plans scored at once, here or over an executor, with the same results."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import attrs
import pendulum
import pytest

from edu_plan import Period, ProgressLog, ProgressSnapshot, ReviewStatus, assess_many, datasets
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


    def test_the_national_set_on_a_local_cluster(self) -> None:
        """The national set of bench/score_many.py — 2,844 county copies of the Helan plan, each with the example's
        70 reports and its events (2,844 × 70 = 199,080 rows, 示例数据，非真实数据) — scored on a LocalCluster of 2
        worker processes in 4 chunks of 711 counties: every card (2,844 × 30 = 85,320) and every line's points
        equal the local run."""
        distributed = pytest.importorskip("distributed")
        np = pytest.importorskip("numpy")
        from edu_plan import ProgressColumns

        plan = datasets.load("helan")
        log = load_progress(ROOT / "examples" / "helan" / "progress-2023-2024.csv", plan=plan)
        counties = [attrs.evolve(plan, id=f"county-{n:04d}") for n in range(2844)]
        one = log.reports(plan.id)
        assert 70 == len(one)
        columns = ProgressColumns.from_arrays(
            plan=[c.id for c in counties for _ in one],
            target=[r.target for r in one] * 2844, unit=[r.unit for r in one] * 2844,
            period=[r.period for r in one] * 2844, value=[r.value for r in one] * 2844,
            report_date=[r.report_date for r in one] * 2844, evidenced=[bool(r.evidence) for r in one] * 2844,
            counted=[r.status in (ReviewStatus.SUBMITTED, ReviewStatus.APPROVED) for r in one] * 2844,
            approved=[r.status is ReviewStatus.APPROVED for r in one] * 2844,
            events=[attrs.evolve(e, plan_id=c.id) for c in counties for e in log.all_events])
        _scorer, scheme = load_scheme(ROOT / "examples" / "helan" / "scheme.toml")
        here = assess_many(counties, columns, scheme, period=PERIOD, engine="columnar")
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                      silence_logs=40) as cluster, distributed.Client(cluster) as client:
            there = assess_many(counties, columns, scheme, period=PERIOD, engine="columnar",
                                executor=client.get_executor(), chunk_size=711)
        assert 85_320 == len(there.cards)
        assert here.totals() == there.totals()
        for name in ("plan", "task", "max_points", "share", "points"):
            assert np.array_equal(getattr(here.lines, name), getattr(there.lines, name)), name
        assert [here.lines.units[u] for u in here.lines.unit] == [there.lines.units[u] for u in there.lines.unit]


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


class TestStoreTravelsAsItsUrl:
    def test_a_sqlite_file_goes_to_workers_as_its_absolute_url(self, tmp_path: Path) -> None:
        """A store on a file is sent as StoreRef("sqlite:///" + its absolute path), not as a snapshot read here.

        tmp_path is absolute (/tmp/…), so the URL has four slashes: sqlite:////tmp/…/national.db.
        """
        from edu_plan import StoreRef, open_store
        from edu_plan._many import _share

        path = tmp_path / "national.db"
        with open_store(f"sqlite:///{path}") as store:
            assert StoreRef(f"sqlite:///{path}") == _share(store, ["county-0"], AS_OF)

    def test_a_store_in_memory_goes_as_a_snapshot(self, national: tuple) -> None:
        """An in-memory SQLite store cannot be opened elsewhere: its aggregates are read here, as a snapshot."""
        from edu_plan import open_store
        from edu_plan._many import _share

        plans, log, _scheme = national
        with open_store("sqlite://") as store:
            store.save_plans(plans[:1])
            store.add_reports(log.reports("county-0"))
            shared = _share(store, ["county-0"], AS_OF)
        assert isinstance(shared, ProgressSnapshot)

    def test_workers_read_their_chunks_from_the_store(self, national: tuple, tmp_path: Path) -> None:
        """Progress given as StoreRef(url) alone (the caller never reads it): over a pool of 2, chunks of 3 and 1,
        every assessment equals the one scored from the in-memory log."""
        from edu_plan import StoreRef, open_store

        plans, log, scheme = national
        url = f"sqlite:///{tmp_path / 'national.db'}"
        with open_store(url) as store:
            store.save_plans(plans)
            store.add_reports(log.reports())
        here = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD)
        with ProcessPoolExecutor(2) as pool:
            there = assess_many(plans, StoreRef(url), scheme, scorer="efficiency", period=PERIOD, executor=pool,
                                chunk_size=3)
        assert here.totals() == there.totals()
        assert here == there

    def test_a_missing_sqlite_file_is_refused_not_created(self, tmp_path: Path) -> None:
        """A worker asked for a SQLite file it does not have refuses (an empty store would score zero) and
        creates no file."""
        from edu_plan import StoreRef

        path = tmp_path / "elsewhere.db"
        with use_language("en"), pytest.raises(ScoringError, match="is not on this machine"):
            StoreRef(f"sqlite:///{path}").observations("county-0", until=AS_OF)
        assert not path.exists()

    def test_a_store_without_plans_is_refused(self, tmp_path: Path) -> None:
        """A store that holds no plan at all (a mistyped database, say) is refused rather than scored as zero."""
        from edu_plan import StoreRef, open_store

        url = f"sqlite:///{tmp_path / 'empty.db'}"
        open_store(url).close()
        with use_language("en"), pytest.raises(ScoringError, match="holds no plan"):
            StoreRef(url).observations("county-0", until=AS_OF)

    def test_only_a_stores_own_readers_are_offered(self, tmp_path: Path) -> None:
        """StoreRef offers the bulk readers a SQL store has (observation_columns) and nothing else (no subset)."""
        from edu_plan import StoreRef, open_store

        url = f"sqlite:///{tmp_path / 's.db'}"
        with open_store(url) as store:
            store.save_plans([datasets.load("helan")])
        ref = StoreRef(url)
        assert (True, False) == (callable(getattr(ref, "observation_columns", None)), hasattr(ref, "subset"))


class TestPerPlanOverAPool:
    def test_same_figures_and_assessments(self, national: tuple) -> None:
        """engine="per-plan" over a pool of 2 (chunks of 1) gives the figures and the assessments of scoring here."""
        plans, log, scheme = national
        here = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD, engine="per-plan")
        with ProcessPoolExecutor(2) as pool:
            there = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD, engine="per-plan",
                                executor=pool, chunk_size=1)
        assert ("per-plan", here.totals()) == (there.engine, there.totals())
        assert here == there

    def test_workers_send_back_columns_unless_explanations_are_wanted(self, national: tuple) -> None:
        """A per-plan chunk of 2 plans returns their 2 × 30 cards as columns, and their assessments only with
        explain.

        Helan's 30 cards: its 27 answering units, less the external transport school, the two offices that only
        cooperate on task 14 (which has no target) and the collective 各乡镇和农场, plus that collective's 7
        members: 27 − 4 + 7 = 30.
        """
        from edu_plan._many import _score_chunk

        plans, log, scheme = national
        day = PERIOD.span()[1]
        bare = _score_chunk("efficiency", plans[:2], log, scheme, PERIOD, day, False)
        full = _score_chunk("efficiency", plans[:2], log, scheme, PERIOD, day, True)
        assert (60, {}, [0, 1]) == (len(bare.cards), bare.built, sorted(full.built))


class TestMergedChunks:
    def test_recodes_each_chunks_vocabulary(self) -> None:
        """Chunk A (plan 0, units a, b) and chunk B (plan 1, units b, c), each coding its units from 0, merge into
        units (a, b, c) with cards coded [0, 1, 1, 2], plans [0, 0, 1, 1], lists kept as lists."""
        from edu_plan._many import CardColumns, LineColumns, ManyResult, _merged

        def chunk(plan_id: str, units: tuple[str, ...]) -> ManyResult:
            cards = CardColumns(plan_ids=(plan_id,), units=units, peer_groups=("g",), grades=("好",), plan=[0, 0],
                                unit=[0, 1], peer_group=[0, 0], total=[100, 200], grade=[0, 0], rank=[1, 2],
                                vetoed=[False, False])
            lines = LineColumns(plan_ids=(plan_id,), units=units, targets=("t",), plan=[0], unit=[1], task=[1],
                                target=[0], max_points=[500], share=[10_000], points=[500])
            return ManyResult(cards=cards, lines=lines)

        plans = [attrs.evolve(datasets.load("helan"), id=name) for name in ("p0", "p1")]
        merged = _merged(plans, [(0, chunk("p0", ("a", "b"))), (1, chunk("p1", ("b", "c")))])
        assert (("a", "b", "c"), [0, 1, 1, 2], [0, 0, 1, 1]) == (merged.cards.units, merged.cards.unit,
                                                                 merged.cards.plan)
        assert ([1, 2], [0, 1]) == (merged.lines.unit, merged.lines.plan)


class TestServerStoreShared:
    @pytest.mark.parametrize("server", ["postgresql_store_url", "mysql_store_url"])
    def test_workers_read_a_server_store(self, national: tuple, server: str, request: pytest.FixtureRequest) -> None:
        """A PostgreSQL (schema given by ?schema=) or MariaDB store, sent to a pool of 2 as its URL: each worker
        reads its chunk from the server, and every assessment equals the one scored from the log."""
        from edu_plan import StoreRef, open_store
        from edu_plan._many import _share

        url = request.getfixturevalue(server)
        plans, log, scheme = national
        here = assess_many(plans, log, scheme, scorer="efficiency", period=PERIOD)
        with open_store(url) as store:
            store.save_plans(plans)
            store.add_reports(log.reports())
            assert isinstance(_share(store, ["county-0"], AS_OF), StoreRef)
            with ProcessPoolExecutor(2) as pool:
                there = assess_many(plans, store, scheme, scorer="efficiency", period=PERIOD, executor=pool,
                                    chunk_size=2)
        assert here == there
