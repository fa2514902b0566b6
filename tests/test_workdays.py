"""China's official working-day calendar for rectification deadlines."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from edu_plan import add_working_days
from edu_plan.workdays import KNOWN_YEARS, CalendarError, default_work_calendar

Date = pendulum.Date


class TestOfficialCalendar:
    def test_known_years(self) -> None:
        """The shipped table covers the notices of 2023 to 2026."""
        assert (2023, 2024, 2025, 2026) == KNOWN_YEARS

    def test_national_day_and_make_up_days(self) -> None:
        """2024: 1–7 Oct off; Sunday 29 Sep and Saturday 12 Oct worked (调休上班)."""
        calendar = default_work_calendar()
        assert [True, False, False, True] == [calendar.is_working_day(d) for d in (
            Date(2024, 9, 29), Date(2024, 10, 1), Date(2024, 10, 7), Date(2024, 10, 12))]

    def test_worked_example_across_the_national_day(self) -> None:
        """5 working days after Fri 27 Sep 2024: Sun 29 Sep, Mon 30 Sep, (1–7 Oct off), Tue 8, Wed 9, Thu 10 Oct."""
        assert Date(2024, 10, 10) == add_working_days(Date(2024, 9, 27), 5)

    def test_worked_example_across_the_spring_festival(self) -> None:
        """3 working days after Fri 7 Feb 2025: Sat 8 Feb is a make-up day (1), Mon 10 (2), Tue 11 (3)."""
        assert Date(2025, 2, 11) == add_working_days(Date(2025, 2, 7), 3)

    def test_agrees_with_chinesecalendar_where_both_know(self) -> None:
        """Every day of 2023–2026 is a working day for us exactly when it is for the chinesecalendar package."""
        import datetime as dt

        chinese_calendar = pytest.importorskip("chinese_calendar")
        calendar = default_work_calendar()
        day = Date(2023, 1, 1)
        while day <= Date(2026, 12, 31):
            theirs = chinese_calendar.is_workday(dt.date(day.year, day.month, day.day))
            assert theirs == calendar.is_working_day(day), day
            day = day.add(days=1)

    def test_an_unknown_year_is_an_error_not_a_guess(self) -> None:
        """Counting into 2027 without its notice raises CalendarError saying how to add the year."""
        with pytest.raises(CalendarError, match=r"calendar of 2027 is not known \(known: 2023, 2024, 2025, 2026\).*"
                                                r"WorkCalendar.with_file"):
            add_working_days(Date(2026, 12, 30), 5)


class TestUserYears:
    def test_a_year_added_from_a_file(self, tmp_path: Path) -> None:
        """A TOML file adds 2027: with 1–3 Jan off, 3 working days after 31 Dec 2026 is Wed 6 Jan 2027."""
        path = tmp_path / "2027.toml"
        path.write_text('[2027]\nnotice = "示例：非真实通知"\nholidays = ["2027-01-01..2027-01-03"]\nworkdays = []\n',
                        encoding="utf-8")
        calendar = default_work_calendar().with_file(path)
        assert Date(2027, 1, 6) == calendar.add_working_days(Date(2026, 12, 31), 3)

    def test_a_day_both_off_and_worked_is_refused(self, tmp_path: Path) -> None:
        """A file listing one day as holiday and working day is a CalendarError naming the day."""
        path = tmp_path / "bad.toml"
        path.write_text('[2027]\nholidays = ["2027-02-06"]\nworkdays = ["2027-02-06"]\n', encoding="utf-8")
        with pytest.raises(CalendarError, match="2027-02-06 is listed both as a holiday and as a working day"):
            default_work_calendar().with_file(path)

    def test_a_day_of_another_year_is_refused(self, tmp_path: Path) -> None:
        """[2027] listing a day of 2028 is refused."""
        path = tmp_path / "bad.toml"
        path.write_text('[2027]\nholidays = ["2028-01-01"]\n', encoding="utf-8")
        with pytest.raises(CalendarError, match=r"\[2027\] lists 2028-01-01, which is not in 2027"):
            default_work_calendar().with_file(path)
