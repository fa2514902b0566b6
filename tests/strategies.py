"""Hypothesis builders, one ``st.composite`` per model type.

Plans built by :func:`plans` are valid: every reference resolves, numbers and ids
are unique, deadlines lie in the horizon.  Other developers append the builders of
their own types (progress reports, assessments…) below the core ones.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
from hypothesis import strategies as st

from edu_plan import (
    Baseline,
    BasisDocument,
    Comparator,
    Horizon,
    Milestone,
    MilestoneStatus,
    Period,
    PeriodKind,
    Plan,
    Recurrence,
    Responsibility,
    Role,
    Safeguard,
    Section,
    Target,
    Task,
    Unit,
    UnitKind,
)

# Text as plan authors write it: Chinese, Latin, digits, the punctuation of official documents.
_ALPHABET = st.sampled_from(
    list("贺兰县教育体育局委宣传部团街道办乡镇场新增幼儿园所学位个覆盖率名次每学期年一二三")
    + list("abcXYZ0123456789 -_.（）、，。：；“”《》〔〕—%")
)
texts = st.text(_ALPHABET, min_size=1, max_size=24).filter(lambda s: s.strip() != "")
"""Non-blank text in the alphabet of plan documents."""
long_texts = st.text(st.one_of(_ALPHABET, st.just("\n")), max_size=80)
"""Text that may span lines (task bodies, intros)."""
ids = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6})?", fullmatch=True)
"""Unit and target ids as plan files write them."""
quantities = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
"""Non-negative decimal quantities with at most two places."""
dates = st.dates(min_value=pendulum.Date(2000, 1, 1), max_value=pendulum.Date(2099, 12, 31)).map(
    lambda d: pendulum.Date(d.year, d.month, d.day)
)
"""Days as :class:`pendulum.Date`."""


@st.composite
def periods(draw: st.DrawFn, kinds: st.SearchStrategy[PeriodKind] | None = None) -> Period:
    """Any period of any kind between 2000 and 2098."""
    kind = draw(kinds if kinds is not None else st.sampled_from(list(PeriodKind)))
    year = draw(st.integers(2000, 2098))
    index = {
        PeriodKind.QUARTER: st.integers(1, 4),
        PeriodKind.MONTH: st.integers(1, 12),
        PeriodKind.SEMESTER: st.integers(1, 2),
    }.get(kind, st.just(0))
    return Period(kind=kind, year=year, index=draw(index))


@st.composite
def recurrences(draw: st.DrawFn) -> Recurrence:
    """每学期, 每年, 每3年… with or without an anchor."""
    every = draw(st.sampled_from(list(PeriodKind)))
    anchor = draw(st.none() | periods(st.just(every)))
    return Recurrence(every=every, interval=draw(st.integers(1, 5)), anchor=anchor)


@st.composite
def baselines(draw: st.DrawFn) -> Baseline:
    """A starting value with an optional date and source."""
    return Baseline(value=draw(quantities), as_of=draw(st.none() | dates), source=draw(st.none() | texts))


def _extension_data() -> st.SearchStrategy[dict[str, Any]]:
    scalars = st.one_of(texts, st.integers(-1000, 1000), quantities, st.booleans())
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=5)
    return st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), values, max_size=3)


extensions = st.dictionaries(st.sampled_from(["x-county", "acme"]), _extension_data(), max_size=1)
"""Data of extensions that are not installed (kept as they are)."""


@st.composite
def units(draw: st.DrawFn, unit_id: str | None = None) -> Unit:
    """A single, non-collective unit."""
    return Unit(
        id=unit_id or draw(ids),
        name=draw(texts),
        full_name=draw(st.none() | texts),
        aliases=draw(st.lists(texts, max_size=2, unique=True)),
        kind=draw(st.sampled_from([k for k in UnitKind if k is not UnitKind.COLLECTIVE])),
        extensions=draw(extensions),
    )


@st.composite
def targets(draw: st.DrawFn, target_id: str, horizon: Horizon, owners: list[str]) -> Target:
    """A valid target of one of the six built-in kinds."""
    kind = draw(st.sampled_from(["cumulative", "level", "range", "recurring", "milestone", "qualitative"]))
    deadline = draw(st.dates(min_value=horizon.start, max_value=horizon.end).map(
        lambda d: pendulum.Date(d.year, d.month, d.day)))
    fields: dict[str, Any] = {}
    if kind == "cumulative":
        fields = {"quantity": draw(quantities), "comparator": Comparator.GE, "deadline": deadline}
    elif kind == "level":
        fields = {"quantity": draw(quantities), "comparator": draw(st.sampled_from(list(Comparator))),
                  "deadline": deadline, "approximate": draw(st.booleans())}
    elif kind == "range":
        low, high = sorted([draw(quantities), draw(quantities)])
        fields = {"minimum": low, "maximum": high, "deadline": deadline}
    elif kind == "recurring":
        fields = {"recurrence": draw(recurrences()), "quantity": draw(quantities), "comparator": Comparator.GE}
    else:
        fields = {"deadline": deadline}
    if kind in ("cumulative", "level", "range"):
        fields["baseline"] = draw(st.none() | baselines())
        fields["unit_of_measure"] = draw(st.sampled_from(["所", "个", "名", "%", "节"]))
    return Target(
        id=target_id,
        kind=kind,
        metric=draw(texts),
        owners=draw(st.lists(st.sampled_from(owners), max_size=2, unique=True)) if owners else (),
        weight=draw(st.sampled_from([Decimal(1), Decimal("0.5"), Decimal(2)])),
        source=draw(st.none() | texts),
        extensions=draw(extensions),
        **fields,
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """A valid plan: units, sections of uniquely numbered tasks, targets and milestones."""
    unit_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    plan_units = [draw(units(uid)) for uid in unit_ids]
    # Every spelling must mean one unit.
    seen: set[str] = set()
    unique_units = []
    for unit in plan_units:
        if seen.isdisjoint(unit.spellings):
            unique_units.append(unit)
            seen.update(unit.spellings)
    plan_units = unique_units
    unit_ids = [u.id for u in plan_units]
    if draw(st.booleans()) and len(unit_ids) > 1:
        plan_units.append(Unit(id="all-townships", name="各乡镇场", kind=UnitKind.COLLECTIVE, members=unit_ids[1:]))
    start = draw(dates.filter(lambda d: d.year < 2090))
    horizon = Horizon(start=start, end=start.add(years=draw(st.integers(1, 8))))
    number = 0
    sections = []
    for s in range(draw(st.integers(1, 3))):
        tasks = []
        for _ in range(draw(st.integers(0, 3))):
            number += 1
            lead = draw(st.sampled_from(unit_ids))
            role = draw(st.sampled_from([Role.LEAD, Role.RESPONSIBLE]))
            others = [u for u in unit_ids if u != lead]
            cooperating = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
            responsibilities = [Responsibility(unit=lead, role=role)]
            responsibilities += [Responsibility(unit=u, role=Role.COOPERATING) for u in cooperating]
            task_targets = [
                draw(targets(f"T{number:02d}-{k + 1}", horizon, unit_ids)) for k in range(draw(st.integers(0, 3)))
            ]
            milestones = [
                Milestone(
                    id=f"M{number}-{k + 1}",
                    title=draw(texts),
                    due=draw(st.none() | st.just(horizon.end)),
                    owner=draw(st.none() | st.sampled_from(unit_ids)),
                    status=draw(st.sampled_from(list(MilestoneStatus))),
                )
                for k in range(draw(st.integers(0, 1)))
            ]
            tasks.append(Task(number=number, title=draw(texts), text=draw(long_texts),
                              responsibilities=responsibilities, targets=task_targets, milestones=milestones,
                              extensions=draw(extensions)))
        sections.append(Section(key="一二三四五"[s], title=draw(texts), intro=draw(long_texts), tasks=tasks))
    return Plan(
        id=draw(ids),
        title=draw(texts),
        issuer=draw(texts),
        doc_number=draw(st.none() | texts),
        issue_date=draw(st.none() | st.just(start)),
        basis=[BasisDocument(title=t, doc_number=draw(st.none() | texts)) for t in draw(st.lists(texts, max_size=2))],
        region=draw(texts),
        horizon=horizon,
        preamble=draw(long_texts),
        goals=draw(st.lists(texts, max_size=3)),
        sections=sections,
        safeguards=[Safeguard(title=t, text=draw(long_texts)) for t in draw(st.lists(texts, max_size=2))],
        units=plan_units,
        extensions=draw(extensions),
    )


# -- views (issue 5: rendering) ---------------------------------------------------------------

_HOSTILE = st.sampled_from(
    ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "＝1", "a|b", "*x*",
     "[x](javascript:alert(1))", "\x1b[31mred", "\"quoted\", comma", "line\nbreak", "&amp;", "</td></tr>"]
)
"""Text written to break out of a format: markup, formulas, escapes, separators."""


@st.composite
def cells(draw: st.DrawFn, column_type: Any = None) -> Any:
    """A :class:`~edu_plan.views.Cell` whose value fits ``column_type`` (any type when None)."""
    from edu_plan.views import Cell, ColumnType, Light

    kind = column_type if column_type is not None else draw(st.sampled_from(list(ColumnType)))
    if kind is ColumnType.INTEGER:
        value: Any = draw(st.none() | st.integers(-10**6, 10**6))
    elif kind is ColumnType.DECIMAL:
        value = draw(st.none() | st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False,
                                             allow_infinity=False))
    elif kind is ColumnType.DATE:
        value = draw(st.none() | dates)
    elif kind is ColumnType.MARK:
        value = draw(st.none() | st.sampled_from(["牵", "配", "责"]))
    else:
        value = draw(st.one_of(texts, _HOSTILE, st.just("")))
    light = draw(st.sampled_from(list(Light))) if kind is ColumnType.LIGHT else None
    return Cell(value=value, light=light)


@st.composite
def views(draw: st.DrawFn) -> Any:
    """A :class:`~edu_plan.views.View` with typed columns, hostile text among the cells, no charts."""
    from edu_plan.views import Column, ColumnType, View

    types = draw(st.lists(st.sampled_from(list(ColumnType)), min_size=1, max_size=5))
    columns = tuple(
        Column(key=f"c{i}", label=draw(st.one_of(texts, _HOSTILE)), type=t) for i, t in enumerate(types)
    )
    rows = draw(st.lists(st.tuples(*(cells(t) for t in types)), max_size=5))
    return View(name=draw(ids), title=draw(st.one_of(texts, _HOSTILE)), columns=columns, rows=tuple(rows),
                subtitle=draw(st.one_of(st.just(""), texts)), notes=tuple(draw(st.lists(texts, max_size=2))))


# -- progress, events and assessments (issue 3) ------------------------------------------------------

shares = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)
"""Shares in [0, 1] with four places, as the scorers keep them."""
points = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)
"""Points with two places."""
_words = st.text(st.sampled_from(list("贺兰县教育体育局示范课学位覆盖率表彰事故迟报abc0123")), min_size=1, max_size=12)


@st.composite
def progress_reports(draw: st.DrawFn, plan_id: str = "p", targets: st.SearchStrategy[str] | None = None,
                     units: st.SearchStrategy[str] | None = None) -> Any:
    """A :class:`~edu_plan.ProgressReport` of plan ``plan_id``, any status."""
    from edu_plan import ProgressReport, ReviewStatus

    return ProgressReport(
        plan_id=plan_id,
        target=draw(targets if targets is not None else ids),
        unit=draw(units if units is not None else ids),
        period=draw(periods()),
        value=draw(quantities),
        report_date=draw(dates),
        evidence=tuple(draw(st.lists(_words, max_size=2))),
        note=draw(st.one_of(st.just(""), _words)),
        status=draw(st.sampled_from(list(ReviewStatus))),
        reported_by=draw(st.none() | _words),
    )


@st.composite
def awards(draw: st.DrawFn, plan_id: str = "p") -> Any:
    """An :class:`~edu_plan.Award`."""
    from edu_plan import Award, AwardLevel

    return Award(plan_id=plan_id, unit=draw(ids), date=draw(dates), level=draw(st.sampled_from(list(AwardLevel))),
                 title=draw(_words), evidence=tuple(draw(st.lists(_words, max_size=2))),
                 task=draw(st.none() | st.integers(1, 22)), note=draw(st.one_of(st.just(""), _words)))


@st.composite
def incidents(draw: st.DrawFn, plan_id: str = "p") -> Any:
    """An :class:`~edu_plan.Incident`."""
    from edu_plan import Incident

    return Incident(plan_id=plan_id, unit=draw(ids), date=draw(dates), kind=draw(_words), severity=draw(_words),
                    description=draw(st.one_of(st.just(""), _words)),
                    evidence=tuple(draw(st.lists(_words, max_size=2))), points=draw(st.none() | points))


@st.composite
def report_lapses(draw: st.DrawFn, plan_id: str = "p") -> Any:
    """A :class:`~edu_plan.ReportLapse`."""
    from edu_plan import LapseKind, ReportLapse

    return ReportLapse(plan_id=plan_id, unit=draw(ids), date=draw(dates),
                       kind=draw(st.sampled_from(list(LapseKind))), target=draw(st.none() | ids),
                       period=draw(st.none() | periods()),
                       days_late=draw(st.integers(0, 60)), note=draw(st.one_of(st.just(""), _words)))


@st.composite
def achievements(draw: st.DrawFn) -> Any:
    """An :class:`~edu_plan.Achievement`."""
    from edu_plan import Achievement, AchievementStatus

    return Achievement(share=draw(shares), explanation=draw(_words),
                       status=draw(st.sampled_from(list(AchievementStatus))), value=draw(st.none() | quantities),
                       reference=draw(st.none() | quantities))


@st.composite
def score_lines(draw: st.DrawFn) -> Any:
    """A :class:`~edu_plan.ScoreLine`."""
    from edu_plan import AchievementStatus, ScoreLine

    return ScoreLine(task=draw(st.integers(1, 22)), target=draw(st.none() | ids),
                     role=draw(st.sampled_from(list(Role))), weight=draw(quantities), share=draw(shares),
                     points=draw(points), max_points=draw(points),
                     explanation=draw(_words), status=draw(st.sampled_from(list(AchievementStatus))),
                     category=draw(st.none() | st.sampled_from(["on_track", "stagnating"])),
                     colour=draw(st.none() | st.sampled_from(["green", "red"])))


@st.composite
def scorecards(draw: st.DrawFn) -> Any:
    """A :class:`~edu_plan.Scorecard` with lines, deductions, bonuses and vetoes."""
    from edu_plan import Bonus, Deduction, Scorecard, Veto

    return Scorecard(
        unit=draw(ids), unit_name=draw(_words), peer_group=draw(st.sampled_from(["部门", "街道乡镇"])),
        total=draw(points), max_points=draw(points), grade=draw(st.sampled_from(["优秀", "良好", "合格", "不合格"])),
        rank=draw(st.none() | st.integers(1, 40)), lines=tuple(draw(st.lists(score_lines(), max_size=3))),
        deductions=tuple(draw(st.lists(
            st.builds(Deduction, rule=ids, reason=_words, points=points, occurrences=st.integers(1, 5),
                      chosen=st.none() | _words),
            max_size=2))),
        bonuses=tuple(draw(st.lists(st.builds(Bonus, rule=ids, reason=_words, points=points, paid=st.booleans()),
                                    max_size=2))),
        vetoes=tuple(draw(st.lists(st.builds(Veto, rule=ids, reason=_words), max_size=1))),
        explanation=draw(_words),
    )


@st.composite
def assessments(draw: st.DrawFn) -> Any:
    """An :class:`~edu_plan.Assessment` with scorecards, findings and rectifications."""
    from edu_plan import Assessment, Finding, Rectification

    return Assessment(
        plan_id=draw(ids), scorer=draw(st.sampled_from(["attainment", "pace", "efficiency"])), scheme=draw(_words),
        period=draw(periods()), as_of=draw(dates), max_points=draw(points),
        scorecards=tuple(draw(st.lists(scorecards(), max_size=3))),
        findings=tuple(draw(st.lists(st.builds(Finding, unit=ids, message=_words, task=st.none() | st.integers(1, 22)),
                                     max_size=2))),
        rectifications=tuple(draw(st.lists(st.builds(Rectification, unit=ids, finding=_words, issued=dates,
                                                     working_days=st.integers(1, 30), due=dates), max_size=2))),
    )


@st.composite
def plan_texts(draw: st.DrawFn) -> str:
    """The Helan plan's official text with lines dropped, duplicated, cut or spliced with noise (for importers)."""
    from pathlib import Path

    source = Path(__file__).resolve().parent.parent / "examples" / "helan" / "plan-text.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    alphabet = list("一二三十百（）、，。；：“”%—-每年学期") + list("个所名次县局牵头配合责任单位0123456789 \t|")
    noise = st.text(st.sampled_from(alphabet), max_size=30)
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "cut", "noise"]))
        if action == "drop":
            del lines[at]
        elif action == "dup":
            lines.insert(at, lines[at])
        elif action == "cut":
            cut = draw(st.integers(0, len(lines[at])))
            lines[at:at + 1] = [lines[at][:cut], lines[at][cut:]]
        else:
            lines.insert(at, draw(noise))
    return "\n".join(lines)
