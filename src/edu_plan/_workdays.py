"""Working days on China's official calendar, for rectification deadlines (限期整改).

Each year the General Office of the State Council publishes a notice of the public
holidays and of the weekend days worked to make up for them (调休上班).  We ship that
table for the years we support (:data:`KNOWN_YEARS`); a year not in it is a clear
:class:`CalendarError`, never a guess, and a user adds a year from a TOML file once its
notice is out::

    [2027]
    notice = "国务院办公厅关于2027年部分节假日安排的通知"
    holidays = ["2027-01-01", "2027-02-05..2027-02-11"]   # days off (ranges are inclusive)
    workdays = ["2027-02-13"]                             # weekend days worked
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pendulum

from edu_plan._i18n import gettext as _
from edu_plan.errors import CalendarError, EduPlanError

__all__ = [
    "KNOWN_YEARS",
    "CalendarError",
    "OfficialYear",
    "WorkCalendar",
    "add_working_days",
    "default_work_calendar",
]


def _days(spec: str) -> list[pendulum.Date]:
    first_text, _sep, last_text = spec.partition("..")
    first = _date(first_text)
    last = _date(last_text) if last_text else first
    if last < first:
        raise CalendarError(_("a range of days must not end before it starts (got {spec!r})").format(spec=spec))
    return [first.add(days=i) for i in range((last - first).days + 1)]


def _date(text: str) -> pendulum.Date:
    try:
        year, month, day = (int(part) for part in text.strip().split("-"))
        return pendulum.Date(year, month, day)
    except ValueError:
        raise CalendarError(_("expected a date such as 2027-02-05 (got {text!r})").format(text=text)) from None


@attrs.frozen(kw_only=True)
class OfficialYear:
    """One year's notice: the days off and the weekend days worked."""

    year: int
    notice: str
    holidays: frozenset[pendulum.Date]
    workdays: frozenset[pendulum.Date]

    @classmethod
    def from_specs(cls, year: int, notice: str, holidays: Iterable[str], workdays: Iterable[str]) -> OfficialYear:
        """Build a year from day specs (``2027-02-05`` or ``2027-02-05..2027-02-11``)."""
        off = frozenset(d for spec in holidays for d in _days(spec))
        on = frozenset(d for spec in workdays for d in _days(spec))
        clash = sorted(off & on)
        if clash:
            raise CalendarError(_("{year}: {clash} is listed both as a holiday and as a working day").format(
                                    year=year, clash=clash[0]))
        return cls(year=year, notice=notice, holidays=off, workdays=on)


# The State Council notices (国务院办公厅关于XXXX年部分节假日安排的通知), transcribed day by day.
_OFFICIAL: dict[int, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    2023: (
        "国务院办公厅关于2023年部分节假日安排的通知",
        ("2023-01-01..2023-01-02", "2023-01-21..2023-01-27", "2023-04-05", "2023-04-29..2023-05-03",
         "2023-06-22..2023-06-24", "2023-09-29..2023-10-06", "2023-12-30..2023-12-31"),
        ("2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"),
    ),
    2024: (
        "国务院办公厅关于2024年部分节假日安排的通知",
        ("2024-01-01", "2024-02-10..2024-02-17", "2024-04-04..2024-04-06", "2024-05-01..2024-05-05",
         "2024-06-10", "2024-09-15..2024-09-17", "2024-10-01..2024-10-07"),
        ("2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
         "2024-10-12"),
    ),
    2025: (
        "国务院办公厅关于2025年部分节假日安排的通知",
        ("2025-01-01", "2025-01-28..2025-02-04", "2025-04-04..2025-04-06", "2025-05-01..2025-05-05",
         "2025-05-31..2025-06-02", "2025-10-01..2025-10-08"),
        ("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"),
    ),
    2026: (
        "国务院办公厅关于2026年部分节假日安排的通知",
        ("2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06", "2026-05-01..2026-05-05",
         "2026-06-19..2026-06-21", "2026-09-25..2026-09-27", "2026-10-01..2026-10-07"),
        ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
    ),
}

KNOWN_YEARS: tuple[int, ...] = tuple(sorted(_OFFICIAL))
"""The years whose official notice ships with edu_plan."""


@attrs.frozen
class WorkCalendar:
    """Which days are working days, for the years it knows."""

    years: Mapping[int, OfficialYear]

    def year(self, year: int) -> OfficialYear:
        """The notice of ``year``, or a :class:`CalendarError` saying how to add it."""
        try:
            return self.years[year]
        except KeyError:
            known = ", ".join(str(y) for y in sorted(self.years))
            raise CalendarError(
                _("the official holiday calendar of {year} is not known (known: {known}); add it from the State "
                  "Council's notice with WorkCalendar.with_file(path) (docs/how-to/score-a-year.md shows "
                  "the file)").format(
                    year=year, known=known)
            ) from None

    def is_working_day(self, day: pendulum.Date) -> bool:
        """Whether ``day`` is worked: a weekday that is not a holiday, or a make-up weekend day."""
        official = self.year(day.year)
        if day in official.workdays:
            return True
        if day in official.holidays:
            return False
        return day.isoweekday() < 6

    def add_working_days(self, start: pendulum.Date, days: int) -> pendulum.Date:
        """The day that is ``days`` working days after ``start`` (``start`` itself not counted)."""
        if days < 0:
            raise CalendarError(_("'days' must be >= 0 (got {days})").format(days=days))
        day = start
        left = days
        while left:
            day = day.add(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, first: pendulum.Date, last: pendulum.Date) -> int:
        """How many working days lie after ``first`` up to and including ``last``."""
        count = 0
        day = first
        while day < last:
            day = day.add(days=1)
            count += self.is_working_day(day)
        return count

    def with_years(self, years: Iterable[OfficialYear]) -> WorkCalendar:
        """A calendar that also knows ``years`` (a given year replaces the shipped one)."""
        merged = dict(self.years)
        merged.update({y.year: y for y in years})
        return WorkCalendar(merged)

    def with_file(self, path: str | Path) -> WorkCalendar:
        """A calendar that also knows the years in a TOML file (see the module doc)."""
        from edu_plan import serialization  # the one module that reads wire formats; loaded when needed
        from edu_plan._reading import read_text

        try:
            text = read_text(Path(path))
            data = serialization.loads(text, "toml", source=str(path))
        except EduPlanError as exc:
            raise CalendarError(str(exc)) from None
        return self.with_years(_read_years(data, str(path)))


def _read_years(data: Mapping[str, Any], source: str) -> list[OfficialYear]:
    years = []
    for key, table in data.items():
        if not key.isdigit() or not isinstance(table, Mapping):
            raise CalendarError(_("{source}: [{key}] must be a year table such as [2027] (got {key!r})").format(
                                    source=source, key=key))
        year = int(key)
        holidays = table.get("holidays", [])
        workdays = table.get("workdays", [])
        if not isinstance(holidays, list) or not isinstance(workdays, list):
            raise CalendarError(_("{source}: [{key}] 'holidays' and 'workdays' must be lists of dates").format(
                                    source=source, key=key))
        official = OfficialYear.from_specs(year, str(table.get("notice", "")), map(str, holidays), map(str, workdays))
        stray = sorted(d for d in official.holidays | official.workdays if d.year != year)
        if stray:
            raise CalendarError(_("{source}: [{key}] lists {stray}, which is not in {year}").format(
                                    source=source, key=key, stray=stray[0], year=year))
        years.append(official)
    return years


@functools.cache
def default_work_calendar() -> WorkCalendar:
    """The shipped calendar of :data:`KNOWN_YEARS` (built once, on first use)."""
    return WorkCalendar({y: OfficialYear.from_specs(y, *spec) for y, spec in _OFFICIAL.items()})


def add_working_days(start: pendulum.Date, days: int, calendar: WorkCalendar | None = None) -> pendulum.Date:
    """``days`` working days after ``start`` on China's official calendar (or ``calendar``)."""
    return (calendar or default_work_calendar()).add_working_days(start, days)
