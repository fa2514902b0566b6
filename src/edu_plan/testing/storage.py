"""The storage contract: the tests every ``edu_plan.storage`` backend passes, ours and third parties'.

Subclass :class:`StoreContract` in a test module and give it a fresh store URL per
test; pytest then runs every contract test against your backend::

    from edu_plan.testing.storage import StoreContract

    class TestMyStore(StoreContract):
        def make_url(self, tmp_path):
            return f"mystore://{tmp_path}/db"

        def forge_schema_version(self, url, version):
            ...  # write `version` where your store records its schema version

The store is opened with :func:`edu_plan.storage.open_store`, that is through your
entry point, as your users will open it.  The tests check round trips with the same
types back (``Decimal``, ``pendulum.Date``, enums), that a store accepts, merges and
refuses reports exactly as :class:`~edu_plan.ProgressLog` does and sums them to the
same observations, idempotence, locking, whole-or-nothing writes, two processes
writing at once, migration from the oldest schema and refusing a newer one.
Needs ``pytest`` and ``hypothesis``.
"""

# ruff: noqa: S101, SIM300 - a conformance kit is pytest tests: assert checks, expected value first

from __future__ import annotations

import multiprocessing
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edu_plan._assessment import Assessment, Scorecard, ScoreLine
from edu_plan._model import Comparator, Plan, Responsibility, Role, Section, Target, Task, Unit
from edu_plan._periods import Period
from edu_plan._progress import (
    Award,
    AwardLevel,
    Event,
    Incident,
    LapseKind,
    ProgressLog,
    ProgressReport,
    ReportLapse,
    ReviewStatus,
)
from edu_plan._registry import default_registry
from edu_plan._store import open_store, scheme_of
from edu_plan.errors import EduPlanError, LockedPeriodError, ProgressError, SchemaVersionError, StorageError

__all__ = ["StoreContract", "events", "plans", "progress_reports", "values"]



def _settings() -> settings:
    # The active profile decides how many examples, capped: every example is a round trip to the store.
    default = settings.default
    examples = 50 if default is None else min(default.max_examples, 50)
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


values = st.decimals(min_value=Decimal("-999999999.999999"), max_value=Decimal("999999999.999999"), places=6,
                     allow_nan=False, allow_infinity=False) | st.decimals(
    min_value=-1000, max_value=1000, places=0, allow_nan=False, allow_infinity=False)
"""Report values a store must keep exactly: at most 6 decimal places, magnitude below 10¹²."""

_TEXT = st.text(st.sampled_from(list("贺兰县教育局学位所名 aZ09-_.%/（）“”")), max_size=12)
_IDS = st.sampled_from(["T01-1", "T02-1", "t02-1", "T10-2"])
_UNITS = st.sampled_from(["education-sports", "finance", "fuxing", "Finance"])
_DAYS = st.dates(min_value=pendulum.Date(2023, 1, 1), max_value=pendulum.Date(2025, 12, 31)).map(
    lambda d: pendulum.Date(d.year, d.month, d.day))
_PERIODS = st.sampled_from(["2024", "2024Q1", "2024-03", "2024-2025", "2024-2025-2", "2025"]).map(Period.parse)


def plans(plan_id: str | None = None) -> st.SearchStrategy[Plan]:
    """Small valid plans: one section, a few tasks with targets and units (``plan_id`` fixed if given)."""

    @st.composite
    def build(draw: st.DrawFn) -> Plan:
        units = [Unit(id=u, name=f"单位{u}") for u in ("education-sports", "finance", "fuxing", "Finance")]
        targets = [
            Target(id=t, kind="cumulative", metric=draw(_TEXT.filter(str.strip) | st.just("新增学位")),
                   quantity=draw(st.decimals(min_value=0, max_value=10**6, places=2)), unit_of_measure="个")
            for t in ("T01-1", "T02-1", "t02-1", "T10-2")
        ]
        task = Task(number=1, title="扩大学前教育资源",
                    responsibilities=(Responsibility(unit="education-sports", role=Role.LEAD),),
                    targets=tuple(targets))
        issue = draw(st.none() | _DAYS)
        return Plan(id=plan_id or draw(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)),
                    title=draw(st.sampled_from(["贺兰县教育质量提升行动实施方案", "示例方案"])),
                    issue_date=issue, sections=(Section(key="一", title="重点任务", tasks=(task,)),),
                    units=tuple(units))

    return build()


def progress_reports(plan_id: str) -> st.SearchStrategy[ProgressReport]:
    """Reports of plan ``plan_id`` on a few targets, units and periods, so that groups repeat."""
    return st.builds(
        ProgressReport, plan_id=st.just(plan_id), target=_IDS, unit=_UNITS, period=_PERIODS, value=values,
        report_date=_DAYS, evidence=st.lists(_TEXT.filter(str.strip), max_size=2).map(tuple), note=_TEXT,
        status=st.sampled_from(list(ReviewStatus)), reported_by=st.none() | _TEXT,
    )


def events(plan_id: str) -> st.SearchStrategy[Event]:
    """Awards, incidents and lapses of plan ``plan_id``."""
    award = st.builds(Award, plan_id=st.just(plan_id), unit=_UNITS, date=_DAYS, level=st.sampled_from(list(AwardLevel)),
                      title=_TEXT.filter(str.strip), evidence=st.lists(_TEXT, max_size=2).map(tuple),
                      task=st.none() | st.integers(1, 22), note=_TEXT)
    incident = st.builds(Incident, plan_id=st.just(plan_id), unit=_UNITS, date=_DAYS, kind=st.just("安全事故"),
                         severity=st.sampled_from(["一般", "较大"]), description=_TEXT,
                         points=st.none() | st.decimals(min_value=0, max_value=10, places=1))
    lapse = st.builds(ReportLapse, plan_id=st.just(plan_id), unit=_UNITS, date=_DAYS,
                      kind=st.sampled_from(list(LapseKind)), target=st.none() | _IDS, period=st.none() | _PERIODS,
                      days_late=st.integers(0, 30), note=_TEXT)
    return st.one_of(award, incident, lapse)


def _assessment(plan_id: str, total: Decimal) -> Assessment:
    line = ScoreLine(task=1, target="T01-1", role=Role.LEAD, weight=Decimal(1), share=Decimal("0.5"),
                     points=Decimal("2.50"), max_points=Decimal(5), explanation="新增学位 1800/3600 = 0.5 × 5 分")
    card = Scorecard(unit="education-sports", unit_name="县教体局", peer_group="部门", total=total,
                     max_points=Decimal(100), grade="良好", rank=1, lines=(line,))
    return Assessment(plan_id=plan_id, scorer="attainment", scheme="示例方案", period=Period.parse("2024"),
                      as_of=pendulum.Date(2024, 12, 31), max_points=Decimal(100), scorecards=(card,))


def _writer(url: str, plan_id: str, worker: int, count: int, barrier: Any) -> None:
    """One of the concurrent writers: ``count`` reports of its own plus ``count`` shared with the other."""
    barrier.wait()
    with open_store(url) as store:
        for i in range(count):
            own = ProgressReport(plan_id=plan_id, target="T01-1", unit=f"w{worker}", period=Period.parse("2024"),
                                 value=Decimal(i), report_date=pendulum.Date(2024, 1, 1).add(days=i))
            shared = attrs.evolve(own, unit="shared")
            store.add_reports([own, shared])


def _plan_saver(url: str, plan_id: str, barrier: Any) -> None:
    """One of the processes saving the same new plan at the same moment."""
    barrier.wait()
    with open_store(url) as store:
        store.save_plan(_fixed_plan(plan_id))


class StoreContract:
    """The tests a storage backend must pass; subclass it and implement :meth:`make_url`."""

    plan_strategy: ClassVar[st.SearchStrategy[Plan] | None] = None
    """Plans for the round-trip test (default: :func:`plans`); point it at richer builders if you have them."""

    def make_url(self, tmp_path: Path) -> str:
        """A URL of a fresh, empty store for one test (override; or override the ``url`` fixture)."""
        raise NotImplementedError("implement make_url(tmp_path) to give each test a fresh store")

    def forge_schema_version(self, url: str, version: int) -> None:
        """Record ``version`` as the schema version of the store at ``url``, as a newer library would."""
        pytest.skip("the backend's test class does not implement forge_schema_version")

    @pytest.fixture
    def url(self, tmp_path: Path) -> str:
        """A fresh store URL."""
        return self.make_url(tmp_path)

    @pytest.fixture
    def store(self, url: str) -> Iterator[Any]:
        """The store at ``url``, opened through its entry point."""
        with open_store(url) as opened:
            yield opened

    @staticmethod
    def _saved_plan(store: Any) -> str:
        plan_id = f"p-{uuid.uuid4().hex[:12]}"
        store.save_plan(_fixed_plan(plan_id))
        return plan_id

    # -- plans ---------------------------------------------------------------------------------

    def test_plan_round_trip(self, store: Any) -> None:
        """A saved plan loads back equal, with the same types (Date, Decimal, enums); saving it again adds nothing."""

        @_settings()
        @given(plan=self.plan_strategy if self.plan_strategy is not None else plans())
        def check(plan: Plan) -> None:
            first = store.save_plan(plan)
            assert first == store.save_plan(plan)
            loaded = store.load_plan(plan.id)
            assert plan == loaded
            assert (type(plan.issue_date) is type(loaded.issue_date))
            for (_task, target), (_t2, back) in zip(plan.iter_targets(), loaded.iter_targets(), strict=True):
                assert type(target.quantity) is type(back.quantity)
            assert [type(u.kind) for u in plan.units] == [type(u.kind) for u in loaded.units]

        check()

    def test_changed_plan_keeps_earlier_revision(self, store: Any) -> None:
        """Saving a changed plan adds revision 2 and revision 1 still loads as it was."""
        plan = _fixed_plan("helan-test")
        changed = attrs.evolve(plan, title="贺兰县教育质量提升行动实施方案（修订）")
        assert store.save_plan(plan).revision == 1
        assert store.save_plan(changed).revision == 2
        assert [r.revision for r in store.revisions(plan.id)] == [1, 2]
        assert plan == store.load_plan(plan.id, revision=1)
        assert changed == store.load_plan(plan.id)
        assert [(r.plan_id, r.revision) for r in store.plans()] == [("helan-test", 2)]

    def test_missing_plan_is_a_clear_error(self, store: Any) -> None:
        """Loading a plan that is not stored raises StorageError naming it."""
        with pytest.raises(StorageError, match="no-such-plan"):
            store.load_plan("no-such-plan")

    # -- reports -------------------------------------------------------------------------------

    def test_reports_round_trip(self, store: Any) -> None:
        """Stored reports come back equal and with the same types: Decimal, pendulum.Date, Period, ReviewStatus."""
        plan_id = self._saved_plan(store)

        @_settings()
        @given(report=progress_reports(plan_id).map(lambda r: attrs.evolve(r, status=ReviewStatus.DRAFT)))
        def check(report: ProgressReport) -> None:
            store.add_reports([report])
            back = store.reports(plan_id, unit=report.unit, target=report.target, period=report.period)
            same = [r for r in back if r.content == report.content]
            assert len(same) == 1
            assert report.value == same[0].value
            assert type(same[0].value) is Decimal
            assert type(same[0].report_date) is pendulum.Date
            assert type(same[0].period) is Period
            assert type(same[0].status) is ReviewStatus
            assert report.evidence == same[0].evidence

        check()

    def test_same_rules_and_sums_as_progress_log(self, store: Any) -> None:
        """Any sequence of reports is accepted, merged or refused as by ProgressLog, and sums to its observations."""

        @_settings()
        @given(data=st.data())
        def check(data: st.DataObject) -> None:
            plan_id = self._saved_plan(store)
            log = ProgressLog()
            for report in data.draw(st.lists(progress_reports(plan_id), max_size=12)):
                try:
                    expected: Any = log.add(report)
                except LockedPeriodError:
                    expected = LockedPeriodError
                try:
                    got: Any = store.add_reports([report]) == 1
                except LockedPeriodError:
                    got = LockedPeriodError
                assert expected == got
            until = data.draw(st.none() | _DAYS)
            targets = data.draw(st.none() | st.sets(_IDS))
            assert log.observations(plan_id, until=until, targets=targets) == list(
                store.observations(plan_id, until=until, targets=targets))

        check()

    def test_same_report_twice_is_stored_once(self, store: Any) -> None:
        """Sending the same report twice (even as 1.0 and 1) stores it once."""
        plan_id = self._saved_plan(store)
        report = _report(plan_id, "1.0")
        assert store.add_reports([report]) == 1
        assert store.add_reports([report, attrs.evolve(report, value=Decimal(1))]) == 0
        assert len(store.reports(plan_id)) == 1

    def test_approved_period_is_locked_until_reopened(self, store: Any) -> None:
        """A changed value for an approved period is refused; after reopening it is accepted."""
        plan_id = self._saved_plan(store)
        report = _report(plan_id, "1200", status=ReviewStatus.APPROVED)
        store.add_reports([report])
        changed = attrs.evolve(report, value=Decimal(1300), status=ReviewStatus.SUBMITTED)
        with pytest.raises(LockedPeriodError, match="approved and locked"):
            store.add_reports([changed])
        store.reopen(plan_id, report.target, report.unit, report.period)
        assert store.add_reports([changed]) == 1
        [observation] = store.observations(plan_id)
        assert Decimal(2500) == observation.total

    def test_failed_write_leaves_nothing(self, store: Any) -> None:
        """A batch with one refused report stores none of its reports."""
        plan_id = self._saved_plan(store)
        store.add_reports([_report(plan_id, "5", status=ReviewStatus.APPROVED)])
        fresh = _report(plan_id, "7", unit="finance")
        locked = _report(plan_id, "6")
        with pytest.raises(LockedPeriodError):
            store.add_reports([fresh, locked])
        assert store.reports(plan_id, unit="finance") == []

    def test_report_for_unknown_plan_is_refused(self, store: Any) -> None:
        """A report for a plan that is not stored raises StorageError saying to save the plan first."""
        with pytest.raises(StorageError, match="save the plan first"):
            store.add_reports([_report("not-stored", "1")])

    def test_value_that_cannot_be_kept_exactly_is_refused(self, store: Any) -> None:
        """A value with 7 decimal places is refused, not rounded."""
        plan_id = self._saved_plan(store)
        with pytest.raises(EduPlanError, match="at most 6 decimal places"):
            store.add_reports([_report(plan_id, "0.1234567")])

    @pytest.mark.parametrize(("change", "message"), [
        ({"target": "T99-1"}, "unknown target 'T99-1'"),
        ({"unit": "县教体局"}, "'unit' must be a unit id (got the name '县教体局')"),
        ({"unit": "outsider"}, "unit 'outsider' holds no responsibility for target 'T01-1' (task 1)"),
        ({"target": "T01-9", "value": Decimal(5)}, "'value' of a milestone must be 1 (done) or 0 (not done) (got 5)"),
    ])
    def test_report_that_does_not_fit_the_plan_is_refused(self, store: Any, change: dict[str, Any],
                                                          message: str) -> None:
        """An unknown target, a unit by name, a unit without a role, a milestone of 5: refused, nothing stored."""
        plan_id = self._saved_plan(store)
        with pytest.raises(ProgressError) as info:
            store.add_reports([attrs.evolve(_report(plan_id, "1"), **change)])
        assert [message] == [p.message for p in info.value.problems]
        assert [] == store.reports(plan_id)

    def test_every_bad_report_of_a_batch_is_listed_at_once(self, store: Any) -> None:
        """A batch of four bad reports and a good one raises one error listing the four; nothing is stored."""
        plan_id = self._saved_plan(store)
        good = _report(plan_id, "1")
        bad = [attrs.evolve(good, target="T99-1"), attrs.evolve(good, unit="县教体局"),
               attrs.evolve(good, unit="outsider"), attrs.evolve(good, target="T01-9", value=Decimal(5))]
        with pytest.raises(ProgressError) as info:
            store.add_reports([good, *bad])
        assert ["$[1]", "$[2]", "$[3]", "$[4]"] == [p.path.split(" ")[0] for p in info.value.problems]
        assert [] == store.reports(plan_id)

    # -- events and assessments ------------------------------------------------------------------

    def test_events_round_trip_once(self, store: Any) -> None:
        """Events come back equal, in ProgressLog's order, each stored once."""
        plan_id = self._saved_plan(store)

        @_settings()
        @given(items=st.lists(events(plan_id), max_size=5))
        def check(items: list[Event]) -> None:
            store.add_events(items)
            store.add_events(items)
            log = ProgressLog(events=store.events(plan_id))
            assert set(items) <= set(log.all_events)
            assert len(set(log.all_events)) == len(log.all_events)
            assert log.events(plan_id) == list(store.events(plan_id))

        check()

    def test_assessment_round_trip(self, store: Any) -> None:
        """An assessment loads back equal; saving it twice keeps one."""
        plan_id = self._saved_plan(store)
        assessment = _assessment(plan_id, Decimal("87.50"))
        key = store.save_assessment(assessment)
        assert key == store.save_assessment(assessment)
        assert assessment == store.load_assessment(key)
        assert [assessment] == store.assessments(plan_id)
        assert type(store.load_assessment(key).scorecards[0].total) is Decimal

    # -- processes and versions -----------------------------------------------------------------

    def test_two_processes_writing_at_once_lose_nothing(self, store: Any, url: str) -> None:
        """Two processes adding reports at the same time: every report is stored, shared ones once."""
        plan_id = self._saved_plan(store)
        count = 15
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(2)
        workers = [context.Process(target=_writer, args=(url, plan_id, n, count, barrier)) for n in (1, 2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert [w.exitcode for w in workers] == [0, 0]
        assert count == len(store.reports(plan_id, unit="w1"))
        assert count == len(store.reports(plan_id, unit="w2"))
        assert count == len(store.reports(plan_id, unit="shared"))

    def test_processes_saving_one_new_plan_at_once_agree(self, store: Any, url: str) -> None:
        """Three processes saving the same new plan at once all succeed, and the store holds one revision."""
        plan_id = f"p-{uuid.uuid4().hex[:12]}"
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(3)
        workers = [context.Process(target=_plan_saver, args=(url, plan_id, barrier)) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert [0, 0, 0] == [w.exitcode for w in workers]
        assert [1] == [r.revision for r in store.revisions(plan_id)]

    def test_old_store_is_migrated(self, url: str) -> None:
        """A store created at schema version 1 opens at the current version with its plans intact."""
        backend = default_registry().storage(scheme_of(url))
        assert backend.initialize(url, version=1) == 1
        plan = _fixed_plan("old-plan")
        with open_store(url) as store:
            assert backend.schema_version == store.version()
            store.save_plan(plan)
            store.add_reports([_report(plan.id, "3")])
            assert plan == store.load_plan(plan.id)

    def test_newer_store_is_refused(self, url: str) -> None:
        """A store written by a newer library is refused with a message that says to upgrade."""
        backend = default_registry().storage(scheme_of(url))
        backend.initialize(url)
        self.forge_schema_version(url, backend.schema_version + 1)
        with pytest.raises(SchemaVersionError, match="upgrade edu_plan"):
            open_store(url)


_REPORTING_UNITS = ("education-sports", "finance", "fuxing", "Finance", "w1", "w2", "shared")


def _fixed_plan(plan_id: str) -> Plan:
    # Every unit and target the kit's reports name has its place here, since stores check reports against the plan;
    # level targets accept any value, so the kit's value strategy is not narrowed. "outsider" holds no role.
    units = tuple(Unit(id=u, name="县教体局" if u == "education-sports" else f"单位{u}")
                  for u in (*_REPORTING_UNITS, "outsider"))
    targets = (Target(id="T01-1", kind="level", metric="新增学位", quantity=Decimal(3600), unit_of_measure="个",
                      comparator=Comparator.GE),
               *(Target(id=t, kind="level", metric="覆盖率", quantity=Decimal(92), comparator=Comparator.GE)
                 for t in ("T02-1", "t02-1", "T10-2")),
               Target(id="T01-9", kind="milestone", metric="挂牌成立"))
    roles = tuple(Responsibility(unit=u, role=Role.LEAD if u == "education-sports" else Role.COOPERATING)
                  for u in _REPORTING_UNITS)
    task = Task(number=1, title="扩大学前教育资源", responsibilities=roles, targets=targets)
    return Plan(id=plan_id, title="贺兰县教育质量提升行动实施方案", issue_date=pendulum.Date(2023, 3, 20),
                sections=(Section(key="一", title="重点任务", tasks=(task,)),), units=units)


def _report(plan_id: str, value: str, *, unit: str = "education-sports",
            status: ReviewStatus = ReviewStatus.SUBMITTED) -> ProgressReport:
    return ProgressReport(plan_id=plan_id, target="T01-1", unit=unit, period=Period.parse("2024"),
                          value=Decimal(value), report_date=pendulum.Date(2024, 6, 30), status=status)
