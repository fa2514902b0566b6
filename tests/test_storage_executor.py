"""Loading with an executor (issue 14): workers check and build the rows of chunks of whole plans; this process writes.

The rows stored over a real process pool must be the very rows of a load in this process, in the same order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest
import sqlalchemy as sa
from tests.test_storage_fast_path import _rows

from edu_plan import Period, ProgressReport, ReviewStatus, datasets
from edu_plan._store import open_store
from edu_plan.errors import ProgressError
from edu_plan.plugins.storage import _sql
from edu_plan.plugins.storage._sql import engine_for

PLAN = datasets.load("helan")
YEAR = Period.parse("2024")
COUNTIES = [attrs.evolve(PLAN, id=f"county-{n}") for n in range(3)]


@pytest.fixture
def url(sql_store_url: str) -> str:
    """A fresh store URL on each SQL backend (conftest's ``sql_store_url``)."""
    return sql_store_url


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    """Two worker processes, spawned: they share nothing with this process but what is sent to them."""
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as executor:
        yield executor


def _report(county: int, month: int, value: str = "5", *, target: str = "T01-1",
            status: ReviewStatus = ReviewStatus.SUBMITTED) -> ProgressReport:
    return ProgressReport(plan_id=f"county-{county}", target=target, unit="education-sports", period=YEAR,
                          value=Decimal(value), report_date=pendulum.Date(2024, month, 28), status=status,
                          evidence=("示例佐证",) if month == 4 else ())


BATCH = [
    _report(0, 2), _report(0, 4, "2.50"), _report(0, 6),                        # county-0: 3 new
    _report(1, 2), _report(1, 4), _report(1, 4),                                # county-1: 2 new (one twice)
    _report(0, 2, "1", target="T03-1"),                                         # county-0 again: 1 new
    _report(2, 2), _report(2, 4, status=ReviewStatus.APPROVED),                 # county-2: 2 new, approved
]


def _empty(url: str) -> None:
    """The store's reports deleted (its plans kept)."""
    engine, schema_name = engine_for(url)
    table = f'"{schema_name}".edu_plan_reports' if schema_name else "edu_plan_reports"
    with engine.begin() as connection:
        connection.execute(sa.text(f"DELETE FROM {table}"))  # noqa: S608 - our own table
    engine.dispose()


class TestExecutorLoad:
    def test_pool_stores_the_rows_of_a_load_in_process(self, url: str, pool: ProcessPoolExecutor,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
        """9 reports of 3 counties (county-0 twice apart, a report given twice, an approval) in chunks of 2 plans'
        worth: 8 new either way (3 + 2 + 1 + 2), the same 8 rows in the same order, county-2's both approved."""
        monkeypatch.setattr(_sql, "_CHUNK", 4)  # county-0 (4 reports) alone, then county-1 and county-2
        with open_store(url) as store:
            store.save_plans(COUNTIES)
            assert 8 == store.add_reports(BATCH)
        in_process = _rows(url)
        _empty(url)
        with open_store(url) as store:
            assert 8 == store.add_reports(BATCH, executor=pool)
            assert [ReviewStatus.APPROVED] * 2 == [r.status for r in store.reports("county-2")]
        assert in_process == _rows(url)
        assert 8 == len(in_process)

    def test_pool_load_again_adds_nothing(self, tmp_path: Path, pool: ProcessPoolExecutor) -> None:
        """County-0's and county-1's 7 reports loaded twice over the pool: 6 new, then 0 (the log's rules on stored
        groups); still 6 rows."""
        url = f"sqlite:///{tmp_path / 'again.db'}"
        with open_store(url) as store:
            store.save_plans(COUNTIES)
            assert 6 == store.add_reports(BATCH[:7], executor=pool)
            assert 0 == store.add_reports(BATCH[:7], executor=pool)
        assert 6 == len(_rows(url))

    def test_problems_of_every_chunk_named_by_batch_position(self, tmp_path: Path, pool: ProcessPoolExecutor,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
        """Unknown targets at $[1] (county-0's chunk) and $[4] (county-1's chunk): one error naming both, in order;
        nothing stored."""
        monkeypatch.setattr(_sql, "_CHUNK", 3)
        batch = list(BATCH)
        batch[1] = _report(0, 4, target="T99-9")
        batch[4] = _report(1, 4, target="T98-8")
        with open_store(f"sqlite:///{tmp_path / 'bad.db'}") as store:
            store.save_plans(COUNTIES)
            with pytest.raises(ProgressError) as caught:
                store.add_reports(batch, executor=pool)
            assert ["$[1] (education-sports / T99-9 / 2024)", "$[4] (education-sports / T98-8 / 2024)"] == [
                p.path for p in caught.value.problems]
            assert [] == store.reports("county-0")

    def test_what_is_not_a_report_is_refused_either_way(self, tmp_path: Path, pool: ProcessPoolExecutor) -> None:
        """A string at $[1] among reports: refused at $[1] (code 'type') with or without the pool; nothing stored."""
        with open_store(f"sqlite:///{tmp_path / 'odd.db'}") as store:
            store.save_plans(COUNTIES)
            for executor in (None, pool):
                with pytest.raises(ProgressError) as caught:
                    store.add_reports([BATCH[0], "not a report", BATCH[1]], executor=executor)  # type: ignore[list-item]
                assert [("$[1]", "type")] == [(p.path, p.code) for p in caught.value.problems]
            assert [] == store.reports("county-0")


class TestChunks:
    def test_plans_in_order_of_first_report(self) -> None:
        """county-0's 3 reports, county-1's 3, county-0's 1, county-2's 2, in chunks of at least 4 reports:
        [county-0 (positions 0-2 and 6)], [county-1 (3-5), county-2 (7-8)]."""
        chunks = _sql._plan_chunks(BATCH, 4)
        assert [(["county-0"], [0, 1, 2, 6]), (["county-1", "county-2"], [3, 4, 5, 7, 8])] == [
            (plan_ids, list(positions)) for _reports, plan_ids, positions in chunks]
        assert [BATCH[i] for i in (0, 1, 2, 6)] == chunks[0][0]

    def test_plans_one_after_another_are_slices(self) -> None:
        """Reports already by plan (the usual load) are cut into slices: positions are ranges, 0-5 and 6-8."""
        batch = BATCH[:6] + BATCH[7:] + [_report(2, 6)]
        chunks = _sql._plan_chunks(batch, 5)
        assert [range(6), range(6, 9)] == [positions for _reports, _plan_ids, positions in chunks]

    def test_fields_give_the_report_back(self) -> None:
        """A report sent to a worker as its fields comes back equal, value text and all (2.50 stays 2.50)."""
        report = attrs.evolve(_report(0, 4, "2.50"), note="示例", reported_by="张三", status=ReviewStatus.APPROVED)
        (rebuilt,) = [_sql._rebuilt(item) for item in _sql._fields([report])]
        assert report == rebuilt
        assert "2.50" == str(rebuilt.value)
