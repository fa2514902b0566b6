"""Reporting periods (year, quarter, month, school year, semester) and recurrences.

Identifiers, parsed and printed both ways: ``2024`` · ``2024Q3`` · ``2024-03`` · ``2024-2025`` (school
year) · ``2024-2025-1`` (autumn semester) · ``2024-2025-2`` (spring semester).  Where a
school year or semester starts is a :class:`SchoolCalendar` setting, not a constant.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator

import attrs
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan._i18n import lazy as N_  # noqa: N812 - the gettext convention
from edu_plan.errors import PeriodError

__all__ = [
    "DEFAULT_CALENDAR",
    "Period",
    "PeriodKind",
    "Recurrence",
    "SchoolCalendar",
]


class PeriodKind(str, enum.Enum):
    """The kinds of reporting period."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    SCHOOL_YEAR = "school_year"
    SEMESTER = "semester"

    @property
    def label(self) -> str:
        """The Chinese word for this kind of period."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    PeriodKind.YEAR: "年",
    PeriodKind.QUARTER: "季度",
    PeriodKind.MONTH: "月",
    PeriodKind.SCHOOL_YEAR: "学年",
    PeriodKind.SEMESTER: "学期",
}


def _month_day(value: tuple[int, int]) -> tuple[int, int]:
    month, day = value
    if not 1 <= month <= 12 or not 1 <= day <= 28:
        raise PeriodError(_("a calendar boundary must be (month 1–12, day 1–28) (got {value!r})").format(value=value))
    return (month, day)


@attrs.frozen(kw_only=True)
class SchoolCalendar:
    """Where the school year and its two semesters begin.

    Chinese defaults: the school year runs from 1 September to 31 August; the first
    (autumn) semester ends before 1 February, when the second (spring) semester begins.
    The two semesters tile the school year, so every day belongs to exactly one semester.
    """

    school_year_start: tuple[int, int] = attrs.field(default=(9, 1), converter=_month_day)
    second_semester_start: tuple[int, int] = attrs.field(default=(2, 1), converter=_month_day)


DEFAULT_CALENDAR = SchoolCalendar()

_PATTERNS: tuple[tuple[re.Pattern[str], PeriodKind], ...] = (
    (re.compile(r"(\d{4})"), PeriodKind.YEAR),
    (re.compile(r"(\d{4})Q(\d)"), PeriodKind.QUARTER),
    (re.compile(r"(\d{4})-(\d{2})"), PeriodKind.MONTH),
    (re.compile(r"(\d{4})-(\d{4})"), PeriodKind.SCHOOL_YEAR),
    (re.compile(r"(\d{4})-(\d{4})-(\d)"), PeriodKind.SEMESTER),
)

_FORMS = N_("2024, 2024Q3, 2024-03, 2024-2025 (school year) or 2024-2025-1 (semester)")

_INDEX_RANGE = {
    PeriodKind.YEAR: (0, 0),
    PeriodKind.SCHOOL_YEAR: (0, 0),
    PeriodKind.QUARTER: (1, 4),
    PeriodKind.MONTH: (1, 12),
    PeriodKind.SEMESTER: (1, 2),
}


@attrs.frozen(kw_only=True, order=False, cache_hash=True)  # hashed for every report of a bulk load
class Period:
    """One reporting period.

    ``year`` is the calendar year, or for a school year and its semesters the year it
    starts in (``2024`` for ``2024-2025``).  ``index`` is the quarter (1–4), month
    (1–12) or semester (1–2), and 0 for a year or school year.  Build one with
    :meth:`parse` or the named constructors; ``str(period)`` gives the identifier back.
    """

    kind: PeriodKind = attrs.field(converter=PeriodKind)
    year: int = attrs.field(validator=attrs.validators.and_(attrs.validators.ge(1900), attrs.validators.le(9998)))
    index: int = attrs.field(default=0)

    @index.validator
    def _check_index(self, _attribute: attrs.Attribute[int], value: int) -> None:
        low, high = _INDEX_RANGE[self.kind]
        if not low <= value <= high:
            # {kind} is the kind's id (quarter, month…), {label} its Chinese word (季度, 月…): each catalog picks one.
            raise PeriodError(_("'index' of a {kind} must be in {low}..{high} (got {value})").format(
                                  kind=self.kind.value, label=self.kind.label, low=low, high=high, value=value))

    # -- construction -------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse an identifier such as ``2024Q3`` or ``2024-2025-1``."""
        if isinstance(text, Period):
            return text
        if not isinstance(text, str):
            raise PeriodError(_("a period must be a string such as {forms} (got {text!r})").format(
                                  forms=_FORMS, text=text))
        stripped = text.strip()
        for pattern, kind in _PATTERNS:
            match = pattern.fullmatch(stripped)
            if match is None:
                continue
            numbers = [int(g) for g in match.groups()]
            if kind in (PeriodKind.SCHOOL_YEAR, PeriodKind.SEMESTER) and numbers[1] != numbers[0] + 1:
                raise PeriodError(
                    _("{text!r} is not a school year: the second year must follow the first (write "
                      "{year}-{next})").format(text=text, year=numbers[0], next=numbers[0] + 1)
                )
            index = 0
            if kind is PeriodKind.SEMESTER:
                index = numbers[2]
            elif kind in (PeriodKind.QUARTER, PeriodKind.MONTH):
                index = numbers[1]
            try:
                return cls(kind=kind, year=numbers[0], index=index)
            except (PeriodError, ValueError) as exc:
                raise PeriodError(_("{text!r} is not a period: {reason}").format(text=text, reason=exc)) from None
        raise PeriodError(_("{text!r} is not a period; write {forms}").format(text=text, forms=_FORMS))

    @classmethod
    def year_of(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls(kind=PeriodKind.YEAR, year=year)

    @classmethod
    def containing(
        cls, kind: PeriodKind, day: pendulum.Date, calendar: SchoolCalendar = DEFAULT_CALENDAR
    ) -> Period:
        """The period of ``kind`` that contains ``day``."""
        kind = PeriodKind(kind)
        if kind is PeriodKind.YEAR:
            return cls(kind=kind, year=day.year)
        if kind is PeriodKind.QUARTER:
            return cls(kind=kind, year=day.year, index=(day.month - 1) // 3 + 1)
        if kind is PeriodKind.MONTH:
            return cls(kind=kind, year=day.year, index=day.month)
        start_year = day.year if (day.month, day.day) >= calendar.school_year_start else day.year - 1
        if kind is PeriodKind.SCHOOL_YEAR:
            return cls(kind=kind, year=start_year)
        second = pendulum.Date(start_year + 1, *calendar.second_semester_start)
        return cls(kind=kind, year=start_year, index=2 if day >= second else 1)

    # -- dates ----------------------------------------------------------------------

    def span(self, calendar: SchoolCalendar = DEFAULT_CALENDAR) -> tuple[pendulum.Date, pendulum.Date]:
        """First and last day of the period, both included."""
        return _span(self.kind, self.year, self.index, calendar)

    @property
    def start(self) -> pendulum.Date:
        """First day (default school calendar)."""
        return self.span()[0]

    @property
    def end(self) -> pendulum.Date:
        """Last day, included (default school calendar)."""
        return self.span()[1]

    def contains(self, other: pendulum.Date | Period, calendar: SchoolCalendar = DEFAULT_CALENDAR) -> bool:
        """Whether a day, or the whole of another period, lies inside this period."""
        first, last = self.span(calendar)
        if isinstance(other, Period):
            other_first, other_last = other.span(calendar)
            return first <= other_first and other_last <= last
        return first <= other <= last

    def __contains__(self, other: object) -> bool:
        if isinstance(other, (Period, pendulum.Date)):
            return self.contains(other)
        return False

    # -- order and iteration ---------------------------------------------------------

    @property
    def sort_key(self) -> tuple[pendulum.Date, pendulum.Date, str]:
        """Orders periods by start, then end, then kind: a stable total order."""
        first, last = self.span()
        return (first, last, self.kind.value)

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def next(self) -> Period:
        """The period of the same kind that follows this one."""
        kind, year, index = self.kind, self.year, self.index
        if kind in (PeriodKind.YEAR, PeriodKind.SCHOOL_YEAR):
            return Period(kind=kind, year=year + 1)
        last = _INDEX_RANGE[kind][1]
        if index == last:
            return Period(kind=kind, year=year + 1, index=1)
        return Period(kind=kind, year=year, index=index + 1)

    @classmethod
    def between(
        cls,
        kind: PeriodKind,
        first: pendulum.Date,
        last: pendulum.Date,
        *,
        calendar: SchoolCalendar = DEFAULT_CALENDAR,
        whole: bool = False,
    ) -> Iterator[Period]:
        """Every period of ``kind`` that overlaps ``first``..``last`` (both included).

        With ``whole=True`` only the periods lying entirely inside the window.
        """
        if last < first:
            raise PeriodError(_("a window must not end before it starts (got {first} .. {last})").format(
                                  first=first, last=last))
        period = cls.containing(kind, first, calendar)
        while True:
            start, end = period.span(calendar)
            if start > last:
                return
            if not whole or (first <= start and end <= last):
                yield period
            period = period.next()

    def __str__(self) -> str:
        kind, year, index = self.kind, self.year, self.index
        if kind is PeriodKind.YEAR:
            return f"{year}"
        if kind is PeriodKind.QUARTER:
            return f"{year}Q{index}"
        if kind is PeriodKind.MONTH:
            return f"{year}-{index:02d}"
        if kind is PeriodKind.SCHOOL_YEAR:
            return f"{year}-{year + 1}"
        return f"{year}-{year + 1}-{index}"

    def __repr__(self) -> str:
        return f"Period.parse({str(self)!r})"


# Spans are asked for on every comparison and sort of periods; periods and calendars are
# immutable, so each distinct span is computed once.
@functools.lru_cache(maxsize=4096)
def _span(
    kind: PeriodKind, year: int, index: int, calendar: SchoolCalendar
) -> tuple[pendulum.Date, pendulum.Date]:
    if kind is PeriodKind.YEAR:
        return pendulum.Date(year, 1, 1), pendulum.Date(year, 12, 31)
    if kind is PeriodKind.QUARTER:
        first = pendulum.Date(year, 3 * index - 2, 1)
        return first, pendulum.Date(year, 3 * index, 1).end_of("month")
    if kind is PeriodKind.MONTH:
        first = pendulum.Date(year, index, 1)
        return first, first.end_of("month")
    year_start = pendulum.Date(year, *calendar.school_year_start)
    year_end = pendulum.Date(year + 1, *calendar.school_year_start).subtract(days=1)
    if kind is PeriodKind.SCHOOL_YEAR:
        return year_start, year_end
    second = pendulum.Date(year + 1, *calendar.second_semester_start)
    if index == 1:
        return year_start, second.subtract(days=1)
    return second, year_end


@attrs.frozen(kw_only=True)
class Recurrence:
    """How often a recurring target is due: every ``interval`` periods of kind ``every``.

    每学期 is ``Recurrence(every=SEMESTER)``; 每3年 is ``Recurrence(every=YEAR, interval=3)``;
    5年一周期 is ``Recurrence(every=YEAR, interval=5)``.  Cycles of several periods are
    counted from ``anchor``, the first period of the first cycle (by default the one
    containing the start of the window asked about).
    """

    every: PeriodKind = attrs.field(converter=PeriodKind)
    interval: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    anchor: Period | None = None

    def cycles(
        self,
        first: pendulum.Date,
        last: pendulum.Date,
        *,
        calendar: SchoolCalendar = DEFAULT_CALENDAR,
    ) -> Iterator[tuple[Period, ...]]:
        """The cycles (each a tuple of ``interval`` consecutive periods) overlapping the window."""
        start = self.anchor if self.anchor is not None else Period.containing(self.every, first, calendar)
        if start.kind is not self.every:
            raise PeriodError(_("'anchor' must be a {kind} (got {start})").format(
                                  kind=self.every.value, label=self.every.label, start=start))
        cycle: list[Period] = []
        period = start
        while period.span(calendar)[0] <= last:
            cycle.append(period)
            if len(cycle) == self.interval:
                if cycle[-1].span(calendar)[1] >= first:
                    yield tuple(cycle)
                cycle = []
            period = period.next()
        if cycle:
            yield tuple(cycle)

    def describe(self) -> str:
        """The recurrence in the plan's own words (每学期, 每3年)."""
        label = self.every.label
        if self.interval == 1:
            return f"每{label}"
        return f"每{self.interval}{label}"
