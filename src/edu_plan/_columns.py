"""Progress as columns: many plans' reports (or their per-period aggregates) as NumPy arrays.

A national year is about a million reports; the columnar scorer (``edu_plan.assess_many``) reads them
as a few integer arrays instead of a million objects.  Values are kept exactly as integer micro-units
(10⁻⁶, the six places a store keeps), dates as ordinals, and texts and periods as codes into small
vocabularies.  :class:`ProgressColumns` is also a :class:`~edu_plan.ProgressSource`, so the per-plan
scorer reads the very same progress when one county's explanations are asked for.

NumPy is an optional dependency (``pip install edu-plan[fast]``); this module is imported only when
columns are used.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan._periods import Period
from edu_plan._progress import (
    COUNTED_STATUSES,
    Event,
    Observation,
    ProgressLog,
    ProgressReport,
    ReviewStatus,
    _event_sort_key,
)
from edu_plan.errors import ScoringError

__all__ = ["MICRO", "ObservationColumns", "ProgressColumns", "micro_of"]

MICRO = 1_000_000
"""Values are integer micro-units: ``Decimal("12.5")`` is 12,500,000."""
_LIMIT = 2**62 // 20_000  # products up to 20,000 × a value stay within int64 (see the scorer's ratios)


def micro_of(value: Decimal) -> int | None:
    """``value`` in micro-units, or None when it has more than six decimal places or is too large to add up."""
    scaled = value.scaleb(6)
    if scaled != scaled.to_integral_value():
        return None
    number = int(scaled)
    return number if -_LIMIT < number < _LIMIT else None


class _Vocabulary(dict[Any, int]):
    """Codes for texts, periods or values: each new item gets the next code."""

    def code(self, item: Any) -> int:
        found = self.get(item)
        if found is None:
            found = self[item] = len(self)
        return found

    def items_by_code(self) -> list[Any]:
        return list(self)


@attrs.frozen(kw_only=True, eq=False)
class ObservationColumns:
    """One row per (plan, target, unit, period): what the scorers read, as arrays.

    ``plan``, ``target``, ``unit`` and ``period`` are codes into ``plans``, ``targets``, ``units`` and
    ``periods``; ``total`` and ``latest`` are micro-units; ``latest_date`` a proleptic ordinal.
    ``exact`` is False when some value could not be kept in micro-units (the scorer then falls back).
    """

    plans: Sequence[str]
    targets: Sequence[str]
    units: Sequence[str]
    periods: Sequence[Period]
    plan: Any
    target: Any
    unit: Any
    period: Any
    total: Any
    latest: Any
    latest_date: Any
    evidenced: Any
    exact: bool = True

    def __len__(self) -> int:
        return len(self.plan)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, Any, Decimal | int, Decimal, Any, bool]], *,
                  total_is_micro: bool = False) -> ObservationColumns:
        """Columns of (plan, target, unit, period, total, latest, latest date, evidenced) rows.

        ``period`` is a :class:`Period` or its id; the latest date a date, an ordinal or an ISO text;
        ``total`` is a Decimal, or already micro-units with ``total_is_micro`` (a store's ``SUM``).
        """
        plans, targets, units, periods = _Vocabulary(), _Vocabulary(), _Vocabulary(), _Vocabulary()
        micro: dict[Any, int | None] = {}
        days: dict[Any, int] = {}
        columns: list[list[int]] = [[], [], [], [], [], [], []]
        flags: list[bool] = []
        exact = True
        for plan_id, target, unit, period, total, latest, day, evidenced in rows:
            if total_is_micro:
                total_micro: int | None = int(total)
            else:
                total_micro = micro.get(total)
                if total_micro is None:
                    total_micro = micro[total] = micro_of(Decimal(total))
            latest_micro = micro.get(latest)
            if latest_micro is None:
                latest_micro = micro[latest] = micro_of(Decimal(latest))
            if total_micro is None or latest_micro is None:
                exact = False
                total_micro, latest_micro = total_micro or 0, latest_micro or 0
            ordinal = days.get(day)
            if ordinal is None:
                ordinal = days[day] = _ordinal(day)
            for column, value in zip(columns, (plans.code(plan_id), targets.code(target), units.code(unit),
                                               periods.code(period), total_micro, latest_micro, ordinal),
                                     strict=True):
                column.append(value)
            flags.append(bool(evidenced))
        period_list = [p if isinstance(p, Period) else Period.parse(str(p)) for p in periods.items_by_code()]
        return cls(plans=plans.items_by_code(), targets=targets.items_by_code(), units=units.items_by_code(),
                   periods=period_list, plan=np.array(columns[0], dtype=np.int32),
                   target=np.array(columns[1], dtype=np.int32), unit=np.array(columns[2], dtype=np.int32),
                   period=np.array(columns[3], dtype=np.int32), total=np.array(columns[4], dtype=np.int64),
                   latest=np.array(columns[5], dtype=np.int64), latest_date=np.array(columns[6], dtype=np.int32),
                   evidenced=np.array(flags, dtype=bool), exact=exact)

    @classmethod
    def of_source(cls, progress: Any, plan_ids: Iterable[str], *, until: pendulum.Date,
                  evidenced_only: bool) -> ObservationColumns:
        """The observations of ``plan_ids`` read from any :class:`~edu_plan.ProgressSource`, one plan at a time."""
        def rows() -> Iterable[tuple[str, str, str, Any, Decimal, Decimal, Any, bool]]:
            for plan_id in plan_ids:
                found = (progress.observations(plan_id, until=until, evidenced_only=True) if evidenced_only
                         else progress.observations(plan_id, until=until))
                for o in found:
                    yield plan_id, o.target, o.unit, o.period, o.total, o.latest, o.latest_date, o.evidenced
        return cls.from_rows(rows())


def _first_of_each(codes: Any, evidenced: Any) -> Any:
    """The rows to keep so that each distinct row is kept once (its first); None when every row is distinct."""
    size = codes.shape[1]
    if size == 0:
        return None
    spans = [int(c.max()) - int(c.min()) + 1 for c in codes]
    bits = sum(max(span - 1, 1).bit_length() for span in spans) + 1
    if bits <= 63:  # one packed key: a sort of integers
        packed = evidenced.astype(np.int64)
        for column, span in zip(codes, spans, strict=True):
            packed = packed * span + (column - column.min())
        _unique, first = np.unique(packed, return_index=True)
    else:
        _unique, first = np.unique(np.vstack([codes, evidenced[None, :]]).T, axis=0, return_index=True)
    return None if len(first) == size else np.sort(first)


def _ordinal(day: Any) -> int:
    if isinstance(day, int):
        return day
    if isinstance(day, str):
        return pendulum.Date.fromisoformat(day[:10]).toordinal()
    return int(day.toordinal())


@attrs.frozen(kw_only=True, eq=False)
class ProgressColumns:
    """Many plans' progress reports as arrays, and their events; a :class:`~edu_plan.ProgressSource`.

    Build it with :meth:`from_reports` (typed reports, or a :class:`~edu_plan.ProgressLog`) or
    :meth:`from_arrays` (columns you already have, e.g. from a data frame).  ``value_text`` keeps each
    report's value as given (the per-plan scorer sees the same ``Decimal``s); ``value`` is micro-units.
    """

    plans: Sequence[str]
    targets: Sequence[str]
    units: Sequence[str]
    periods: Sequence[Period]
    values: Sequence[Decimal]
    plan: Any
    target: Any
    unit: Any
    period: Any
    value: Any
    value_code: Any
    report_date: Any
    evidenced: Any
    counted: Any
    approved: Any
    events_of: Mapping[str, tuple[Event, ...]] = attrs.field(factory=dict)
    exact: bool = True
    _rows_of: dict[int, Any] = attrs.field(factory=dict, init=False, repr=False)

    def __len__(self) -> int:
        return len(self.plan)

    @classmethod
    def from_reports(cls, reports: Iterable[ProgressReport] | ProgressLog,
                     events: Iterable[Event] = ()) -> ProgressColumns:
        """Columns of typed reports (a log's reports and events when a :class:`ProgressLog` is given)."""
        if isinstance(reports, ProgressLog):
            events = (*reports.all_events, *events)
        else:  # two reports with the same content are one report, as in a log (the first one's status)
            reports = list({r.content: r for r in reversed(list(reports))}.values())[::-1]
        plans, targets, units, periods, values = (_Vocabulary(), _Vocabulary(), _Vocabulary(), _Vocabulary(),
                                                  _Vocabulary())
        days: dict[pendulum.Date, int] = {}
        codes: list[list[int]] = [[], [], [], [], [], []]
        flags: list[list[bool]] = [[], [], []]
        approved = ReviewStatus.APPROVED
        for r in reports:
            day = days.get(r.report_date)
            if day is None:
                day = days[r.report_date] = r.report_date.toordinal()
            for column, value in zip(codes, (plans.code(r.plan_id), targets.code(r.target), units.code(r.unit),
                                             periods.code(r.period), values.code(r.value), day), strict=True):
                column.append(value)
            flags[0].append(bool(r.evidence))
            flags[1].append(r.status in COUNTED_STATUSES)
            flags[2].append(r.status is approved)
        return cls._built(plans.items_by_code(), targets.items_by_code(), units.items_by_code(),
                          periods.items_by_code(), values.items_by_code(), codes, flags, events)

    @classmethod
    def from_arrays(cls, *, plan: Sequence[str], target: Sequence[str], unit: Sequence[str],
                    period: Sequence[Period | str], value: Sequence[Decimal | int | str],
                    report_date: Sequence[Any], evidenced: Sequence[bool],
                    counted: Sequence[bool] | None = None, approved: Sequence[bool] | None = None,
                    events: Iterable[Event] = ()) -> ProgressColumns:
        """Columns from equal-length sequences (texts, periods or their ids, values, dates or ordinals).

        Rows with the same content (all but ``counted`` and ``approved``) are one report, as in a
        :class:`ProgressLog`; the first row is kept.
        """
        size = len(plan)
        if not all(len(c) == size for c in (target, unit, period, value, report_date, evidenced)):
            raise ScoringError(_("progress columns must all have the same length"))
        vocabularies = [_Vocabulary() for _ in range(5)]
        codes: list[list[int]] = [[vocabularies[i].code(x) for x in column]
                                  for i, column in enumerate((plan, target, unit, period, value))]
        days: dict[Any, int] = {}
        codes.append([days[d] if d in days else days.setdefault(d, _ordinal(d)) for d in report_date])
        periods = [p if isinstance(p, Period) else Period.parse(str(p)) for p in vocabularies[3].items_by_code()]
        values = [v if isinstance(v, Decimal) else Decimal(v) for v in vocabularies[4].items_by_code()]
        flags = [list(map(bool, evidenced)), [True] * size if counted is None else list(map(bool, counted)),
                 [False] * size if approved is None else list(map(bool, approved))]
        # Rows with the same content (everything but the status) are one report, as in a log: the first is kept.
        kept = _first_of_each(np.array(codes, dtype=np.int64).reshape(6, size), np.asarray(flags[0], dtype=bool))
        if kept is not None:
            codes = [np.asarray(c)[kept] for c in codes]
            flags = [np.asarray(f)[kept] for f in flags]
        return cls._built(vocabularies[0].items_by_code(), vocabularies[1].items_by_code(),
                          vocabularies[2].items_by_code(), periods, values, codes, flags, events)

    @classmethod
    def _built(cls, plans: list[str], targets: list[str], units: list[str], periods: list[Period],
               values: list[Decimal], codes: list[list[int]], flags: list[list[bool]],
               events: Iterable[Event]) -> ProgressColumns:
        micro = [micro_of(v) for v in values]
        exact = all(m is not None for m in micro)
        value_code = np.array(codes[4], dtype=np.int32)
        by_plan: dict[str, list[Event]] = {}
        for event in events:
            by_plan.setdefault(event.plan_id, []).append(event)
        return cls(plans=plans, targets=targets, units=units, periods=periods, values=values,
                   plan=np.array(codes[0], dtype=np.int32), target=np.array(codes[1], dtype=np.int32),
                   unit=np.array(codes[2], dtype=np.int32), period=np.array(codes[3], dtype=np.int32),
                   value=np.array([m or 0 for m in micro], dtype=np.int64)[value_code] if values else
                   np.zeros(0, dtype=np.int64),
                   value_code=value_code, report_date=np.array(codes[5], dtype=np.int32),
                   evidenced=np.array(flags[0], dtype=bool), counted=np.array(flags[1], dtype=bool),
                   approved=np.array(flags[2], dtype=bool),
                   events_of={p: tuple(sorted(set(found), key=_event_sort_key)) for p, found in by_plan.items()},
                   exact=exact)

    # -- the aggregates, for every plan at once -----------------------------------------------

    def observation_columns(self, *, until: pendulum.Date | None = None,
                            evidenced_only: bool = False) -> ObservationColumns:
        """The observations of every plan, grouped by sorting: the same as :func:`edu_plan.progress.aggregate`.

        The latest value of a group is the last by report date; among one day's reports the larger value
        (so the order the rows came in never matters).
        """
        keep = self.counted.copy()
        if until is not None:
            keep &= self.report_date <= until.toordinal()
        if evidenced_only:
            keep &= self.evidenced
        rows = np.flatnonzero(keep)
        sizes = (len(self.targets), len(self.units), len(self.periods))
        key = ((self.plan[rows].astype(np.int64) * sizes[0] + self.target[rows]) * sizes[1]
               + self.unit[rows]) * sizes[2] + self.period[rows]
        value = self.value[rows]
        dates = self.report_date[rows]
        # One sort on a packed key (group, day, the value's rank) where it fits in 63 bits, else three keys.
        ranks = np.zeros(max(len(self.values), 1), dtype=np.int64)
        ranks[np.argsort(self.value_code_order())] = np.arange(len(self.values))
        first_day = int(dates.min()) if len(dates) else 0
        day_bits = max(int(dates.max()) - first_day, 1).bit_length() if len(dates) else 1
        rank_bits = max(len(self.values), 1).bit_length()
        key_bits = max(int(key.max()), 1).bit_length() if len(key) else 1
        if key_bits + day_bits + rank_bits <= 62:
            packed = (key << (day_bits + rank_bits)) | ((dates - first_day).astype(np.int64) << rank_bits) | \
                ranks[self.value_code[rows]]
            order = np.argsort(packed, kind="stable")
        else:
            order = np.lexsort((value, dates, key))
        key, value, dates = key[order], value[order], dates[order]
        if len(key) == 0:
            starts = np.zeros(0, dtype=np.intp)
        else:
            starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        ends = np.append(starts[1:], len(key)) - 1 if len(starts) else starts
        group = key[starts]
        period = group % sizes[2]
        rest = group // sizes[2]
        unit = rest % sizes[1]
        rest //= sizes[1]
        evidenced = self.evidenced[rows][order]
        return ObservationColumns(
            plans=self.plans, targets=self.targets, units=self.units, periods=self.periods,
            plan=(rest // sizes[0]).astype(np.int32), target=(rest % sizes[0]).astype(np.int32),
            unit=unit.astype(np.int32), period=period.astype(np.int32),
            total=np.add.reduceat(value, starts) if len(starts) else np.zeros(0, dtype=np.int64),
            latest=value[ends], latest_date=dates[ends],
            evidenced=np.logical_or.reduceat(evidenced, starts) if len(starts) else np.zeros(0, dtype=bool),
            exact=self.exact)

    def value_code_order(self) -> Any:
        """The value codes by value (ties, equal values written apart, by code)."""
        micro = np.array([micro_of(v) or 0 for v in self.values] or [0], dtype=np.int64)
        return np.argsort(micro[:len(self.values)], kind="stable")

    def subset(self, plan_ids: Collection[str]) -> ProgressColumns:
        """The columns of ``plan_ids`` only (what a worker process is sent)."""
        wanted = set(plan_ids)
        codes = np.array([i for i, p in enumerate(self.plans) if p in wanted], dtype=np.int32)
        rows = np.flatnonzero(np.isin(self.plan, codes))
        return attrs.evolve(self, plan=self.plan[rows], target=self.target[rows], unit=self.unit[rows],
                            period=self.period[rows], value=self.value[rows], value_code=self.value_code[rows],
                            report_date=self.report_date[rows], evidenced=self.evidenced[rows],
                            counted=self.counted[rows], approved=self.approved[rows],
                            events_of={p: e for p, e in self.events_of.items() if p in wanted})

    # -- the ProgressSource protocol, one plan at a time -----------------------------------------

    def _rows(self, plan_id: str) -> Any:
        try:
            code = list(self.plans).index(plan_id)
        except ValueError:
            return np.zeros(0, dtype=np.intp)
        if code not in self._rows_of:
            self._rows_of[code] = np.flatnonzero(self.plan == code)
        return self._rows_of[code]

    def observations(self, plan_id: str, *, until: pendulum.Date | None = None,
                     targets: Collection[str] | None = None, evidenced_only: bool = False) -> list[Observation]:
        """One plan's observations, summed exactly as a :class:`ProgressLog` sums them."""
        from edu_plan._progress import aggregate

        wanted = None if targets is None else frozenset(targets)
        reports = []
        for i in self._rows(plan_id):
            target = self.targets[self.target[i]]
            if wanted is not None and target not in wanted:
                continue
            day = pendulum.Date.fromordinal(int(self.report_date[i]))
            if until is not None and day > until:
                continue
            if evidenced_only and not self.evidenced[i]:
                continue
            status = (ReviewStatus.APPROVED if self.approved[i] else ReviewStatus.SUBMITTED) if self.counted[i] \
                else ReviewStatus.DRAFT
            reports.append(ProgressReport(plan_id=plan_id, target=target, unit=self.units[self.unit[i]],
                                          period=self.periods[self.period[i]],
                                          value=self.values[self.value_code[i]], report_date=day,
                                          evidence=("✓",) if self.evidenced[i] else (), status=status))
        return aggregate(reports)

    def events(self, plan_id: str, *, until: pendulum.Date | None = None) -> list[Event]:
        """One plan's events dated on or before ``until``, by date."""
        return [e for e in self.events_of.get(plan_id, ()) if until is None or e.date <= until]
