"""The bulk load's fast paths (issue 14): groups with nothing stored, the report check's common case, rows in one loop.

Each fast path must store exactly what the general path (ProgressLog's rules, report_problems) stores or refuses.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest

from edu_plan import Period, Plan, ProgressReport, ReviewStatus, datasets
from edu_plan._progress import report_problems, require_reports
from edu_plan._store import open_store
from edu_plan.errors import ProgressError
from edu_plan.plugins.storage import _common as common
from edu_plan.plugins.storage import _sql
from edu_plan.plugins.storage._sql import SqlStore, engine_for

PLAN = datasets.load("helan")
YEAR = Period.parse("2024")


@pytest.fixture
def url(sql_store_url: str) -> str:
    """A fresh store URL on each SQL backend (conftest's ``sql_store_url``)."""
    return sql_store_url


def _report(month: int, value: str = "5", *, target: str = "T01-1", unit: str = "education-sports",
            status: ReviewStatus = ReviewStatus.SUBMITTED, plan_id: str = PLAN.id) -> ProgressReport:
    return ProgressReport(plan_id=plan_id, target=target, unit=unit, period=YEAR, value=Decimal(value),
                          report_date=pendulum.Date(2024, month, 28), status=status)


def _rows(url: str) -> list[tuple[object, ...]]:
    """The stored report rows, every column but the row id, in row order."""
    engine, schema_name = engine_for(url)
    columns = ", ".join(_sql._INSERT_COLUMNS)
    table = f'"{schema_name}".edu_plan_reports' if schema_name else "edu_plan_reports"
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.exec_driver_sql(f"SELECT {columns} FROM {table} ORDER BY id")]  # noqa: S608
    engine.dispose()
    return rows


class TestFreshGroups:
    def test_group_with_nothing_stored(self, url: str) -> None:
        """Three new reports of one group in an empty store: 3 new, stored in the order given (months 2, 4, 6)."""
        with open_store(url) as store:
            store.save_plan(PLAN)
            assert 3 == store.add_reports([_report(2), _report(4), _report(6)])
            assert [2, 4, 6] == [r.report_date.month for r in store.reports(PLAN.id)]

    def test_group_partly_stored(self, url: str) -> None:
        """Months 2 and 4 stored; a batch of 4 (again), 6 and 8 adds 2, and the group holds 2, 4, 6, 8 once each."""
        with open_store(url) as store:
            store.save_plan(PLAN)
            store.add_reports([_report(2), _report(4)])
            assert 2 == store.add_reports([_report(4), _report(6), _report(8)])
            assert [2, 4, 6, 8] == [r.report_date.month for r in store.reports(PLAN.id)]

    def test_report_given_twice_in_a_fresh_group(self, url: str) -> None:
        """The same report twice in one batch of a fresh group is one report (1 new, 1 stored), as ProgressLog says."""
        with open_store(url) as store:
            store.save_plan(PLAN)
            assert 1 == store.add_reports([_report(2), _report(2)])
            assert 1 == len(store.reports(PLAN.id))

    def test_approval_in_a_fresh_group(self, url: str) -> None:
        """Submitted then approved in one batch: the group is approved (both rows), by the log's rules."""
        with open_store(url) as store:
            store.save_plan(PLAN)
            store.add_reports([_report(2), _report(4, status=ReviewStatus.APPROVED)])
            assert [ReviewStatus.APPROVED] * 2 == [r.status for r in store.reports(PLAN.id)]

    def test_same_rows_either_path(self, url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """The fast path stores the very rows (identity, parts, dates, exponents) the log's rules store."""
        batch = [_report(month, value, target=target)
                 for month in (2, 4, 6) for target, value in (("T01-1", "2.50"), ("T03-1", "3"), ("T02-1", "4"))]
        with open_store(url) as store:
            store.save_plan(PLAN)
            store.add_reports(batch)
        fast = _rows(url)
        ruled_url = f"sqlite:///{tmp_path / 'ruled.db'}" if url.startswith("sqlite") else url
        if ruled_url == url:  # a server: the same schema, emptied
            engine, schema_name = engine_for(url)
            table = f'"{schema_name}".edu_plan_reports' if schema_name else "edu_plan_reports"
            with engine.begin() as connection:
                connection.exec_driver_sql(f"DELETE FROM {table}")  # noqa: S608
            engine.dispose()
        monkeypatch.setattr(common, "fresh_groups", lambda by_group, existing, identity: (
            [], [r for reports in by_group.values() for r in reports]))
        one_loop = _sql._report_rows
        monkeypatch.setattr(_sql, "_report_rows", lambda batch, iso: (one_loop(batch, iso)[0], False))
        with open_store(ruled_url) as store:
            store.save_plan(PLAN)
            assert 9 == store.add_reports(batch)
        assert fast == _rows(ruled_url)
        assert 9 == len(fast)


class TestRows:
    def test_one_loop_gives_each_reports_tuple(self) -> None:
        """_report_rows gives, for each report, what _report_tuple gives (evidence, reporter, 1.0 and 1 apart).

        Each value appears twice: the first goes through _report_tuple, the second through the loop's caches.
        """
        once = [
            _report(2, "1"), _report(2, "1.0"), _report(3, "0.25"),
            attrs.evolve(_report(4, "7"), evidence=("照片", "台账"), reported_by="张三", note="示例"),
        ]
        reports = once + [attrs.evolve(r, report_date=pendulum.Date(2024, 11, 30), unit="party-publicity")
                          for r in once]
        for iso in (True, False):
            rows, _simple = _sql._report_rows(reports, iso)
            assert [_sql._report_tuple(r, iso) for r in reports] == rows


class TestCheck:
    def test_bad_report_in_a_large_batch_is_named(self, url: str) -> None:
        """2,001 reports, the one at $[1234] names an unknown target: refused with that row, nothing stored."""
        batch = [_report(2, str(n)) for n in range(2001)]
        batch[1234] = _report(2, "1", target="T99-9")
        with open_store(url) as store:
            store.save_plan(PLAN)
            with pytest.raises(ProgressError) as caught:
                store.add_reports(batch)
            assert ["$[1234] (education-sports / T99-9 / 2024)"] == [p.path for p in caught.value.problems]
            assert "unknown target 'T99-9'" in str(caught.value)
            assert [] == store.reports(PLAN.id)

    def test_common_case_agrees_with_report_problems(self) -> None:
        """Every kind of refusal the fast check must send to report_problems is refused with its words."""
        batch = [
            _report(2),                                    # fits: no problem
            _report(2, target="T03-1", value="1.5"),       # recurring: a fraction of a time
            _report(2, unit="县教体局"),                     # a unit by its name
            _report(2, unit="civil-affairs"),              # a unit without a role in task 1
            _report(2, value="1e20"),                      # beyond the stores' limits
            attrs.evolve(_report(2), period=Period.parse("2030")),  # outside the horizon
        ]
        expected = [(f"$[{n}] ({r.unit} / {r.target} / {r.period})", p.message)
                    for n, r in enumerate(batch) for p in report_problems(PLAN, r) if p.severity.value == "error"]
        with pytest.raises(ProgressError) as caught:
            require_reports(lambda _plan_id: PLAN, batch)
        assert expected == [(p.path, p.message) for p in caught.value.problems]
        assert 5 == len(expected)

    def test_county_copies_checked_against_their_own_id(self) -> None:
        """A report of county-2 checked against the county-1 copy is another plan's report (the ids are compared)."""
        copy = attrs.evolve(PLAN, id="county-1")
        with pytest.raises(ProgressError) as caught:
            require_reports(lambda _plan_id: copy, [_report(2, plan_id="county-1"), _report(2, plan_id="county-2")])
        assert ["$[1] (education-sports / T01-1 / 2024)"] == [p.path for p in caught.value.problems]


def test_plans_for_check_parses_a_shared_document_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three county copies sharing one stored document: the check loads one plan and gives each its own id."""
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        assert isinstance(store, SqlStore)
        store.save_plans([attrs.evolve(PLAN, id=f"county-{n}") for n in range(3)])
        loads: list[str] = []
        original = store.load_plan

        def load_plan(plan_id: str, **options: Any) -> Plan:
            loads.append(plan_id)
            return original(plan_id, **options)

        monkeypatch.setattr(store, "load_plan", load_plan)
        plans = store.plans_for_check(["county-0", "county-1", "county-2", "county-9"])
    assert ["county-0"] == loads
    assert ["county-0", "county-1", "county-2", None] == [p.id if p else None for p in plans.values()]
    assert attrs.evolve(PLAN, id="county-2") == plans["county-2"]
