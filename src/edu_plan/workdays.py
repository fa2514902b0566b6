"""Working days on China's official holiday calendar (public face of :mod:`edu_plan._workdays`)."""

from edu_plan._workdays import (
    KNOWN_YEARS,
    CalendarError,
    OfficialYear,
    WorkCalendar,
    add_working_days,
    default_work_calendar,
)

__all__ = ["KNOWN_YEARS", "CalendarError", "OfficialYear", "WorkCalendar", "add_working_days", "default_work_calendar"]
