"""The columnar engine of assess_many: every figure equal to the per-plan scorer's, to the last digit.

Two independent implementations must agree: the per-county scorer (Decimal, one plan at a time) and the
vectorised pass (integers, all plans at once).  The Helan example and hypothesis-drawn plans, progress,
events and schemes compare every unit's total, grade, rank and veto and every line's maximum, share and
points; a few cases are worked out by hand.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import strategies

from edu_plan import (
    Award,
    AwardLevel,
    Horizon,
    Incident,
    LapseKind,
    Period,
    PeriodKind,
    Plan,
    ProgressLog,
    ProgressReport,
    ReportLapse,
    Responsibility,
    ReviewStatus,
    Role,
    Section,
    Target,
    Task,
    Unit,
    UnitKind,
    assess_many,
    datasets,
)
from edu_plan._columns import ProgressColumns
from edu_plan.errors import LockedPeriodError, ScoringError
from edu_plan.plugins.scoring import EFFICIENCY, load_scheme
from edu_plan.progress import load_progress

ROOT = Path(__file__).resolve().parent.parent
D = Decimal
YEAR = Period.parse("2024")


def figures(result: Any) -> tuple[dict[tuple[str, str], tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every card's (total, grade, rank, vetoed) by (plan, unit), and every line, as plain values."""
    cards = {(c.plan_id, c.unit): (c.total, c.grade, c.rank, c.vetoed) for c in result.totals()}
    lines = result.lines
    rows = sorted((lines.plan_ids[int(lines.plan[i])], lines.units[int(lines.unit[i])], int(lines.task[i]),
                   lines.targets[int(lines.target[i])], int(lines.max_points[i]), int(lines.share[i]),
                   int(lines.points[i])) for i in range(len(lines)))
    return cards, rows


def per_plan_figures(plans: list[Plan], progress: Any, scheme: Any, *, period: Period = YEAR,
                     as_of: pendulum.Date | None = None) -> tuple[dict[tuple[str, str], tuple[Any, ...]],
                                                                  list[tuple[Any, ...]]]:
    """The same figures read off EFFICIENCY.score, plan by plan: the oracle."""
    cards: dict[tuple[str, str], tuple[Any, ...]] = {}
    rows = []
    for plan in plans:
        assessment = EFFICIENCY.score(plan, progress, scheme, period=period, as_of=as_of)
        for card in assessment.scorecards:
            cards[(plan.id, card.unit)] = (card.total, card.grade, card.rank, bool(card.vetoes))
            rows.extend((plan.id, card.unit, line.task, line.target, int(line.max_points * 100),
                         int(line.share * 10000), int(line.points * 100)) for line in card.lines)
    return cards, sorted(rows)


@pytest.fixture(scope="module")
def helan() -> tuple[list[Plan], ProgressLog, Any]:
    """Five county copies of the Helan plan; each county drops every k-th report of the example, so they differ."""
    plan = datasets.load("helan")
    log = load_progress(ROOT / "examples" / "helan" / "progress-2023-2024.csv", plan=plan)
    plans = [attrs.evolve(plan, id=f"county-{n}") for n in range(5)]
    reports = [attrs.evolve(r, plan_id=p.id) for n, p in enumerate(plans)
               for i, r in enumerate(log.reports(plan.id)) if n == 0 or i % (n + 1)]
    events = [attrs.evolve(e, plan_id=p.id) for n, p in enumerate(plans) for e in log.all_events[n:]]
    _scorer, scheme = load_scheme(ROOT / "examples" / "helan" / "scheme.toml")
    return plans, ProgressLog(reports, events), scheme


class TestHelan:
    def test_every_figure_equals_the_per_plan_scorer(self, helan: tuple) -> None:
        """Five counties with different progress and events: every card and line equal, engine columnar."""
        plans, log, scheme = helan
        result = assess_many(plans, log, scheme, period=YEAR)
        assert result.engine == "columnar"
        assert result.fallbacks == ()
        assert figures(result) == per_plan_figures(plans, log, scheme)

    def test_the_same_from_columns_and_at_mid_year(self, helan: tuple) -> None:
        """Reports given as columns, scored as of 30 June (pro rata, cycles still running): the same figures."""
        plans, log, scheme = helan
        day = pendulum.Date(2024, 6, 30)
        result = assess_many(plans, ProgressColumns.from_reports(log), scheme, period=YEAR, as_of=day)
        assert figures(result) == per_plan_figures(plans, log, scheme, as_of=day)

    def test_a_county_is_explained_on_request_as_the_per_plan_scorer_explains_it(self, helan: tuple) -> None:
        """explain() gives the per-plan assessment itself, steps and sentences included."""
        plans, log, scheme = helan
        result = assess_many(plans, log, scheme, period=YEAR)
        assert result.explain("county-2") == EFFICIENCY.score(plans[2], log, scheme, period=YEAR)
        assert result[2].scorecards[0].lines[0].steps

    def test_engine_per_plan_gives_the_same_figures(self, helan: tuple) -> None:
        """engine='per-plan' scores one by one, with the same columns."""
        plans, log, scheme = helan
        assert figures(assess_many(plans, log, scheme, period=YEAR, engine="per-plan")) == figures(
            assess_many(plans, log, scheme, period=YEAR))

    def test_a_process_pool_gives_the_same_figures(self, helan: tuple) -> None:
        """Two worker processes, chunks of two plans (a short last chunk): the same columns."""
        plans, log, scheme = helan
        with ProcessPoolExecutor(2) as pool:
            there = assess_many(plans, log, scheme, period=YEAR, executor=pool, chunk_size=2)
        assert there.engine == "columnar"
        assert figures(there) == figures(assess_many(plans, log, scheme, period=YEAR))


# -- worked out by hand ------------------------------------------------------------------------------


def _plan(*targets: Target, plan_id: str = "h") -> Plan:
    return Plan(id=plan_id, title="手算", horizon=Horizon(start=pendulum.Date(2024, 1, 1),
                                                          end=pendulum.Date(2024, 12, 31)),
                units=[Unit(id="a", name="甲局"), Unit(id="t", name="乙镇", kind=UnitKind.TOWNSHIP)],
                sections=[Section(key="一", title="一", tasks=[
                    Task(number=1, title="一", responsibilities=[Responsibility(unit="a", role=Role.LEAD)],
                         targets=list(targets)),
                    Task(number=2, title="二", responsibilities=[Responsibility(unit="t", role=Role.LEAD)],
                         targets=[Target(id="Z", kind="milestone", metric="z", deadline=pendulum.Date(2024, 12, 1))]),
                ])])


def _report(target: str, unit: str, value: str, plan_id: str = "h", evidence: bool = True) -> ProgressReport:
    return ProgressReport(plan_id=plan_id, target=target, unit=unit, period=Period.parse("2024Q4"), value=D(value),
                          report_date=pendulum.Date(2024, 12, 20), evidence=("证明",) if evidence else ())


class TestByHand:
    def test_a_third_rounds_half_up(self) -> None:
        """X: 1 of 3 → 0.3333; Y (milestone) not done → 0.  Unit a's lines are worth 50 each:
        50 × 0.3333 = 16.665 → 16.67 (half up), so a's total is 16.67, 不合格, rank 1 of 部门."""
        plan = _plan(Target(id="X", kind="cumulative", metric="x", quantity=3, deadline=pendulum.Date(2024, 12, 31)),
                     Target(id="Y", kind="milestone", metric="y", deadline=pendulum.Date(2024, 12, 31)))
        log = ProgressLog([_report("X", "a", "1"), _report("Y", "a", "0")])
        result = assess_many([plan], log, EFFICIENCY.load_scheme({}), period=YEAR)
        assert figures(result)[0][("h", "a")] == (D("16.67"), "不合格", 1, False)

    def test_a_milestone_without_evidence_earns_nothing(self) -> None:
        """Unit t's only line, Z, reported done (1) without evidence → 0 points out of 100; with evidence, 100."""
        plan = _plan(Target(id="X", kind="cumulative", metric="x", quantity=3, deadline=pendulum.Date(2024, 12, 31)))
        scheme = EFFICIENCY.load_scheme({})
        unproven = assess_many([plan], ProgressLog([_report("Z", "t", "1", evidence=False)]), scheme, period=YEAR)
        proven = assess_many([plan], ProgressLog([_report("Z", "t", "1")]), scheme, period=YEAR)
        assert figures(unproven)[0][("h", "t")][0] == D(0)
        assert figures(proven)[0][("h", "t")][:2] == (D(100), "优秀")

    def test_a_veto_ranks_last_and_grades_lowest(self) -> None:
        """Two copies: county v has a 重大 incident of unit a.  Both score 100 on X (3 of 3), but v's card is
        vetoed: grade 不合格 (the lowest) whatever the total, and the columns say vetoed."""
        target = Target(id="X", kind="cumulative", metric="x", quantity=3, deadline=pendulum.Date(2024, 12, 31))
        plans = [_plan(target, plan_id="v"), _plan(target, plan_id="w")]
        log = ProgressLog([_report("X", "a", "3", plan_id=p) for p in ("v", "w")],
                          [Incident(plan_id="v", unit="a", date=pendulum.Date(2024, 5, 1), kind="安全事故",
                                    severity="重大")])
        scheme = EFFICIENCY.load_scheme({"vetoes": [{"id": "m", "title": "重大", "event": "incident",
                                                      "match": {"severity": "重大"}}]})
        cards = figures(assess_many(plans, log, scheme, period=YEAR))[0]
        assert cards[("v", "a")] == (D(100), "不合格", 1, True)
        assert cards[("w", "a")] == (D(100), "优秀", 1, False)


class TestFallback:
    def test_a_value_with_seven_places_is_scored_one_by_one_and_said(self) -> None:
        """0.0000001 cannot be kept in micro-units (a log refuses it; columns given as arrays carry it): every
        plan goes to the per-plan scorer, with the reason."""
        plan = _plan(Target(id="X", kind="cumulative", metric="x", quantity=3, deadline=pendulum.Date(2024, 12, 31)))
        log = ProgressColumns.from_arrays(plan=["h"], target=["X"], unit=["a"], period=["2024Q4"],
                                          value=[D("1.0000001")], report_date=[pendulum.Date(2024, 12, 20)],
                                          evidenced=[True])
        result = assess_many([plan], log, EFFICIENCY.load_scheme({}), period=YEAR)
        assert ["six decimal places" in reason for reason in result.fallbacks] == [True]
        assert figures(result) == per_plan_figures([plan], log, EFFICIENCY.load_scheme({}))

    def test_a_rating_off_the_scale_fails_as_the_per_plan_scorer_fails(self) -> None:
        """A qualitative rating of 7 is on no scale: the plan goes to the per-plan scorer, which refuses it."""
        plan = _plan(Target(id="Q", kind="qualitative", metric="q", deadline=pendulum.Date(2024, 12, 31)))
        log = ProgressLog([_report("Q", "a", "7")])
        with pytest.raises(ScoringError, match="not on the scheme's ordinal scale"):
            assess_many([plan], log, EFFICIENCY.load_scheme({}), period=YEAR)

    def test_a_plan_given_twice_is_scored_one_by_one_and_said(self) -> None:
        """The same plan id twice: both copies go to the per-plan scorer.  X: 1 of 3 → 0.3333 of unit a's only
        line, worth 100 → 33.33 in each copy."""
        plan = _plan(Target(id="X", kind="cumulative", metric="x", quantity=3, deadline=pendulum.Date(2024, 12, 31)))
        log = ProgressLog([_report("X", "a", "1")])
        result = assess_many([plan, plan], log, EFFICIENCY.load_scheme({}), period=YEAR)
        assert ["more than once" in reason for reason in result.fallbacks] == [True]
        assert [c.total for c in result.totals() if c.unit == "a"] == [D("33.33"), D("33.33")]

    def test_engine_columnar_is_refused_for_a_scorer_without_it(self) -> None:
        """The pace scorer has no vectorised pass: engine='columnar' says so."""
        plan = _plan(Target(id="X", kind="cumulative", metric="x", quantity=3, deadline=pendulum.Date(2024, 12, 31)))
        with pytest.raises(ScoringError, match="cannot score many plans at once"):
            assess_many([plan], ProgressLog(), {}, scorer="pace", period=YEAR, engine="columnar")


class TestMixed:
    def test_plans_of_different_structures_in_one_call(self, helan: tuple) -> None:
        """Helan counties interleaved with a small plan of another structure (two templates, rows of both
        in one set of columns): every figure equals the per-plan scorer's, cards in the order of the plans."""
        plans, log, scheme = helan
        small = _plan(Target(id="X", kind="cumulative", metric="x", quantity=3, deadline=pendulum.Date(2024, 12, 31)),
                      plan_id="small")
        mixed = [plans[0], small, plans[1]]
        progress = ProgressLog([*log.reports("county-0"), *log.reports("county-1"), _report("X", "a", "2", "small")],
                               [e for e in log.all_events if e.plan_id in ("county-0", "county-1")])
        result = assess_many(mixed, progress, scheme, period=YEAR)
        assert figures(result) == per_plan_figures(mixed, progress, scheme)
        order = [result.cards.plan_ids[int(i)] for i in result.cards.plan]
        assert order == sorted(order, key=["county-0", "small", "county-1"].index)


# -- hypothesis: the two implementations agree on drawn plans, progress, events and schemes ----------------

_SCHEMES = [
    {},
    {"unproven_is_undone": True, "kinds": {"cumulative": {"mode": "proportional", "pro_rata": True},
                                           "level": {"pro_rata": True}, "milestone": {"mode": "all_or_nothing"},
                                           "qualitative": {"mode": "floor", "floor": 0.6},
                                           "range": {"mode": "floor", "floor": 0.55}},
     "roles": {"cooperating": 0.25}, "sections": {"一": 30, "二": 25}, "tasks": {"1": 7},
     "ordinal": {"4": 1, "3": 0.75, "2": 0.5, "1": 0.25, "0": 0}},
    {"points": 50, "bonus": {"total_cap": 3}, "grades": {"A": 40, "B": 25, "C": 0},
     "bonuses": [{"id": "n", "title": "国家级", "level": "国家级", "points": 2, "cap": 2},
                 {"id": "c", "title": "县级", "level": "县级", "points": 0.5, "cap": 1}],
     "deductions": [{"id": "late", "title": "迟报", "event": "lapse", "match": {"kind": "late"}, "points": 0.5,
                     "cap": 1},
                    {"id": "miss", "title": "漏报", "event": "lapse", "match": {"kind": "missing"}, "points": 1,
                     "per_occurrence": False, "multipliers": {"township": 2}},
                    {"id": "safe", "title": "事故", "event": "incident", "match": {"kind": "安全事故"}, "min": 1,
                     "max": 5, "default": 2}],
     "vetoes": [{"id": "major", "title": "重大", "event": "incident", "match": {"severity": "重大"}}],
     "peer_groups": {"all": ["department", "school", "subdistrict", "township", "farm", "external"]}},
]


@st.composite
def national(draw: st.DrawFn) -> tuple[list[Plan], ProgressLog, Any, Period, pendulum.Date]:
    """A drawn plan in three county copies, reports of its targets by its units, events, a scheme and a day."""
    plan = draw(strategies.plans())
    start = plan.horizon.start if plan.horizon is not None else pendulum.Date(2024, 1, 1)
    year = draw(st.integers(start.year, start.year + 2))
    period = Period.parse(str(year))
    as_of = draw(st.sampled_from([period.span()[1], pendulum.Date(year, 6, 30), pendulum.Date(year + 1, 3, 1)]))
    copies = [attrs.evolve(plan, id=f"c{n}") for n in range(3)]
    targets = [t for _task, t in plan.iter_targets()]
    unit_ids = [u.id for u in plan.units]
    log = ProgressLog()
    events: list[Any] = []
    kinds = [PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.SEMESTER, PeriodKind.SCHOOL_YEAR, PeriodKind.MONTH]
    for county in copies:
        for target in draw(st.lists(st.sampled_from(targets), max_size=10)) if targets else []:
            kind = draw(st.sampled_from(kinds))
            index = {PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12, PeriodKind.SEMESTER: 2}.get(kind, 0)
            when = Period(kind=kind, year=draw(st.integers(year - 1, year)),
                          index=draw(st.integers(1, index)) if index else 0)
            if target.kind == "milestone":
                value = D(draw(st.integers(0, 1)))
            elif target.kind in ("qualitative", "recurring"):
                value = D(draw(st.integers(0, 4)))
            else:
                value = draw(st.decimals(min_value=0, max_value=200, places=draw(st.integers(0, 3)),
                                         allow_nan=False, allow_infinity=False))
            with contextlib.suppress(LockedPeriodError):  # a drawn report for an approved period: left out
                log.add(ProgressReport(
                    plan_id=county.id, target=target.id, unit=draw(st.sampled_from(unit_ids)), period=when,
                    value=value, report_date=when.span()[1].add(days=draw(st.integers(-20, 40))),
                    evidence=("证",) if draw(st.booleans()) else (),
                    status=draw(st.sampled_from([ReviewStatus.SUBMITTED, ReviewStatus.APPROVED,
                                                 ReviewStatus.DRAFT]))))
        for _ in range(draw(st.integers(0, 3))):
            unit = draw(st.sampled_from(unit_ids))
            day = pendulum.Date(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
            events.append(draw(st.sampled_from([
                Award(plan_id=county.id, unit=unit, date=day, level=draw(st.sampled_from(list(AwardLevel))),
                      title="表彰", evidence=("文",) if draw(st.booleans()) else ()),
                Incident(plan_id=county.id, unit=unit, date=day, kind="安全事故",
                         severity=draw(st.sampled_from(["一般", "重大"])), points=draw(st.none() | st.just(D(3)))),
                ReportLapse(plan_id=county.id, unit=unit, date=day, kind=draw(st.sampled_from(list(LapseKind)))),
            ])))
    # No rectification orders: they need the official calendar of the drawn year, and change no figure.
    scheme = EFFICIENCY.load_scheme({**draw(st.sampled_from(_SCHEMES)), "rectification_days": 0})
    for event in events:
        log.add_event(event)
    return copies, log, scheme, period, as_of


class TestAgreement:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(national())
    def test_columnar_equals_per_plan(self, case: tuple) -> None:
        """Whatever the plan, progress, events, scheme and day: the same cards and lines, or the same refusal."""
        plans, log, scheme, period, as_of = case
        try:
            expected: Any = per_plan_figures(plans, log, scheme, period=period, as_of=as_of)
        except ScoringError as error:
            expected = type(error)
        try:
            got: Any = figures(assess_many(plans, log, scheme, period=period, as_of=as_of))
        except ScoringError as error:
            got = type(error)
        assert got == expected


class TestStore:
    def test_from_a_sqlite_store_the_same_figures(self, helan: tuple, tmp_path: Path) -> None:
        """The five counties saved in a SQLite store: assess_many reads one grouped query and one events query
        (the store's observation_columns and events_by_plan), and every figure equals the per-plan scorer's."""
        from edu_plan._store import open_store

        plans, log, scheme = helan
        with open_store(f"sqlite:///{tmp_path}/national.db") as store:
            store.save_plans(plans)
            store.add_reports(log.reports())
            store.add_events(log.all_events)
            result = assess_many(plans, store, scheme, period=YEAR)
            assert result.engine == "columnar"
            assert result.fallbacks == ()
            assert figures(result) == per_plan_figures(plans, store, scheme)
            assert figures(result) == figures(assess_many(plans, log, scheme, period=YEAR))
