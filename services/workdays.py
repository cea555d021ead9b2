"""China's working-day calendar: statutory holidays and make-up working days (调休).

The State Council publishes each year's schedule late in the previous year; the pinned
`chinesecalendar` package knows the years up to its release. Outside those years we cannot tell
a holiday from a working day, so every function here raises `CalendarNotCovered` instead of
guessing.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from chinese_calendar import constants
from django.utils.translation import gettext as _

from core.errors import DomainError

FIRST_YEAR = min(constants.holidays).year
LAST_YEAR = max(max(constants.holidays), max(constants.workdays)).year


class CalendarNotCovered(DomainError):
    default_code = "calendar_not_covered"


def _check(day: date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarNotCovered(
            _(
                "The working-day calendar covers %(first)s to %(last)s only; %(day)s is outside it. "
                "Choose a date instead, or ask the administrator to update the holiday calendar."
            )
            % {"first": FIRST_YEAR, "last": LAST_YEAR, "day": day.isoformat()},
            fields={"deadline": _("Outside the years the working-day calendar covers.")},
        )


def is_working_day(day: date) -> bool:
    _check(day)
    return chinese_calendar.is_workday(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (`start` itself does not count); n=0 gives `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    _check(start)
    _check(end)
    return len(chinese_calendar.get_workdays(start + timedelta(days=1), end)) if end > start else 0


def subtract_working_days(end: date, n: int) -> date:
    """The working day n working days before `end` (the day a reminder is due)."""
    day = end
    while n > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day
