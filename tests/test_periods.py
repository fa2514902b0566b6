"""Periods parse and print both ways, tile time without gaps, and iterate over windows."""

from __future__ import annotations

import itertools

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import dates, periods

from edu_plan import DEFAULT_CALENDAR, Period, PeriodKind, Recurrence, SchoolCalendar
from edu_plan.errors import PeriodError


class TestIdentifiers:
    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("2024", (2024, 1, 1), (2024, 12, 31)),
            ("2024Q3", (2024, 7, 1), (2024, 9, 30)),
            ("2024-02", (2024, 2, 1), (2024, 2, 29)),
            ("2024-2025", (2024, 9, 1), (2025, 8, 31)),
            ("2024-2025-1", (2024, 9, 1), (2025, 1, 31)),
            ("2024-2025-2", (2025, 2, 1), (2025, 8, 31)),
        ],
    )
    def test_spans(self, text: str, start: tuple[int, int, int], end: tuple[int, int, int]) -> None:
        """Each identifier form covers the days its identifier form names (leap February included)."""
        period = Period.parse(text)
        assert (pendulum.Date(*start), pendulum.Date(*end)) == period.span()

    @given(period=periods())
    def test_parse_format_round_trip(self, period: Period) -> None:
        """Printing a period and parsing the text gives the same period."""
        assert period == Period.parse(str(period))

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("2024Q5", "'index' of a quarter must be in 1..4"),
            ("2024-13", "'index' of a month must be in 1..12"),
            ("2024-2026", "the second year must follow the first (write 2024-2025)"),
            ("2024-2025-3", "'index' of a semester must be in 1..2"),
            ("明年", "write 2024, 2024Q3, 2024-03, 2024-2025"),
        ],
    )
    def test_bad_identifiers(self, text: str, message: str) -> None:
        """A bad identifier is refused with what is wrong and the forms that are accepted."""
        with pytest.raises(PeriodError, match=message.replace("(", r"\(").replace(")", r"\)")):
            Period.parse(text)

    def test_calendar_is_a_setting(self) -> None:
        """A calendar with other semester boundaries moves the semesters, not the identifiers."""
        calendar = SchoolCalendar(school_year_start=(8, 25), second_semester_start=(2, 20))
        assert (pendulum.Date(2025, 2, 20), pendulum.Date(2025, 8, 24)) == Period.parse("2024-2025-2").span(calendar)


class TestTiling:
    @given(day=dates, kind=st.sampled_from(list(PeriodKind)))
    def test_every_day_has_exactly_one_period_of_each_kind(self, day: pendulum.Date, kind: PeriodKind) -> None:
        """The period containing a day contains it, and its neighbours do not."""
        period = Period.containing(kind, day)
        assert period.contains(day)
        assert not period.next().contains(day)
        assert period.span()[1].add(days=1) == period.next().span()[0]

    @given(period=periods(st.just(PeriodKind.SEMESTER)))
    def test_semesters_tile_the_school_year(self, period: Period) -> None:
        """The two semesters of a school year lie inside it and together cover it."""
        school_year = Period.containing(PeriodKind.SCHOOL_YEAR, period.start)
        assert school_year.contains(period)
        first = Period(kind="semester", year=period.year, index=1)
        second = Period(kind="semester", year=period.year, index=2)
        assert (first.start, second.end) == school_year.span()

    @given(first=dates, length=st.integers(0, 800), kind=st.sampled_from(list(PeriodKind)))
    def test_between_covers_the_window_in_order(self, first: pendulum.Date, length: int, kind: PeriodKind) -> None:
        """between() yields consecutive periods, in order, that together cover the window."""
        last = first.add(days=length)
        found = list(Period.between(kind, first, last))
        assert found == sorted(found)
        assert found[0].contains(first)
        assert found[-1].contains(last)
        for a, b in itertools.pairwise(found):
            assert a.next() == b

    def test_whole_periods_only(self) -> None:
        """With whole=True, a window from March to December 2023 holds quarters 2–4 only."""
        found = Period.between(PeriodKind.QUARTER, pendulum.Date(2023, 3, 20), pendulum.Date(2023, 12, 31), whole=True)
        assert [str(p) for p in found] == ["2023Q2", "2023Q3", "2023Q4"]

    def test_containment_of_periods(self) -> None:
        """A year contains its quarters; a calendar year does not contain a school year."""
        assert Period.parse("2024Q2") in Period.parse("2024")
        assert Period.parse("2024-2025") not in Period.parse("2024")
        assert pendulum.Date(2024, 9, 1) in Period.parse("2024-2025-1")

    def test_a_period_contains_its_first_and_last_days(self) -> None:
        """2024 runs from 1 January to 31 December, both included; 31 December 2023 and 1 January 2025 are out."""
        year = Period.parse("2024")
        inside = [pendulum.Date(2024, 1, 1), pendulum.Date(2024, 12, 31)]
        outside = [pendulum.Date(2023, 12, 31), pendulum.Date(2025, 1, 1)]
        assert [True, True, False, False] == [year.contains(d) for d in inside + outside]


class TestRecurrence:
    def test_every_three_years(self) -> None:
        """每3年 over 2023–2027 from 2023: cycles 2023–2025 and 2026–2028 (the last one still open)."""
        cycles = Recurrence(every="year", interval=3).cycles(pendulum.Date(2023, 3, 20), pendulum.Date(2027, 12, 31))
        assert [tuple(map(str, c)) for c in cycles] == [("2023", "2024", "2025"), ("2026", "2027")]

    def test_every_semester(self) -> None:
        """每学期 over the plan's first two school years gives each semester as its own cycle."""
        cycles = Recurrence(every="semester").cycles(pendulum.Date(2023, 3, 20), pendulum.Date(2024, 8, 31))
        assert [str(c[0]) for c in cycles] == ["2022-2023-2", "2023-2024-1", "2023-2024-2"]

    def test_describe(self) -> None:
        """A recurrence is described in the plan's words."""
        assert Recurrence(every="semester").describe() == "每学期"
        assert Recurrence(every="year", interval=3).describe() == "每3年"

    def test_default_calendar_is_shared(self) -> None:
        """The default calendar is the Chinese one: the school year starts on 1 September."""
        assert DEFAULT_CALENDAR.school_year_start == (9, 1)
